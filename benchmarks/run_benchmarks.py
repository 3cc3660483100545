"""`make bench`: throughput against the bus limit, simulation speed, allocator speed and waste.

    python -m benchmarks.run_benchmarks [--quick] [--jobs N] [--out build/bench]

1. Copy throughput of hdl/dma_engine.v (Icarus + cocotb): beats per cycle per direction and % of
   the DATA_WIDTH/8 bytes-per-cycle limit for every (copy size, DATA_WIDTH, MAX_BURST_LEN, read
   latency); bus window = first AR handshake .. last B handshake, end-to-end window = first
   AXI-Lite write .. the R handshake of the STATUS read that returned DONE (benchmarks/
   tput_rtl_tests.py in benchmarks/bench_top.v; benchmarks/tput_tests.py cross-checks it with the
   bench's AxiMemory in lean mode). cocotbext-axi's AxiRam is measured next to
   it at zero wait (can it deliver one beat per cycle?). Targets: >= 0.99 (64 KiB, DW 32, burst
   16, zero wait) and >= 0.95 with a 16-cycle read latency (same copy), PASS/MISS.
2. Simulation speed of the 64 KiB copy with the full bench (pyuvm env, guard, scoreboard) and
   with guard and scoreboard off (benchmarks/simspeed_tests.py), and the overhead ratio.
3. Allocators: benchmarks/bench_models.run_bench extended (benchmarks/alloc.py).
4. Pictures: build/bench/throughput.png, build/bench/memory_map.png (benchmarks/plots.py).
Writes build/bench/results.json (all figures + machine info) and prints a table.
One simulator image per (DATA_WIDTH, MAX_BURST_LEN) under build/bench/; simulations run in
``--jobs`` parallel processes (default: 2).
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import datetime as dt
import json
import os
import platform
import subprocess
import time
from pathlib import Path

from bench.build import ROOT, RTL, quiet_env
from bench.build import run as run_sim
from benchmarks import alloc, memmap, plots

PERF = Path(__file__).resolve().parent
BUILD = ROOT / "build" / "bench"
HARNESS = PERF / "bench_top.v"

KIB, MIB = 1 << 10, 1 << 20
FULL = {"sizes": [4 * KIB, 64 * KIB, 1 * MIB], "widths": [32, 64, 128], "bursts": [16, 256],
        "latencies": [1, 16], "simspeed_size": 64 * KIB, "simspeed_repeat": 3,
        "checks": [(32, 16), (32, 256), (128, 16), (128, 256)], "check_size": 64 * KIB}
QUICK = {"sizes": [4 * KIB], "widths": [32], "bursts": [16], "latencies": [1, 16],
         "simspeed_size": 4 * KIB, "simspeed_repeat": 1, "checks": [(32, 16)],
         "check_size": 4 * KIB}
TARGET_CFG = {"size": 64 * KIB, "data_width": 32, "max_burst_len": 16}
SIM_ADDR_WIDTH = 32  # device address bits of the throughput images (buffers sit low)


# ---- simulator tasks (run in worker processes) -----------------------------------------------
def _sim(image: str, params: dict, module: str, tests: str, env: dict, tag: str,
         run_root: str | None, harness: bool = False) -> None:
    """Run ``benchmarks.<module>``'s ``tests`` in image build/bench/<image> (``harness``:
    dma_engine inside bench_top.v); the simulator runs in build/bench/<image>/runs/<tag>, or
    <run_root>/<image>/<tag> for runs writing their figures elsewhere (the smoke test)."""
    run_dir = Path(run_root) / image / tag if run_root else BUILD / image / "runs" / tag
    run_sim(BUILD / image, params, f"benchmarks.{module}", tests=tests,
            sources=[RTL, HARNESS] if harness else [RTL],
            toplevel="bench_top" if harness else "dma_engine", test_dir=run_dir,
            extra_env={**quiet_env(), **env})


def _tput_task(dw: int, mbl: int, cases: list[dict], tag: str, out: str,
               run_root: str | None = None) -> str:
    """Matrix cases: dma_engine inside benchmarks/bench_top.v (Verilog responder + counters)."""
    Path(out).unlink(missing_ok=True)
    _sim(f"rtl_dw{dw}_mb{mbl}", {"ADDR_WIDTH": SIM_ADDR_WIDTH, "DATA_WIDTH": dw,
                                 "MAX_BURST_LEN": mbl}, "tput_rtl_tests", "throughput_rtl",
         {"BENCH_CASES": json.dumps(cases), "BENCH_OUT": out}, tag, run_root, harness=True)
    return out


def _check_task(dw: int, mbl: int, cases: list[dict], tag: str, out: str,
                run_root: str | None = None) -> str:
    """Cross-checks on the bare engine: AxiMemory's lean responder and cocotbext-axi's AxiRam."""
    Path(out).unlink(missing_ok=True)
    tests = ",".join(t for t, mem in (("throughput_lean", "lean"), ("throughput_axiram", "axiram"))
                     if any(c["memory"] == mem for c in cases))
    _sim(f"dw{dw}_mb{mbl}", {"ADDR_WIDTH": SIM_ADDR_WIDTH, "DATA_WIDTH": dw,
                             "MAX_BURST_LEN": mbl}, "tput_tests", tests,
         {"BENCH_CASES": json.dumps(cases), "BENCH_OUT": out}, tag, run_root)
    return out


def _simspeed_task(variant: str, size: int, repeat: int, out: str,
                   run_root: str | None = None) -> str:
    from bench.sim_runner import parameters

    Path(out).unlink(missing_ok=True)
    w = SIM_ADDR_WIDTH
    _sim(f"simspeed_w{w}", parameters(w, False), "simspeed_tests", f"simspeed_{variant}",
         {"BENCH_SIZE": str(size), "BENCH_REPEAT": str(repeat), "BENCH_OUT": out,
          "MASKDMA_ADDR_WIDTH": str(w), "MASKDMA_LEGACY": "0", "MASKDMA_SEED": "2008",
          "MASKDMA_TEST": f"simspeed_{variant}",
          "MASKDMA_RESULT_FILE": out.replace(".json", ".tb.json")}, f"simspeed_{variant}",
         run_root)
    return out


# ---- machine info ----------------------------------------------------------------------------
def machine_info() -> dict:
    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        iv = subprocess.run(["iverilog", "-V"], capture_output=True, text=True).stdout
        iv = iv.splitlines()[0].strip() if iv else "?"
    except OSError:
        iv = "not found"
    try:
        rev = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                             capture_output=True, text=True).stdout.strip()
    except OSError:
        rev = "?"
    import cocotb
    try:
        import pyuvm
        pyuvm_v = getattr(pyuvm, "__version__", None)
    except Exception:  # pragma: no cover
        pyuvm_v = None
    if pyuvm_v is None:
        from importlib.metadata import version
        pyuvm_v = version("pyuvm")
    return {"cpu_model": cpu, "cores": os.cpu_count(), "python": platform.python_version(),
            "icarus": iv, "cocotb": cocotb.__version__, "pyuvm": pyuvm_v,
            "platform": platform.platform(), "git_head": rev,
            "date_utc": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC"),
            "loadavg_start": list(os.getloadavg())}


# ---- the run ---------------------------------------------------------------------------------
def run(quick: bool = False, jobs: int = 2, out: Path | None = None, log=print) -> dict:
    cfg = QUICK if quick else FULL
    out = Path(out or ROOT / "build" / "bench").resolve()
    # simulator run directories: build/bench/<image>/runs/<tag>, or <out>/runs/<image>/<tag> when
    # writing elsewhere (the smoke test), so the two never collide and tmp runs leave no trace
    run_root = None if out == (ROOT / "build" / "bench").resolve() else str(out / "runs")
    raw = out / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    t_start = time.perf_counter()
    info = machine_info()

    # 1 + 2: simulations, heaviest first, `jobs` processes at a time
    tasks = []
    for dw in cfg["widths"]:
        for mbl in cfg["bursts"]:
            # full: one process per latency (load balance); quick: one process per image
            groups = [[lat] for lat in cfg["latencies"]] if not quick else [cfg["latencies"]]
            for lats in groups:
                cases = [{"size": s, "latency": lat} for lat in lats for s in cfg["sizes"]]
                cost = len(lats) * sum(cfg["sizes"]) / (dw // 8)
                tag = "lat" + "_".join(map(str, lats))
                tasks.append((cost, _tput_task, (dw, mbl, cases, tag,
                                                  str(raw / f"tput_rtl_dw{dw}_mb{mbl}_{tag}.json"),
                                                  run_root)))
    for dw, mbl in cfg["checks"]:
        n = cfg["check_size"]
        cases = [{"size": n, "latency": 1, "memory": "axiram"}]
        if (dw, mbl) == (32, 16):  # the Python responder, against bench_top, on the target copy
            cases += [{"size": n, "latency": lat, "memory": "lean"} for lat in cfg["latencies"]]
        tasks.append((4 * len(cases) * n / (dw // 8), _check_task,
                      (dw, mbl, cases, "check", str(raw / f"tput_check_dw{dw}_mb{mbl}.json"),
                       run_root)))
    for variant in ("full", "bare"):
        n = cfg["simspeed_size"]
        tasks.append((4 * cfg["simspeed_repeat"] * n / 8, _simspeed_task,
                      (variant, n, cfg["simspeed_repeat"], str(raw / f"simspeed_{variant}.json"),
                       run_root)))
    tasks.sort(key=lambda t: -t[0])
    log(f"make bench{' (quick)' if quick else ''}: {len(tasks)} simulator runs on {jobs} "
        f"process(es); images under {out}")
    errors = []
    done_files = []
    t_sim = time.perf_counter()
    with cf.ProcessPoolExecutor(max_workers=jobs) as ex:
        futs = {ex.submit(fn, *args): args for _, fn, args in tasks}
        for f in cf.as_completed(futs):
            try:
                done_files.append(f.result())
                log(f"  done {Path(done_files[-1]).name}  ({time.perf_counter() - t_sim:.0f} s)")
            except Exception as exc:  # keep going: report every failure at the end
                errors.append(str(exc))
                log(f"  FAILED: {str(exc).splitlines()[0]}")
    sim_seconds = time.perf_counter() - t_sim

    rows, ram_rows, py_rows = [], [], []
    for f in sorted(raw.glob("tput_*.json")):
        if str(f) not in done_files:
            continue
        for r in json.loads(f.read_text()):
            if r["memory"] == "axiram":
                ram_rows.append(r)
            elif r.get("responder") == "verilog":
                rows.append(r)
            else:
                py_rows.append(r)
    rows.sort(key=lambda r: (r["data_width"], r["max_burst_len"], r["latency"], r["size"]))

    # 3: allocators (after the simulations, so they do not compete for the cores)
    t_alloc = time.perf_counter()
    allocator = alloc.run(quick)
    alloc_seconds = time.perf_counter() - t_alloc

    # 4: memory map + pictures
    placements = memmap.placements(ROOT / "build" / "sim" / "results" / "latest", quick)
    files = {}
    if rows:
        files["throughput_png"] = str(out / "throughput.png")
        plots.throughput(rows, out / "throughput.png")
    files["memory_map_png"] = str(out / "memory_map.png")
    plots.memory_map(placements, out / "memory_map.png")

    res = {"quick": quick, "machine": info, "config": cfg, "jobs": jobs,
           "throughput": {"rows": rows, "axiram": axiram_check(ram_rows, rows),
                          "python_responder": responder_check(py_rows, rows),
                          "definition": "beats/cycle = handshakes counted at the signal level / "
                                        "cycles from the first AR to the last B handshake "
                                        "(inclusive); e2e = from the first AXI-Lite AW handshake "
                                        "to the R handshake of the STATUS read returning DONE; "
                                        "latency 1 = zero wait (R in the cycle after AR)",
                          "addr_width": SIM_ADDR_WIDTH},
           "targets": targets(rows),
           "simspeed": simspeed(raw, rows),
           "allocator": allocator,
           "memory_map": {"source": placements["source"],
                          "buffers": len(placements["buffers"]),
                          "bounced": sum(1 for b in placements["buffers"] if b["bounced"]),
                          "widths": sorted({b["width"] for b in placements["buffers"]}),
                          "placements": placements["buffers"]},
           "files": files, "errors": errors,
           "runtime_s": {"total": time.perf_counter() - t_start, "simulations": sim_seconds,
                         "allocators": alloc_seconds}}
    res["machine"]["loadavg_end"] = list(os.getloadavg())
    files["results_json"] = str(out / "results.json")
    (out / "results.json").write_text(json.dumps(res, indent=1))
    (out / "results.md").write_text(markdown(res) + "\n")
    return res


def axiram_check(ram_rows: list[dict], rows: list[dict]) -> list[dict]:
    out = []
    for r in ram_rows:
        ref = next((x for x in rows if x["latency"] == 1 and x["size"] == r["size"] and
                    x["data_width"] == r["data_width"] and
                    x["max_burst_len"] == r["max_burst_len"]), None)
        d = {k: r[k] for k in ("data_width", "max_burst_len", "size", "bus_cycles", "beats",
                               "r_beats_per_cycle", "w_beats_per_cycle", "first_r_after_ar",
                               "cycles_per_s", "cycles_per_cpu_s")}
        if ref is not None:
            d["lean_bus_cycles"] = ref["bus_cycles"]
            d["extra_cycles_vs_lean"] = r["bus_cycles"] - ref["bus_cycles"]
            # one cycle of extra first-beat latency is not a pause; anything beyond is
            extra = d["extra_cycles_vs_lean"] - (r["first_r_after_ar"] - ref["first_r_after_ar"])
            d["sustains_one_beat_per_cycle"] = extra <= 1
        out.append(d)
    return out


def responder_check(py_rows: list[dict], rows: list[dict]) -> list[dict]:
    """AxiMemory's lean responder (bench/memory.py, bare engine) against bench_top's
    Verilog responder on the same copy: the cycle counts must be identical."""
    out = []
    for r in py_rows:
        ref = _find(rows, size=r["size"], latency=r["latency"], data_width=r["data_width"],
                    max_burst_len=r["max_burst_len"])
        d = {k: r[k] for k in ("data_width", "max_burst_len", "size", "latency", "bus_cycles",
                               "e2e_cycles", "first_r_after_ar", "cycles_per_s",
                               "cycles_per_cpu_s")}
        if ref is not None:
            d["verilog_bus_cycles"] = ref["bus_cycles"]
            d["verilog_e2e_cycles"] = ref["e2e_cycles"]
            d["identical"] = (ref["bus_cycles"], ref["e2e_cycles"], ref["first_r_after_ar"]) == \
                (r["bus_cycles"], r["e2e_cycles"], r["first_r_after_ar"])
        out.append(d)
    return out


def _find(rows, **kw):
    return next((r for r in rows if all(r.get(k) == v for k, v in kw.items())), None)


def targets(rows: list[dict]) -> list[dict]:
    out = []
    for lat, goal in ((1, 0.99), (16, 0.95)):
        r = _find(rows, latency=lat, **TARGET_CFG)
        name = (f"64 KiB, DW 32, burst 16, {'zero wait' if lat == 1 else '16-cycle read latency'}"
                f": >= {goal} beats/cycle per direction")
        if r is None:
            out.append({"target": name, "value": None, "result": "NOT MEASURED"})
            continue
        v = min(r["r_beats_per_cycle"], r["w_beats_per_cycle"])
        out.append({"target": name, "goal": goal, "value": v,
                    "result": "PASS" if v >= goal else "MISS"})
    lat_rows = [r for r in rows if r["latency"] == 16 and r["size"] == 64 * KIB]
    if lat_rows:
        worst = min(lat_rows, key=lambda r: min(r["r_beats_per_cycle"], r["w_beats_per_cycle"]))
        v = min(worst["r_beats_per_cycle"], worst["w_beats_per_cycle"])
        out.append({"target": "(info) every 64 KiB configuration with 16-cycle read latency: "
                              ">= 0.95", "goal": 0.95, "value": v,
                    "worst": f"DW {worst['data_width']}, burst {worst['max_burst_len']}",
                    "result": "PASS" if v >= 0.95 else "MISS"})
    return out


def simspeed(raw: Path, rows: list[dict]) -> dict:
    d = {}
    for v in ("full", "bare"):
        f = raw / f"simspeed_{v}.json"
        if f.exists():
            d[v] = json.loads(f.read_text())
    if "full" in d and "bare" in d:
        d["overhead_ratio_wall"] = d["bare"]["cycles_per_s"] / d["full"]["cycles_per_s"]
        d["overhead_ratio_cpu"] = d["bare"]["cycles_per_cpu_s"] / d["full"]["cycles_per_cpu_s"]
    ref = _find(rows, latency=1, size=d.get("full", {}).get("size", 64 * KIB), data_width=64,
                max_burst_len=16)
    if ref:
        d["lean_responder"] = {"cycles_per_s": ref["cycles_per_s"],
                               "cycles_per_cpu_s": ref["cycles_per_cpu_s"],
                               "note": "same copy, DW 64 burst 16, dma_engine in "
                                       "benchmarks/bench_top.v (memory and counters in Verilog, "
                                       "no Python per cycle): the simulator's own floor"}
    return d


# ---- printing --------------------------------------------------------------------------------
def _sz(n: int) -> str:
    return f"{n // MIB} MiB" if n >= MIB else f"{n // KIB} KiB"


def _bursts(r: dict) -> str:
    return str(r["ar_bursts"]) if r["ar_bursts"] == r["aw_bursts"] else \
        f"{r['ar_bursts']}/{r['aw_bursts']}"


def _target_text(t: dict) -> str:
    """'<target>: <value>[ (worst: ...)]' for one entry of results["targets"]."""
    v = "n/a" if t["value"] is None else f"{t['value']:.4f}"
    return f"{t['target']}: {v}" + (f" (worst: {t['worst']})" if "worst" in t else "")


WASTE_RATIOS = ("mask_pool_per_page_needed", "pow2_per_page_needed",
                "mask_pool_per_page_of_bytes", "pow2_per_page_of_bytes")


def _consumed(a: dict) -> str:
    """Pages consumed per page requested of the mask pool and of cocotbext-axi's buddy."""
    return (f"mask pool {a['mask_pool']['consumed_per_requested']:.3f}, cocotbext-axi buddy "
            f"{a['cocotbext_buddy']['consumed_per_requested']:.3f}")


