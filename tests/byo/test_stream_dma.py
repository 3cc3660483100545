"""stream_dma on its own (cocotbext-axi AxiRam, no maskdma bench): copies, refusals, abort, at
three parameter sets; and the refusal check has teeth (a build without the range check fails it).
One build directory per parameter set under build/byo/."""
import json
import sys
from pathlib import Path

import pytest

from bench.build import ROOT, TIMESCALE, build_image

HERE = Path(__file__).resolve().parent
RTL = ROOT / "hdl" / "stream_dma.v"


def run_standalone(name: str, addr_width: int, data_width: int, max_burst: int,
                   testcase: str | None = None, defines: dict | None = None) -> None:
    """Build stream_dma in build/byo/<name>_w.._dw.._mb.. and run cocotb_stream_dma's tests;
    the runner ends with SystemExit when a cocotb test fails."""
    params = {"ADDR_WIDTH": addr_width, "DATA_WIDTH": data_width, "MAX_BURST_LEN": max_burst,
              "TAG_WIDTH": 8}
    build_dir = ROOT / "build" / "byo" / f"{name}_w{addr_width}_dw{data_width}_mb{max_burst}"
    if str(HERE) not in sys.path:
        sys.path.insert(0, str(HERE))  # the runner exports sys.path as PYTHONPATH
    runner = build_image(build_dir, params, sources=[RTL], toplevel="stream_dma", defines=defines)
    runner.test(test_module="cocotb_stream_dma", hdl_toplevel="stream_dma", build_dir=build_dir,
                parameters=params, timescale=TIMESCALE, testcase=testcase,
                extra_env={"STREAM_DMA_PARAMS": json.dumps(params)})


@pytest.mark.parametrize("addr_width,data_width,max_burst", [(24, 32, 16), (48, 64, 4), (40, 64, 1)])
def test_stream_dma_standalone(addr_width, data_width, max_burst):
    run_standalone("standalone", addr_width, data_width, max_burst)


def test_refusals_have_teeth():
    """With the range check compiled out (STREAM_DMA_NO_RANGE_CHECK) `refusals` must fail."""
    with pytest.raises(SystemExit):
        run_standalone("norange", 24, 32, 16, testcase="refusals",
                       defines={"STREAM_DMA_NO_RANGE_CHECK": 1})
    xml = (ROOT / "build" / "byo" / "norange_w24_dw32_mb16").glob("*.result.xml")
    text = "".join(p.read_text() for p in xml)
    assert "ends past 2^W-1: error 0, expected 2" in text, "refusals failed for another reason"
