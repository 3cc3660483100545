"""tests/sim: the address width is a pytest axis.

``--addr-width N`` (repeatable, also "29,30" or "29 30") replaces bench.widths.DEFAULT_WIDTHS
for the run. The results directory of the device bench (build/sim/results) is emptied once per
session (by the xdist controller) so that `tools/sim_summary.py` tabulates this run only.
"""

from __future__ import annotations

import shutil
import sys
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# The repository root comes first so that `bench` is always this repository's package.
for p in (str(Path(__file__).resolve().parent), str(ROOT)):
    while p in sys.path:
        sys.path.remove(p)
    sys.path.insert(0, p)

from bench.pytest_plugin import add_addr_width_option, selected_widths  # noqa: E402


def pytest_addoption(parser):
    add_addr_width_option(parser)


def pytest_generate_tests(metafunc):
    if "addr_width" in metafunc.fixturenames:
        # With `--dist loadgroup` (make sim) a width's tests stay on one xdist worker; with other
        # modes the group still runs once (bench.sim_runner.run_shared holds a lock).
        widths = selected_widths(metafunc.config)
        metafunc.parametrize("addr_width", [
            pytest.param(w, id=f"w{w}", marks=pytest.mark.xdist_group(f"sim-w{w}"))
            for w in widths])


def pytest_configure(config):
    # One id per pytest run, shared by xdist workers (their testrun_uid), used to know whether a
    # width's simulator group already ran in this session.
    config.addinivalue_line("markers", "xdist_group(name): keep tests on one xdist worker")
    wi = getattr(config, "workerinput", None)
    config._maskdma_session = wi["testrunuid"] if wi else uuid.uuid4().hex


@pytest.fixture
def sim_group(request):
    """(session id, [names of the selected tests of this width and build])."""
    from test_sim_device import SIM_TESTS

    me = request.node.callspec.params
    legacy = SIM_TESTS[me["test"]]
    group = [it.callspec.params["test"] for it in request.session.items
             if getattr(it, "callspec", None) is not None
             and it.callspec.params.get("addr_width") == me["addr_width"]
             and "test" in it.callspec.params
             and SIM_TESTS.get(it.callspec.params["test"]) == legacy]
    return request.config._maskdma_session, group


def pytest_sessionstart(session):
    if hasattr(session.config, "workerinput"):
        return  # an xdist worker: the controller already did it
    from bench.sim_runner import RESULTS

    shutil.rmtree(RESULTS, ignore_errors=True)
