"""Build and run dma_engine on either memory path and simulator; used by the fastbench tests and
the speed measurement (tools-free: ``python -m tests.fastbench.fastrun --help``).

One build directory per (top, simulator, parameters, waves) under build/fastbench/, built by the
bench's one image builder (``bench.build.build_image``).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from bench import simulators
from bench.build import build_image, image_dir

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "build" / "fastbench"
ENGINE = ROOT / "hdl" / "dma_engine.v"
TB_SOURCES = (ROOT / "hdl" / "tb" / "dma_engine_tb.v", ROOT / "hdl" / "tb" / "axi_mem_bfm.v",
              ENGINE)
TOPS = {"axislave": ("dma_engine", (ENGINE,)), "tlm": ("dma_engine_tb", TB_SOURCES),
        "device": ("bench_top", (ROOT / "benchmarks" / "bench_top.v", ENGINE))}
MODULES = {"axislave": "tests.fastbench.fastbench_cocotb", "tlm": "tests.fastbench.fastbench_cocotb",
           "device": "tests.fastbench.speed_cocotb"}


def parameters(width: int, data_width: int = 64, max_burst_len: int = 16, tlm: bool = False):
    p = {"ADDR_WIDTH": width, "DATA_WIDTH": data_width, "MAX_BURST_LEN": max_burst_len}
    if tlm:
        p["BEATS"] = max(2, 1 << (max_burst_len - 1).bit_length())
    return p


def build(path: str, simulator: str, params: dict, waves: bool = False, own_clock: bool = False):
    """An up-to-date image of ``path``'s top on ``simulator`` (``bench.build.build_image``: one
    directory per parameter set, stamp and lock); returns (runner, settings, image directory)."""
    top, sources = TOPS[path]
    tag = "_".join(f"{k.lower()}{v}" for k, v in sorted(params.items()))
    bdir = BUILD / f"{path}_{tag}{'_waves' if waves else ''}{'_ownclk' if own_clock else ''}"
    defines = {"DMA_ENGINE_TB_OWN_CLOCK": 1} if own_clock else {}
    extra = []
    if (path == "device" or own_clock) and simulator == "verilator":
        # bench_top makes its own clock with a delay: Verilator timing needs C++ coroutines
        extra = ["--timing", "-CFLAGS", "-fcoroutines"]
    runner = build_image(bdir, params, sources=sources, toplevel=top, defines=defines,
                         waves=waves, simulator=simulator, build_args=extra)
    return runner, simulators.settings(simulator, waves=waves), image_dir(bdir, simulator)


def run(path: str, simulator: str = "icarus", *, width: int = 32, data_width: int = 64,
        max_burst_len: int = 16, seeds=(1,), jobs: int = 8, max_len: int = 8192,
        backpressure: float = 0.0, errors: bool = False, sizes=(), own_clock: bool = False,
        tag: str = "") -> dict:
    """Run the cross-check job list on one path; returns the record fastbench_cocotb wrote."""
    params = parameters(width, data_width, max_burst_len, tlm=path == "tlm")
    if path == "device":
        params.pop("ADDR_WIDTH")
    runner, settings, bdir = build(path, simulator, params, own_clock=own_clock)
    tdir = bdir / f"run_{tag or 'default'}_{os.getpid()}"
    tdir.mkdir(parents=True, exist_ok=True)
    out = tdir / "record.json"
    out.unlink(missing_ok=True)
    env = {"FASTBENCH_PATH": path, "FASTBENCH_SEEDS": ",".join(map(str, seeds)),
           "FASTBENCH_JOBS": str(jobs), "FASTBENCH_MAX_LEN": str(max_len),
           "FASTBENCH_BP": str(backpressure), "FASTBENCH_ERRORS": "1" if errors else "0",
           "FASTBENCH_SIZES": ",".join(map(str, sizes)), "FASTBENCH_OUT": str(out),
           "FASTBENCH_OWN_CLOCK": "1" if own_clock else "0"}
    with simulators.environment(settings):
        runner.test(test_module=MODULES[path], hdl_toplevel=TOPS[path][0], build_dir=bdir,
                    test_dir=tdir, extra_env=env, test_args=list(settings.test_args),
                    plusargs=list(settings.plusargs), log_file=tdir / "sim.log")
    if not out.exists():
        raise AssertionError(f"{path} on {simulator}: the simulation wrote no record; see "
                             f"{tdir / 'sim.log'}")
    return json.loads(out.read_text())


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--path", choices=sorted(TOPS), default="tlm")
    ap.add_argument("--sim", default="icarus")
    ap.add_argument("--width", type=int, default=32)
    ap.add_argument("--seeds", default="1")
    ap.add_argument("--jobs", type=int, default=8)
    ap.add_argument("--max-len", type=int, default=8192)
    ap.add_argument("--bp", type=float, default=0.0)
    ap.add_argument("--errors", action="store_true")
    a = ap.parse_args(argv)
    rec = run(a.path, a.sim, width=a.width, seeds=[int(s) for s in a.seeds.split(",")],
              jobs=a.jobs, max_len=a.max_len, backpressure=a.bp, errors=a.errors, tag="cli")
    print(json.dumps({k: rec[k] for k in ("path", "bytes", "bursts_checked", "cycles", "cpu_s",
                                          "violations", "wakeups")}))
    print(f"{rec['cycles'] / rec['cpu_s']:.0f} cycles per CPU-second")
    return 0


if __name__ == "__main__":
    sys.exit(main())
