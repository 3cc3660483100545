"""Smoke test of `make bench` (benchmarks/run_benchmarks.py) at its tiny size (BENCH_QUICK / --quick).

It runs the same code as `make bench` -- simulator images, throughput and sim-speed cocotb runs,
allocator figures, memory map, plots -- into a temporary directory and checks that every figure
and file is produced and well formed. No timing assertions: speeds depend on the machine.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PNG = b"\x89PNG\r\n\x1a\n"


def quick_run(tmp_path):
    if shutil.which("iverilog") is None:
        pytest.fail("iverilog not installed: run `make sysdeps-sim`")
    out = tmp_path / "bench"
    proc = subprocess.run([sys.executable, "-m", "benchmarks.run_benchmarks", "--quick",
                           "--out", str(out)], capture_output=True, text=True, timeout=600,
                          cwd=ROOT)
    assert proc.returncode == 0, f"benchmarks.run_benchmarks --quick failed:\n" \
                                 f"{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}"
    return out, proc.stdout, json.loads((out / "results.json").read_text())


def _num(x) -> bool:
    return isinstance(x, (int, float)) and x == x and x >= 0


def test_make_bench_quick(tmp_path):
    """One test (one quick run, even under pytest-xdist): figures, JSON, PNGs, table."""
    out, stdout, res = quick_run(tmp_path)
    assert res["quick"] is True and res["errors"] == []
    m = res["machine"]
    for k in ("cpu_model", "cores", "python", "icarus", "date_utc"):
        assert m[k], k
    rows = res["throughput"]["rows"]
    assert rows, "no throughput figures"
    for r in rows:
        assert r["r_beats"] == r["w_beats"] == r["beats"] > 0
        assert r["memory"] == "lean" and r["responder"] == "verilog"
        for k in ("r_beats_per_cycle", "w_beats_per_cycle", "e2e_beats_per_cycle"):
            assert 0 < r[k] <= 1.0, (k, r)
        assert 0 < r["r_pct_limit"] <= 100.0
        assert r["e2e_cycles"] > r["bus_cycles"] >= r["beats"]
    assert {r["latency"] for r in rows} == {1, 16}
    assert all(r["first_r_after_ar"] == (16 if r["latency"] == 16 else 1) for r in rows)
    py = res["throughput"]["python_responder"]
    assert py and all("identical" in p for p in py)
    assert res["throughput"]["axiram"] and all(
        "sustains_one_beat_per_cycle" in a for a in res["throughput"]["axiram"])
    assert [t["result"] for t in res["targets"][:2]] == ["NOT MEASURED"] * 2  # no 64 KiB in quick
    s = res["simspeed"]
    for v in ("full", "bare"):
        assert _num(s[v]["cycles_per_s"]) and s[v]["sim_cycles"] > 0
        assert s[v]["jobs"] == s[v]["jobs_ok"] == s[v]["repeat"] >= 1, s[v]
    assert s["full"]["bursts_checked"] > 0 and s["bare"]["bursts_checked"] == 0
    assert _num(s["overhead_ratio_wall"])
    a = res["allocator"]["speed"]
    for k in ("mask_pool", "buddy", "mempool", "swiotlb", "cocotbext_buddy"):
        assert _num(a[k]["pairs_per_s"]) and a[k]["pairs_per_s"] > 0, k
    w = res["allocator"]["waste"]["per_class"]["all"]
    assert w["mask_pool_per_page_needed"] == 1.0
    assert w["pow2_per_page_needed"] >= 1.0
    mm = res["memory_map"]
    assert mm["buffers"] > 0 and mm["bounced"] > 0 and len(mm["widths"]) >= 2
    for name in ("throughput.png", "memory_map.png"):
        data = (out / name).read_bytes()
        assert data[:8] == PNG and len(data) > 10_000, name
    for text in ("1. Copy throughput", "Targets:", "2. Simulation speed", "3. Allocators",
                 "4. Memory map", "Runtime:"):
        assert text in stdout, text
