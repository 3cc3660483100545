"""tests/sim: the address width is a pytest axis.

``--addr-width N`` (repeatable, also "29,30" or "29 30") replaces bench.widths.DEFAULT_WIDTHS
for the run. The results directory of the device bench (build/sim/results) is emptied once per
session (by the xdist controller) so that `tools/sim_summary.py` tabulates this run only.
"""

from __future__ import annotations

import shutil
import uuid

import pytest

from bench.pytest_plugin import add_addr_width_option, selected_widths
from bench.suites import COPY_ENGINE_TESTS, TESTS_BY_NAME


def pytest_addoption(parser):
    add_addr_width_option(parser)


def pytest_generate_tests(metafunc):
    if "addr_width" in metafunc.fixturenames and "suite_test" in metafunc.fixturenames:
        # With `--dist loadgroup` (make sim) a width's tests stay on one xdist worker; with other
        # modes the group still runs once (bench.sim_runner.run_shared holds a lock).
        metafunc.parametrize(("addr_width", "suite_test"), [
            pytest.param(w, t.name, id=f"w{w}-{t.name}",
                         marks=pytest.mark.xdist_group(f"sim-w{w}"))
            for w in selected_widths(metafunc.config) for t in COPY_ENGINE_TESTS
            if t.applies_to(w)])


def pytest_configure(config):
    # One id per pytest run, shared by xdist workers (their testrun_uid), used to know whether a
    # width's simulator group already ran in this session.
    config.addinivalue_line("markers", "xdist_group(name): keep tests on one xdist worker")
    wi = getattr(config, "workerinput", None)
    config.stash[SESSION] = wi["testrunuid"] if wi else uuid.uuid4().hex


SESSION = pytest.StashKey[str]()


@pytest.fixture
def sim_group(request):
    """(session id, [names of the selected suite tests of this width and build])."""
    me = request.node.callspec.params
    legacy = TESTS_BY_NAME[me["suite_test"]].legacy
    group = [it.callspec.params["suite_test"] for it in request.session.items
             if getattr(it, "callspec", None) is not None
             and it.callspec.params.get("addr_width") == me["addr_width"]
             and "suite_test" in it.callspec.params
             and TESTS_BY_NAME[it.callspec.params["suite_test"]].legacy == legacy]
    return request.config.stash[SESSION], group


def pytest_sessionstart(session):
    if hasattr(session.config, "workerinput"):
        return  # an xdist worker: the controller already did it
    from bench.sim_runner import RESULTS

    shutil.rmtree(RESULTS, ignore_errors=True)
