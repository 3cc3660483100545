"""Build and run the dma_engine cocotb benches under Icarus from pytest (one build dir per
parameter set: the cocotb runner rebuilds only on source timestamps, not on parameter changes)."""
import json
import sys
from pathlib import Path

from bench.build import ROOT, TIMESCALE, TOPLEVEL, build_image

HERE = Path(__file__).resolve().parent

DEFAULTS = {"ADDR_WIDTH": 32, "DATA_WIDTH": 64, "MAX_BURST_LEN": 16, "LEGACY_TRUNCATE": 0,
            "ID_WIDTH": 4, "MAX_CHAIN": 4096}


def run_dma_sim(name, test_module, testcase=None, **params):
    """Build dma_engine with `params` (over DEFAULTS) in build/hdl/<name>_<params> and run the
    cocotb tests of `test_module` (optionally only `testcase`); raises on any failing test."""
    p = dict(DEFAULTS, **params)
    tag = "_".join(f"{k.lower()}{v}" for k, v in sorted(params.items()))
    build_dir = ROOT / "build" / "hdl" / (f"{name}_{tag}" if tag else name)
    if str(HERE) not in sys.path:
        sys.path.insert(0, str(HERE))  # the runner exports sys.path as PYTHONPATH
    runner = build_image(build_dir, p)
    runner.test(test_module=test_module, hdl_toplevel=TOPLEVEL, testcase=testcase,
                build_dir=build_dir, parameters=p, timescale=TIMESCALE,
                extra_env={"DMA_PARAMS": json.dumps(p)})
