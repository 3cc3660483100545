"""Device-level simulation of dma_engine for every address width (bench/ + Icarus).

One pytest test per (width, suite test) of ``bench.suites.COPY_ENGINE_TESTS``. The selected
tests of a width run in one simulator process on the width's build (build/sim/w<W>_strict;
build/sim/w<W>_legacy for the tests that need LEGACY_TRUNCATE=1), started by the first of them
(bench.sim_runner.run_shared); each pytest test then checks its own record. Failures print the
seed and a one-line rerun command.
"""

from __future__ import annotations

import pytest

from bench.sim_runner import rerun_command, run_group, run_shared, SimConfig
from bench.suites import BULK_DEFAULT, BULK_ENV, BULK_MAX, TESTS_BY_NAME, bulk_budget
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


@pytest.mark.parametrize("text, expected", [("", BULK_DEFAULT), ("  ", BULK_DEFAULT),
                                            ("1", 1), ("0x100000", 1 << 20),
                                            (str(BULK_MAX), BULK_MAX)])
def test_bulk_budget_accepts(text, expected) -> None:
    assert bulk_budget(text) == expected


@pytest.mark.parametrize("text, says", [("1.5M", "not an integer"), ("lots", "not an integer"),
                                        ("0", f"1..{BULK_MAX}"), ("-4", f"1..{BULK_MAX}"),
                                        (str(BULK_MAX + 1), f"1..{BULK_MAX}")])
def test_bulk_budget_names_a_bad_value(text, says) -> None:
    with pytest.raises(ValueError) as e:
        bulk_budget(text)
    assert BULK_ENV in str(e.value) and text.strip() in str(e.value) and says in str(e.value)


def test_rerun_command_reproduces_the_run(monkeypatch) -> None:
    """A failure's rerun line carries the run's faults, bulk volume and the job log lines."""
    monkeypatch.setenv("MASKDMA_FAULT", "B9-desc-field-mask")
    monkeypatch.setenv(BULK_ENV, "123456")
    cmd = rerun_command(32, "bulk_copies", 7, SimConfig("tlm", "icarus"))
    assert cmd == ("SEED=7 make sim ADDR_WIDTH=32 TESTS=bulk_copies FAULT=B9-desc-field-mask "
                   "BULK=123456 LOG=INFO")
    assert "BULK=" not in rerun_command(32, "sg_chains", 7, SimConfig("tlm", "icarus"))