def table(res: dict) -> str:
    L = []
    m = res["machine"]
    L.append(f"maskdma make bench{' (QUICK)' if res['quick'] else ''} -- {m['date_utc']}, "
             f"{m['cpu_model']}, {m['cores']} cores, Python {m['python']}, {m['icarus']}, "
             f"git {m['git_head']}, load avg {m['loadavg_start'][0]:.1f} -> "
             f"{m['loadavg_end'][0]:.1f}")
    L.append("")
    L.append("1. Copy throughput (ADDR_WIDTH 32; beats/cycle per direction; % of DATA_WIDTH/8 "
             "B/cycle; bus = first AR..last B, e2e = first register write..DONE read)")
    L.append(f"{'DW':>4} {'burst':>5} {'rd lat':>6} {'size':>8} {'AR/AW':>6} {'R b/c':>7} "
             f"{'W b/c':>7} {'% limit':>8} {'bus cyc':>8} {'e2e b/c':>8} {'e2e %':>7} "
             f"{'e2e cyc':>8}")
    for r in res["throughput"]["rows"]:
        L.append(f"{r['data_width']:>4} {r['max_burst_len']:>5} "
                 f"{(str(r['latency']) if r['latency'] > 1 else '0-wait'):>6} {_sz(r['size']):>8} "
                 f"{_bursts(r):>6} {r['r_beats_per_cycle']:>7.4f} {r['w_beats_per_cycle']:>7.4f} "
                 f"{min(r['r_pct_limit'], r['w_pct_limit']):>7.2f}% {r['bus_cycles']:>8} "
                 f"{r['e2e_beats_per_cycle']:>8.4f} {r['e2e_pct_limit']:>6.2f}% "
                 f"{r['e2e_cycles']:>8}")
    L.append("")
    L.append("   cocotbext-axi AxiRam at zero wait (same copy, same engine):")
    for a in res["throughput"]["axiram"]:
        L.append(f"   DW {a['data_width']:>3} burst {a['max_burst_len']:>3} {_sz(a['size']):>7}: "
                 f"R {a['r_beats_per_cycle']:.4f} W {a['w_beats_per_cycle']:.4f} b/c, "
                 f"{a['bus_cycles']} cycles ({a.get('extra_cycles_vs_lean', '?'):+} vs lean, "
                 f"first R {a['first_r_after_ar']} cycles after AR) -> "
                 f"{'sustains' if a.get('sustains_one_beat_per_cycle') else 'DOES NOT sustain'}"
                 f" 1 beat/cycle; {a['cycles_per_s']:,.0f} cycles/s")
    for p in res["throughput"].get("python_responder", []):
        L.append(f"   Python lean responder (AxiMemory lean) DW {p['data_width']} burst "
                 f"{p['max_burst_len']} {_sz(p['size'])} latency {p['latency']}: bus "
                 f"{p['bus_cycles']} / e2e {p['e2e_cycles']} cycles vs bench_top.v "
                 f"{p.get('verilog_bus_cycles')} / {p.get('verilog_e2e_cycles')} -> "
                 f"{'identical' if p.get('identical') else 'DIFFERENT'}; "
                 f"{p['cycles_per_s']:,.0f} cycles/s")
    L.append("")
    L.append("   Targets:")
    for t in res["targets"]:
        L.append(f"   [{t['result']}] {_target_text(t)}")
    L.append("")
    s = res["simspeed"]
    L.append("2. Simulation speed (simulated clock cycles per second; ADDR_WIDTH 32, DW 64, "
             "burst 16, bench memory = AxiSlave over PhysicalMemory)")
    for v, what in (("full", "full bench: pyuvm env + guard + scoreboard"),
                    ("bare", "guard and scoreboard off, no pyuvm")):
        if v in s:
            x = s[v]
            L.append(f"   {what:45s} {x['cycles_per_s']:>9,.0f} cycles/s wall "
                     f"({x['cycles_per_cpu_s']:,.0f}/CPU-s), {_sz(x['size'])} copy = "
                     f"{x['sim_cycles']} cycles, best of {x['repeat']}")
    if "overhead_ratio_wall" in s:
        L.append(f"   overhead ratio (bare / full): {s['overhead_ratio_wall']:.2f} wall, "
                 f"{s['overhead_ratio_cpu']:.2f} CPU")
    if "lean_responder" in s:
        x = s["lean_responder"]
        L.append(f"   (reference, no Python per cycle -- bench_top.v: {x['cycles_per_s']:,.0f} "
                 f"cycles/s wall, {x['cycles_per_cpu_s']:,.0f}/CPU-s)")
    L.append("")
    a = res["allocator"]["speed"]
    tr = a["trace"]
    L.append(f"3. Allocators: alloc+free pairs/s on one trace ({tr['allocs']} allocs, sizes "
             f"{tr['sizes_pages']} pages, ~{tr['fill']:.0%} of {tr['pool_bytes'] >> 20} MiB live, "
             f"best of {tr['repeat']})")
    for k, what in (("mask_pool", "mask pool (models.MaskAllocator)"),
                    ("buddy", "buddy (models.BuddyAllocator, pow2 orders)"),
                    ("mempool", "mempool (mempool_create_pool_pmask, force)"),
                    ("swiotlb", "swiotlb map/unmap (incl. bounce copy)"),
                    ("cocotbext_buddy", "cocotbext-axi BuddyAllocator")):
        L.append(f"   {what:44s} {a[k]['pairs_per_s']:>12,.0f} pairs/s  "
                 f"({a[k]['vs_cocotbext_buddy']:.2f}x cocotbext-axi)")
    L.append(f"   pages consumed / requested on this trace: {_consumed(a)}")
    w = res["allocator"]["waste"]
    L.append(f"   Realistic DMA size trace ({w['buffers']} buffers all live): pages consumed per "
             f"page needed (ceil(size/4 KiB)) and per 4 KiB of bytes requested")
    L.append(f"   {'class':24s} {'buffers':>7} {'mask pool':>10} {'pow2':>7} "
             f"{'mask/bytes':>10} {'pow2/bytes':>10}")
    for cls, d in w["per_class"].items():
        L.append(f"   {cls:24s} {d['buffers']:>7} " + " ".join(
            f"{d[k]:>{n}.3f}" for k, n in zip(WASTE_RATIOS, (10, 7, 10, 10))))
    L.append("")
    mm = res["memory_map"]
    L.append(f"4. Memory map: {mm['buffers']} buffers at widths {mm['widths']}, {mm['bounced']} "
             f"bounced; source: {mm['source']}")
    for k, v in res["files"].items():
        L.append(f"   {k}: {v}")
    rt = res["runtime_s"]
    L.append(f"Runtime: {rt['total']:.0f} s (simulations {rt['simulations']:.0f} s on "
             f"{res['jobs']} processes, allocators {rt['allocators']:.0f} s)")
    if res["errors"]:
        L.append(f"ERRORS ({len(res['errors'])}):")
        L.extend("   " + e.splitlines()[0] for e in res["errors"])
    return "\n".join(L)


