"""tests/sim: the address width is a pytest axis.

``--addr-width N`` (repeatable, also "29,30" or "29 30") replaces bench.widths.DEFAULT_WIDTHS
for the run. Every pytest session writes its records into its own directory,
build/sim/results/<session id> (``bench.sim_runner.use_results``; build/sim/results/latest points
at the newest), so that concurrent sessions never delete or read each other's records and
`tools/sim_summary.py` tabulates one run. The session id is MASKDMA_SIM_RUN when set (`make sim`
sets it and hands the same directory to the summary), else a new one; xdist workers share the
controller's (their testrunuid).
"""

from __future__ import annotations

import os
import time
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
    # One id per pytest run, shared by xdist workers (their testrunuid): it names the session's
    # results directory and tells whether a width's simulator group already ran in this session.
    from bench.sim_runner import session_results, use_results
    from bench.suites import bulk_budget

    try:  # a bad MASKDMA_BULK_BYTES (make sim BULK=) stops the run before any simulator starts
        bulk_budget()
    except ValueError as e:
        raise pytest.UsageError(str(e)) from None
    config.addinivalue_line("markers", "xdist_group(name): keep tests on one xdist worker")
    wi = getattr(config, "workerinput", None)
    if wi:
        session = wi["testrunuid"]
    else:
        session = (os.environ.get("MASKDMA_SIM_RUN", "").strip()
                   or getattr(config.option, "testrunuid", None)
                   or time.strftime("%Y%m%d-%H%M%S-") + uuid.uuid4().hex[:8])
        if hasattr(config.option, "testrunuid"):
            config.option.testrunuid = session  # the xdist workers get the same id
    config.stash[SESSION] = session
    use_results(session_results(session))


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
