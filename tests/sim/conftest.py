"""tests/sim: the address width is a pytest axis.

``--addr-width N`` (repeatable, also "29,30" or "29 30") replaces bench.widths.DEFAULT_WIDTHS
for the run. The results directory of the device bench (build/sim/results) is emptied once per
session (by the xdist controller) so that `tools/sim_summary.py` tabulates this run only.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
for p in (str(ROOT), str(Path(__file__).resolve().parent)):
    if p not in sys.path:
        sys.path.insert(0, p)

from bench.widths import DEFAULT_WIDTHS, parse_widths  # noqa: E402


def pytest_addoption(parser):
    parser.addoption("--addr-width", action="append", default=[], metavar="N",
                     help="device address width(s) to simulate (repeatable; replaces the "
                          f"default list {','.join(map(str, DEFAULT_WIDTHS))})")


def selected_widths(config) -> list[int]:
    given = config.getoption("addr_width", default=None) or []
    return parse_widths(given) or list(DEFAULT_WIDTHS)


def pytest_generate_tests(metafunc):
    if "addr_width" in metafunc.fixturenames:
        widths = selected_widths(metafunc.config)
        metafunc.parametrize("addr_width", widths, ids=[f"w{w}" for w in widths])


def pytest_sessionstart(session):
    if hasattr(session.config, "workerinput"):
        return  # an xdist worker: the controller already did it
    from bench.sim_runner import RESULTS

    shutil.rmtree(RESULTS, ignore_errors=True)
