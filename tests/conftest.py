"""Options for every test under tests/: `--fault NAME` (models/pytest_faults.py)."""
from models.pytest_faults import (pytest_addoption, pytest_configure,  # noqa: F401
                                  pytest_report_header)
