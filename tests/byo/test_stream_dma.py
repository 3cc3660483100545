"""stream_dma on its own (the bench's AxiMemory and AxiMonitor; no driver, guard or adapter):
copies, refusals, abort, at three parameter sets; and the refusal check has teeth (a build
without the range check fails it). One build directory per parameter set under build/byo/."""
import json

import pytest

from bench import build

RTL = build.ROOT / "hdl" / "stream_dma.v"


def run_standalone(name: str, addr_width: int, data_width: int, max_burst: int,
                   tests: str | None = None, defines: dict | None = None,
                   check: bool = True) -> dict[str, str]:
    """Build stream_dma in build/byo/<name>_w.._dw.._mb.. and run cocotb_stream_dma's tests."""
    params = {"ADDR_WIDTH": addr_width, "DATA_WIDTH": data_width, "MAX_BURST_LEN": max_burst,
              "TAG_WIDTH": 8}
    bdir = build.ROOT / "build" / "byo" / f"{name}_w{addr_width}_dw{data_width}_mb{max_burst}"
    return build.run(bdir, params, "tests.byo.cocotb_stream_dma", sources=[RTL],
                     toplevel="stream_dma", tests=tests, defines=defines, check=check,
                     extra_env={"STREAM_DMA_PARAMS": json.dumps(params)})


@pytest.mark.parametrize("addr_width,data_width,max_burst", [(24, 32, 16), (48, 64, 4), (40, 64, 1)])
def test_stream_dma_standalone(addr_width, data_width, max_burst):
    run_standalone("standalone", addr_width, data_width, max_burst)


def test_refusals_have_teeth():
    """With the range check compiled out (STREAM_DMA_NO_RANGE_CHECK) `refusals` must fail."""
    failure = run_standalone("norange", 24, 32, 16, tests="refusals", check=False,
                             defines={"STREAM_DMA_NO_RANGE_CHECK": 1}).get("refusals")
    assert failure, "refusals passed on an engine without range check"
    assert "ends past 2^W-1: error 0, expected 2" in failure, failure