def markdown(res: dict) -> str:
    """The figures of one run as Markdown (docs/benchmarks.md records one full run)."""
    m = res["machine"]
    L = [f"Run of {m['date_utc']} (git {m['git_head']}{', QUICK' if res['quick'] else ''}): "
         f"{m['cpu_model']}, {m['cores']} cores, {m['platform']}, Python {m['python']}, "
         f"{m['icarus']}, cocotb {m['cocotb']}, pyuvm {m['pyuvm']}; load average "
         f"{m['loadavg_start'][0]:.1f} at the start, {m['loadavg_end'][0]:.1f} at the end; "
         f"`make bench` took {res['runtime_s']['total']:.0f} s "
         f"(simulations {res['runtime_s']['simulations']:.0f} s on {res['jobs']} processes).", ""]
    L.append("### 1. Copy throughput")
    L.append("")
    L.append("| DW | burst | read latency | size | AR (= AW) bursts | R beats/cycle | W beats/cycle "
             "| % of limit | bus cycles | e2e beats/cycle | e2e % | e2e cycles |")
    L.append("|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in res["throughput"]["rows"]:
        L.append(f"| {r['data_width']} | {r['max_burst_len']} | "
                 f"{'zero wait' if r['latency'] <= 1 else str(r['latency']) + ' cycles'} | "
                 f"{_sz(r['size'])} | {_bursts(r)} | {r['r_beats_per_cycle']:.4f} | "
                 f"{r['w_beats_per_cycle']:.4f} | {min(r['r_pct_limit'], r['w_pct_limit']):.2f} % | "
                 f"{r['bus_cycles']} | {r['e2e_beats_per_cycle']:.4f} | "
                 f"{r['e2e_pct_limit']:.2f} % | {r['e2e_cycles']} |")
    L.append("")
    L.append("Targets:")
    L.append("")
    for t in res["targets"]:
        L.append(f"- **{t['result']}** {_target_text(t)}")
    L.append("")
    L.append("cocotbext-axi `AxiRam` as the memory, zero wait, same engine and copy:")
    L.append("")
    L.append("| DW | burst | size | R beats/cycle | bus cycles | vs lean responder | first R after AR "
             "| sustains 1 beat/cycle | sim cycles/s |")
    L.append("|---:|---:|---:|---:|---:|---:|---:|---|---:|")
    for a in res["throughput"]["axiram"]:
        L.append(f"| {a['data_width']} | {a['max_burst_len']} | {_sz(a['size'])} | "
                 f"{a['r_beats_per_cycle']:.4f} | {a['bus_cycles']} | "
                 f"{a.get('extra_cycles_vs_lean', 0):+d} | {a['first_r_after_ar']} | "
                 f"{'yes' if a.get('sustains_one_beat_per_cycle') else 'no'} | "
                 f"{a['cycles_per_s']:,.0f} |")
    py = res["throughput"].get("python_responder", [])
    if py:
        L.append("")
        L.append("Cross-check of the two zero-wait/latency responders (the matrix uses the Verilog "
                 "one in `benchmarks/bench_top.v`; `bench.memory.AxiMemory(lean=True)` is the "
                 "Python one):")
        L.append("")
        L.append("| DW | burst | size | latency | Python bus / e2e cycles | Verilog bus / e2e cycles "
                 "| identical |")
        L.append("|---:|---:|---:|---:|---:|---:|---|")
        for p in py:
            L.append(f"| {p['data_width']} | {p['max_burst_len']} | {_sz(p['size'])} | "
                     f"{p['latency']} | {p['bus_cycles']} / {p['e2e_cycles']} | "
                     f"{p.get('verilog_bus_cycles')} / {p.get('verilog_e2e_cycles')} | "
                     f"{'yes' if p.get('identical') else 'NO'} |")
    L.append("")
    s = res["simspeed"]
    L.append("### 2. Simulation speed")
    L.append("")
    L.append("| bench | sim cycles/s (wall) | sim cycles per CPU-second | cycles of the copy | runs |")
    L.append("|---|---:|---:|---:|---:|")
    for v, what in (("full", "full: pyuvm env + AddressGuard + scoreboard"),
                    ("bare", "guard and scoreboard off, no pyuvm")):
        if v in s:
            x = s[v]
            L.append(f"| {what} | {x['cycles_per_s']:,.0f} | {x['cycles_per_cpu_s']:,.0f} | "
                     f"{x['sim_cycles']} | best of {x['repeat']} |")
    if "lean_responder" in s:
        x = s["lean_responder"]
        L.append(f"| (reference) engine in bench_top.v, memory in Verilog, no Python per cycle "
                 f"| {x['cycles_per_s']:,.0f} | "
                 f"{x['cycles_per_cpu_s']:,.0f} | | |")
    if "overhead_ratio_wall" in s:
        L.append("")
        L.append(f"Overhead ratio (bare / full): **{s['overhead_ratio_wall']:.2f}** wall-clock, "
                 f"**{s['overhead_ratio_cpu']:.2f}** CPU time.")
    L.append("")
    a = res["allocator"]["speed"]
    tr = a["trace"]
    L.append("### 3. Allocators")
    L.append("")
    L.append(f"Trace: {tr['allocs']:,} allocations of {tr['sizes_pages']} pages, ~{tr['fill']:.0%}"
             f" of {tr['pool_bytes'] >> 20} MiB live, best of {tr['repeat']}.")
    L.append("")
    L.append("| allocator | alloc+free pairs/s | vs cocotbext-axi BuddyAllocator |")
    L.append("|---|---:|---:|")
    for k, what in (("mask_pool", "mask pool (`MaskAllocator`)"),
                    ("buddy", "buddy (`BuddyAllocator`, power-of-two orders)"),
                    ("mempool", "mempool (`mempool_create_pool_pmask`, pool forced)"),
                    ("swiotlb", "swiotlb map/unmap (includes the bounce copy)"),
                    ("cocotbext_buddy", "cocotbext-axi `BuddyAllocator`")):
        rep = a[k].get("repeat", tr["repeat"])
        note = f" (best of {rep})" if rep != tr["repeat"] and rep > 1 else \
            (" (one run)" if rep != tr["repeat"] else "")
        L.append(f"| {what}{note} | {a[k]['pairs_per_s']:,.0f} | "
                 f"{a[k]['vs_cocotbext_buddy']:.2f}x |")
    L.append("")
    L.append(f"Pages consumed / requested on that trace: {_consumed(a)}.")
    L.append("")
    w = res["allocator"]["waste"]
    L.append(f"Realistic DMA size trace, {w['buffers']:,} buffers all live:")
    L.append("")
    L.append("| class | buffers | mask pool pages / page needed | power-of-two pages / page "
             "needed | mask pool / 4 KiB of bytes | power-of-two / 4 KiB of bytes |")
    L.append("|---|---:|---:|---:|---:|---:|")
    for cls, d in w["per_class"].items():
        L.append(f"| {cls} | {d['buffers']:,} | "
                 + " | ".join(f"{d[k]:.3f}" for k in WASTE_RATIOS) + " |")
    L.append("")
    mm = res["memory_map"]
    L.append("### 4. Memory map")
    L.append("")
    L.append(f"{mm['buffers']} buffers at widths {', '.join(map(str, mm['widths']))}; "
             f"{mm['bounced']} bounced. Source: {mm['source']}.")
    return "\n".join(L)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true",
                    help="tiny sizes and a reduced matrix (the smoke test; BENCH_QUICK=1)")
    ap.add_argument("--jobs", type=int, default=int(os.environ.get("BENCH_JOBS", "2")),
                    help="parallel simulator processes (default 2, env BENCH_JOBS)")
    ap.add_argument("--out", type=Path, default=ROOT / "build" / "bench")
    ap.add_argument("--markdown", type=Path, metavar="RESULTS_JSON",
                    help="print the figures of an existing results.json as Markdown and exit")
    args = ap.parse_args(argv)
    if args.markdown:
        print(markdown(json.loads(args.markdown.read_text())))
        return 0
    quick = args.quick or os.environ.get("BENCH_QUICK", "0") not in ("", "0")
    res = run(quick=quick, jobs=max(1, args.jobs), out=args.out)
    print()
    print(table(res))
    return 1 if res["errors"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
