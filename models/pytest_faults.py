"""pytest support for the fault catalogue: the `--fault NAME` option.

`--fault` (repeatable, comma-separated allowed) switches the named faults on for the whole
session: `models.faults.ACTIVE` is set at configure time (in every xdist worker) and
`MASKDMA_FAULT` is exported so simulator processes started by the tests inherit it. An unknown
name stops the run with a usage error listing the catalogue. tests/conftest.py registers it.
"""
from __future__ import annotations

import os

import pytest

from . import faults


def pytest_addoption(parser) -> None:
    try:
        parser.addoption("--fault", action="append", default=[], metavar="NAME",
                         help="switch on a fault of the catalogue (models/faults.py, `make "
                              "faults`) for the whole run; repeatable, 'A,B' allowed")
    except ValueError:  # registered twice (plugin and conftest both loaded)
        pass


def pytest_configure(config) -> None:
    given = config.getoption("fault", default=None) or []
    if not given:
        return
    try:
        names = faults.parse(given)
    except ValueError as e:
        raise pytest.UsageError(f"--fault: {e}") from None
    faults.set_active(names)
    os.environ[faults.ENV_VAR] = ",".join(sorted(names))


def pytest_report_header(config) -> str:
    return f"maskdma faults active: {', '.join(sorted(faults.ACTIVE)) or 'none'}"
