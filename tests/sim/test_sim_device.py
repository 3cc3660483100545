"""Device-level simulation of dma_engine for every address width (bench/ + Icarus).

One pytest test per (width, suite test) of ``bench.suites.COPY_ENGINE_TESTS``. The selected
tests of a width run in one simulator process on the width's build (build/sim/w<W>_strict;
build/sim/w<W>_legacy for the tests that need LEGACY_TRUNCATE=1), started by the first of them
(bench.sim_runner.run_shared); each pytest test then checks its own record. Failures print the
seed and a one-line rerun command.
"""

from __future__ import annotations

from bench.sim_runner import run_group, run_shared
from bench.suites import TESTS_BY_NAME
from bench.pytest_plugin import selected_widths


def test_device(addr_width: int, suite_test: str, sim_group) -> None:
    session, group = sim_group
    spec = TESTS_BY_NAME[suite_test]
    record = run_shared(addr_width, suite_test, group, spec.legacy, session)
    assert record["result"] == "pass"
    if not spec.provokes_violations:
        assert record.get("violations", 0) == 0, record
    if suite_test != "strict_rejection":
        assert record.get("bursts_checked", 0) > 0, "the guard checked nothing"


def test_defect_build_is_caught(request) -> None:
    """The bench has teeth against the RTL too: an engine built with MASKDMA_NO_RANGE_CHECK (the
    strict range check removed, hdl/dma_engine.v) must FAIL strict_rejection. Runs once, at the
    first selected width below 64 (at 64 nothing lies above the limit), else at 32."""
    w = next((w for w in selected_widths(request.config) if w < 64), 32)
    rec = run_group(w, ["strict_rejection"], defect="norange", waves=False)["strict_rejection"]
    assert rec["result"] == "fail", (
        f"w{w}: strict_rejection PASSED on an engine without range check: the bench has no "
        f"teeth (log {rec['log']})")
    assert "ADDR_RANGE" in rec["failure"] or "burst" in rec["failure"], rec["failure"]
