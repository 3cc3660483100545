"""Device-level simulation of dma_engine for every address width (bench/ + Icarus).

One pytest test per (width, bench test). The selected tests of a width run in one simulator
process on the width's build (build/sim/w<W>_strict; build/sim/w<W>_legacy for the teeth test),
started by the first of them (bench.sim_runner.run_shared); each pytest test then checks its own
record. The pyuvm test classes are in sim_device_tests.py. Failures print the seed and a one-line
rerun command.
"""

from __future__ import annotations

import pytest

from bench.sim_runner import run_shared

# Bench tests (classes of sim_device_tests.py) and whether they need the LEGACY_TRUNCATE build.
SIM_TESTS = {
    "random_regression": False,
    "limit_placement": False,
    "bounce_high_memory": False,
    "strict_rejection": False,
    "teeth_legacy": True,
    "bus_errors": False,
    "backpressure_latency": False,
    "reset_mid_job": False,
    "abort_mid_job": False,
    "sg_chains": False,
    "mempool_exhaustion": False,
}


@pytest.mark.parametrize("test", list(SIM_TESTS))
def test_device(addr_width: int, test: str, sim_group) -> None:
    session, group = sim_group
    record = run_shared(addr_width, test, group, SIM_TESTS[test], session)
    assert record["result"] == "pass"
    assert record.get("violations", 0) == 0 or test == "teeth_legacy", record
    if test != "strict_rejection":
        assert record.get("bursts_checked", 0) > 0, "the guard checked nothing"


def test_defect_build_is_caught(request) -> None:
    """The bench has teeth against the RTL too: an engine built with MASKDMA_NO_RANGE_CHECK (the
    strict range check removed, hdl/dma_engine.v) must FAIL strict_rejection. Runs once, at the
    first selected width below 64 (at 64 nothing lies above the limit), else at 32."""
    from bench.sim_runner import run_group
    from bench.pytest_plugin import selected_widths

    w = next((w for w in selected_widths(request.config) if w < 64), 32)
    rec = run_group(w, ["strict_rejection"], defect="norange", waves=False)["strict_rejection"]
    assert rec["result"] == "fail", (
        f"w{w}: strict_rejection PASSED on an engine without range check: the bench has no "
        f"teeth (log {rec['log']})")
    assert "ERR_CODE 1" in rec["failure"] or "burst" in rec["failure"], rec["failure"]
