"""Speed of the transaction-level bench, side by side in one run (`make bench`, or alone:
``python -m benchmarks.fastbench [--quick] [--soak-jobs N] [--no-sim]``).

Figures (printed, never asserted; targets from docs/fast-bench.md):
- full bench: the real pyuvm bench (``benchmarks.simspeed_tests.simspeed_full``: agent, guard,
  scoreboard, coverage; 64 KiB copies) on the transaction-level top ``dma_engine_tb`` (clock in
  Verilog) vs the device alone (``benchmarks/bench_top.v``: engine, memory and clock in Verilog,
  registers from Python) in the same simulator: simulated cycles per CPU-second of the simulator
  process, on Icarus (target full/device >= 0.7) and on Verilator (target full >= 100,000);
- soak: ``tools/soak.py`` with N jobs x the default widths on Verilator (target <= 10 minutes for
  10,000 jobs on 2 cores): wall time, jobs per second, violations, leaks, peak RSS;
- default `make sim` (``pytest tests/sim -k test_device``, Icarus, transaction-level memory):
  bytes moved and wall time (target >= 10 x 1,435,875 bytes in <= 57 s, the figures of the
  AxiSlave bench).
Results: build/bench/fastbench.json.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from bench import build
from bench.sim_runner import SimConfig
from bench.widths import DATA_WIDTH, MAX_BURST_LEN

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "build" / "bench"
BUILD = ROOT / "build" / "fastbench"
BEFORE_BYTES, BEFORE_WALL_S = 1_435_875, 57.0
SIZE = 65536


def full_bench(simulator: str, repeat: int = 3, width: int = 32) -> dict:
    """``simspeed_full`` on the TLM top: its record (cycles_per_cpu_s of the best lap)."""
    cfg = SimConfig("tlm", simulator)
    out = BUILD / f"full_{simulator}.json"
    out.unlink(missing_ok=True)
    env = {"MASKDMA_ADDR_WIDTH": str(width), "MASKDMA_SEED": "2008", "BENCH_OUT": str(out),
           "BENCH_SIZE": str(SIZE), "BENCH_REPEAT": str(repeat),
           "COCOTB_LOG_LEVEL": "WARNING", **cfg.env()}
    build.run(BUILD / f"full_w{width}", cfg.parameters(width, False),
              "benchmarks.simspeed_tests", tests=["simspeed_full"], sources=cfg.sources,
              toplevel=cfg.toplevel, defines=cfg.defines(), simulator=simulator,
              build_args=cfg.build_args, extra_env=env)
    return json.loads(out.read_text())


def device_alone(simulator: str, repeat: int = 3) -> dict:
    from tests.fastbench.fastrun import run

    rec = run("device", simulator, data_width=DATA_WIDTH, max_burst_len=MAX_BURST_LEN,
              sizes=[SIZE] * repeat, jobs=repeat, max_len=SIZE, tag="bench")
    rec["cycles_per_cpu_s"] = rec["cycles"] / rec["cpu_s"]
    return rec


def soak(jobs: int, simulator: str = "verilator") -> dict:
    """tools/soak.py (copy engine, default widths) in a subprocess: its record plus wall time."""
    record = BUILD / f"soak_{simulator}.json"
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, str(ROOT / "tools" / "soak.py"), "--jobs", str(jobs),
                           "--sim", simulator, "--kinds", "copy", "--json", str(record)],
                          cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    rec = json.loads(record.read_text()) if record.exists() else {"rows": []}
    rows = rec["rows"]
    return {"jobs_per_width": jobs, "widths": len(rows), "wall_s": wall,
            "jobs": sum(r["jobs"] for r in rows), "bytes": sum(r["bytes"] for r in rows),
            "violations": sum(r["violations"] for r in rows),
            "leaks": sum(r["leaks"] for r in rows),
            "peak_rss_mib": max((r["rss_kib"] for r in rows), default=0) / 1024,
            "ok": proc.returncode == 0, "tail": proc.stdout[-1500:] + proc.stderr[-500:]}


def make_sim() -> dict:
    """Default `make sim` itself (Icarus, TLM memory, bulk copies, every width), timed; its
    bytes and jobs from the records of that run."""
    run = f"fastbench-{os.getpid()}-{int(time.time())}"
    results = ROOT / "build" / "sim" / "results" / run
    env = dict(os.environ, MASKDMA_SIM_RUN=run)
    for var in ("ADDR_WIDTH", "SIM", "MEMORY", "BULK", "LOG", "TESTS", "SEED", "FAULT", "WAVES",
                "MAKEFLAGS", "MFLAGS", "MAKELEVEL"):
        env.pop(var, None)  # the default run, whatever the caller's environment says
    t0 = time.perf_counter()
    proc = subprocess.run(["make", "--no-print-directory", "sim"],
                          cwd=ROOT, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    recs = [json.loads(p.read_text()) for p in results.glob("*.json")]
    return {"wall_s": wall, "bytes": sum(r.get("bytes_moved", 0) for r in recs),
            "jobs": sum(r.get("jobs", 0) for r in recs), "tests": len(recs),
            "passed": proc.returncode == 0, "summary": proc.stdout.strip().splitlines()[-1:]}


def report(res: dict) -> str:
    lines = ["transaction-level bench: speed side by side (simulated cycles per CPU-second, "
             f"{SIZE // 1024} KiB copies, DATA_WIDTH {DATA_WIDTH})"]
    for sim in ("icarus", "verilator"):
        full, dev = res.get(f"full_{sim}"), res.get(f"device_{sim}")
        if not full or not dev:
            continue
        ratio = full["cycles_per_cpu_s"] / dev["cycles_per_cpu_s"]
        lines.append(f"  {sim:9s} full bench {full['cycles_per_cpu_s']:>10,.0f}   device alone "
                     f"{dev['cycles_per_cpu_s']:>11,.0f}   full/device {ratio:.2f}")
    if "full_icarus" in res and "device_icarus" in res:
        r = res["full_icarus"]["cycles_per_cpu_s"] / res["device_icarus"]["cycles_per_cpu_s"]
        lines.append(f"  target full/device on Icarus >= 0.70: {r:.2f} "
                     f"({'met' if r >= 0.7 else 'NOT met'})")
    if "full_verilator" in res:
        v = res["full_verilator"]["cycles_per_cpu_s"]
        lines.append(f"  target full bench on Verilator >= 100,000: {v:,.0f} "
                     f"({'met' if v >= 100_000 else 'NOT met'})")
    s = res.get("soak")
    if s:
        lines.append(f"  soak {s['jobs_per_width']} jobs x {s['widths']} widths on Verilator: "
                     f"{s['wall_s']:.0f} s wall ({s['jobs'] / s['wall_s']:.0f} jobs/s), "
                     f"{s['bytes']:,} bytes, {s['violations']} violations, {s['leaks']} leaks, "
                     f"peak RSS {s['peak_rss_mib']:.0f} MiB, {'PASS' if s['ok'] else 'FAIL'}; "
                     f"target <= 600 s: {'met' if s['wall_s'] <= 600 and s['ok'] else 'NOT met'}")
    m = res.get("make_sim")
    if m:
        x = m["bytes"] / BEFORE_BYTES
        lines.append(f"  make sim (Icarus, TLM): {m['bytes']:,} bytes in {m['wall_s']:.0f} s "
                     f"({m['tests']} tests, {'PASS' if m['passed'] else 'FAIL'}); before "
                     f"{BEFORE_BYTES:,} bytes in {BEFORE_WALL_S:.0f} s: {x:.1f}x the bytes; "
                     f"target >= 10x in <= {BEFORE_WALL_S:.0f} s: "
                     f"{'met' if x >= 10 and m['wall_s'] <= BEFORE_WALL_S else 'NOT met'}")
    return "\n".join(lines)


def run_all(quick: bool = False, soak_jobs: int | None = None, with_sim: bool = True) -> dict:
    BUILD.mkdir(parents=True, exist_ok=True)
    repeat = 1 if quick else 3
    res: dict = {}
    for sim in ("icarus", "verilator"):
        res[f"device_{sim}"] = device_alone(sim, repeat)
        res[f"full_{sim}"] = full_bench(sim, repeat)
    jobs = soak_jobs if soak_jobs is not None else (200 if quick else 10000)
    if jobs:
        res["soak"] = soak(jobs)
    if with_sim and not quick:
        res["make_sim"] = make_sim()
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "fastbench.json").write_text(json.dumps(res, indent=1, default=str))
    return res


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="one copy per figure, a 200-job soak, "
                                                         "no make sim")
    ap.add_argument("--soak-jobs", type=int, help="jobs per width of the soak (0: no soak)")
    ap.add_argument("--no-sim", action="store_true", help="skip the make sim figure")
    a = ap.parse_args(argv)
    res = run_all(a.quick, a.soak_jobs, not a.no_sim)
    print(report(res))
    return 0


if __name__ == "__main__":
    sys.exit(main())
