"""The bring-your-own-engine example in `make test`: the whole copy-engine suite that applies to
hdl/stream_dma.v (its capabilities select the tests), with guard and scoreboard, at two address
widths (and two data widths); and proof that it can fail: deliberately broken glue is caught by
the guard and by the scoreboard."""

import pytest

from bench import build
from bench.suites import TESTS_BY_NAME
from bench.suites.runner import run_suite

RTL = build.ROOT / "hdl" / "stream_dma.v"
MODULE = "tests.byo.stream_dma_tests"
# stream_dma is strict, aligned-only, without chains, byte counter or error address, with abort.
NOT_FOR_STREAM_DMA = {"teeth_legacy": "legacy", "wrap_into_bounce": "legacy",
                      "sg_chains": "chains"}


def params(addr_width: int, data_width: int, max_burst: int) -> dict:
    return {"ADDR_WIDTH": addr_width, "DATA_WIDTH": data_width, "MAX_BURST_LEN": max_burst,
            "TAG_WIDTH": 8}


def bdir(addr_width: int, data_width: int):
    return build.ROOT / "build" / "byo" / f"regression_w{addr_width}_dw{data_width}"


@pytest.mark.parametrize("addr_width,data_width,max_burst", [(24, 32, 16), (40, 64, 8)])
def test_stream_dma_suite(addr_width, data_width, max_burst):
    run = run_suite(bdir(addr_width, data_width), params(addr_width, data_width, max_burst),
                    MODULE, sources=[RTL], toplevel="stream_dma",
                    extra_env={"MASKDMA_JOBS": "200", **build.quiet_env("INFO")})
    assert run.caps.addr_width == addr_width and not run.caps.unaligned, run.caps
    for name, need in NOT_FOR_STREAM_DMA.items():
        assert f"needs {need}" in run.plan.deselected.get(name, ""), run.summary()
    assert sorted(run.plan.selected) == sorted(set(TESTS_BY_NAME) - set(NOT_FOR_STREAM_DMA))
    for name in run.plan.selected:
        record = run.records.get(name)
        assert record is not None, f"{name}: no results record"
        if not TESTS_BY_NAME[name].provokes_violations:
            assert record.get("violations", 0) == 0, record
        if name != "strict_rejection":
            assert record.get("bursts_checked", 0) > 0, f"{name}: the guard checked nothing"
    assert run.records["random_regression"]["jobs_ok"] >= 200, run.records["random_regression"]


def run_one(test: str) -> str | None:
    """"" if ``test`` of the test module passed at width 24, else its failure text."""
    return build.run(bdir(24, 32), params(24, 32, 16), MODULE, sources=[RTL],
                     toplevel="stream_dma", tests=test, test_dir=bdir(24, 32) / test,
                     check=False, extra_env={"MASKDMA_SEED": "2008", "MASKDMA_JOBS": "20",
                                             **build.quiet_env("INFO")}).get(test)


def test_adapter_state_is_given_back_by_shutdown():
    """An adapter keeping a buffer across works passes when its shutdown frees it (called at
    every retire, including the test's two boots of other layouts)."""
    assert run_one("stateful_adapter_limit_placement") == ""


@pytest.mark.parametrize("broken,complaint", [
    ("broken_glue_shifted_destination", "guard: "),
    ("broken_glue_short_copy", "scoreboard: "),
    ("broken_glue_no_shutdown", "machine not quiescent: "),
])
def test_broken_glue_is_caught(broken, complaint):
    failure = run_one(broken)
    assert failure, f"{broken} passed: the bench did not notice the broken glue"
    assert complaint in failure, f"{broken} failed, but not by the {complaint!r} check: {failure}"
