"""The bring-your-own-engine example in `make test`: the bench's random regression, with guard
and scoreboard, on hdl/stream_dma.v at two address widths (and two data widths); and proof that
it can fail: deliberately broken glue is caught by the guard and by the scoreboard."""

import pytest

from bench import build

RTL = build.ROOT / "hdl" / "stream_dma.v"
MODULE = "tests.byo.stream_dma_tests"


def run(addr_width: int, data_width: int, max_burst: int, tests: str, check: bool = True,
        jobs: int = 200) -> dict[str, str]:
    params = {"ADDR_WIDTH": addr_width, "DATA_WIDTH": data_width, "MAX_BURST_LEN": max_burst,
              "TAG_WIDTH": 8}
    bdir = build.ROOT / "build" / "byo" / f"regression_w{addr_width}_dw{data_width}"
    return build.run(bdir, params, MODULE, sources=[RTL], toplevel="stream_dma", tests=tests,
                     test_dir=bdir / tests.split(",")[0], check=check,
                     extra_env={"MASKDMA_SEED": "2008", "MASKDMA_JOBS": str(jobs),
                                **build.quiet_env("INFO")})


@pytest.mark.parametrize("addr_width,data_width,max_burst", [(24, 32, 16), (40, 64, 8)])
def test_stream_dma_random_regression(addr_width, data_width, max_burst):
    run(addr_width, data_width, max_burst, "stream_dma_random_regression")


def test_stream_dma_suite_tests():
    """More suite tests: back-pressure and latency, an overrun the guard must name, sleepers."""
    run(24, 32, 16, "stream_dma_backpressure_latency,stream_dma_overrun_into_neighbour,"
                    "stream_dma_mempool_exhaustion")


@pytest.mark.parametrize("broken,complaint", [
    ("broken_glue_shifted_destination", "guard: "),
    ("broken_glue_short_copy", "scoreboard: "),
])
def test_broken_glue_is_caught(broken, complaint):
    failure = run(24, 32, 16, broken, check=False, jobs=20).get(broken)
    assert failure, f"{broken} passed: the bench did not notice the broken glue"
    assert complaint in failure, f"{broken} failed, but not by the {complaint!r} check: {failure}"
