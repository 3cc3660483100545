#!/usr/bin/env python3
"""Print the device-level summary table of one `make sim` run: ``tools/sim_summary.py [DIR]``.

DIR is the run's results directory (``make sim`` passes build/sim/results/<its session id>);
the default is build/sim/results/latest, the newest pytest session's (tests/sim/conftest.py).

One row per address width: jobs, bytes moved, bursts and bytes the guard checked, violations
(unexpected ones; those of tests that provoke violations on purpose -- ``provokes_violations``
in their record -- are shown as "+N provoked"), bounced mappings,
coverage (bins hit by any test of that width / bins applicable to it) and the result. Then the
multi-device machine (DIR/machine_*.json, tests/sim/test_sim_machine.py): one row per
device over the machine's tests (width, jobs, packets, bytes moved, bursts checked, violations,
bounced, result) and the pool pages each device held at the contention peak, with the mask
allocator and with the pre-2008 zone policy. Exit status 0 always: pytest's status is what
`make sim` returns.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LATEST = ROOT / "build" / "sim" / "results" / "latest"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("results", nargs="?", type=Path, default=LATEST,
                    help="a session's results directory (default: %(default)s)")
    results = ap.parse_args(argv).results
    files = sorted(results.glob("w*_*.json"))
    machine = sorted(results.glob("machine_*.json"))
    if not files and not machine:
        print(f"sim summary: no results in {results}")
        return 0
    where = _shown(results)
    if files:
        width_table(files, where)
    if machine:
        machine_table(machine, where)
    return 0


def _shown(path: Path) -> str:
    """``path`` with links resolved (``latest`` shows the session it points at), relative to
    the repository when inside it."""
    real = path.resolve()
    try:
        return str(real.relative_to(ROOT))
    except ValueError:
        return str(real)


def machine_table(files: list[Path], where: str) -> None:
    """Per-device rows of the multi-device machine, and the contention figures."""
    rows: dict[str, dict] = {}
    pools: dict[str, dict] = {}
    failed = []
    for f in files:
        r = json.loads(f.read_text())
        if r.get("quiescent") is not True:
            failed.append(r.get("test", f.stem))
        if "pool" in r:
            pools[r.get("zone_policy") or "mask"] = r["pool"]
        for name, d in r.get("devices", {}).items():
            row = rows.setdefault(name, {"width": d["width"], "engine": d["engine"], "jobs": 0,
                                         "packets": 0, "bytes": 0, "bursts": 0, "viol": 0,
                                         "bounced": 0, "sb": 0})
            row["jobs"] += d.get("jobs", 0)
            row["packets"] += d.get("packets", 0)
            row["bytes"] += d.get("bytes_moved", 0)
            row["bursts"] += d.get("bursts_checked", 0)
            row["viol"] += d.get("violations", 0)
            row["bounced"] += d.get("bounced", 0)
            row["sb"] += d.get("scoreboard_errors", 0)
    head = (f"{'device':>6}  {'width':>5}  {'engine':<10}  {'jobs':>5}  {'packets':>7}  "
            f"{'bytes moved':>11}  {'bursts chk':>10}  {'violations':>10}  {'bounced':>7}  result")
    print()
    print(f"one machine, several devices ({where}/machine_*.json, {len(files)} tests)")
    print(head)
    print("-" * len(head))
    for name, r in sorted(rows.items(), key=lambda kv: kv[1]["width"]):
        ok = not r["viol"] and not r["sb"] and not failed
        print(f"{name:>6}  {r['width']:>5}  {r['engine']:<10}  {r['jobs']:>5}  {r['packets']:>7}  "
              f"{r['bytes']:>11}  {r['bursts']:>10}  {r['viol']:>10}  {r['bounced']:>7}  "
              f"{'PASS' if ok else 'FAIL' + (' (' + ', '.join(failed) + ')' if failed else '')}")
    if pools:
        names = sorted((n for n in rows if any(n in p for p in pools.values())),
                       key=lambda n: rows[n]["width"])
        print("\npool pages held at the contention peak (64 MiB pool, maskzone=force; "
              "zone = below 16 MiB)")
        print(f"{'policy':>8}  " + "  ".join(f"{n + ' (w' + str(rows[n]['width']) + ')':>16}"
                                        for n in names) + f"  {'swiotlb':>7}  {'free':>11}")
        for policy, p in sorted(pools.items()):
            cells = []
            for n in names:
                d = p.get(n, {})
                cell = f"{d.get('pool_pages', 0)} ({d.get('zone_dma_pages', 0)} zone)"
                cells.append(f"{cell + (' ENOMEM' if d.get('enomem') else ''):>16}")
            free = p.get("free", {})
            print(f"{policy:>8}  " + "  ".join(cells) +
                  f"  {p.get('swiotlb', {}).get('pool_pages', 0):>7}  "
                  f"{str(free.get('pool_pages', 0)) + ' (' + str(free.get('zone_dma_pages', 0)) + ' zone)':>11}")


def width_table(files: list[Path], where: str) -> None:
    cpu: dict[str, float] = defaultdict(float)  # simulator CPU seconds per xdist worker
    rows = defaultdict(lambda: {"tests": 0, "failed": [], "jobs": 0, "bytes": 0, "bursts": 0,
                                "guard_bytes": 0, "viol": 0, "provoked": 0, "bounced": 0,
                                "hit": set(), "bins": set(), "waves": []})
    for f in files:
        r = json.loads(f.read_text())
        row = rows[int(r["width"])]
        row["tests"] += 1
        cpu[r.get("worker", "?")] += r.get("sim_cpu_s", 0.0)
        if r.get("result") != "pass":
            row["failed"].append(r.get("test", f.stem))
        row["jobs"] += r.get("jobs", 0)
        row["bytes"] += r.get("bytes_moved", 0)
        row["bursts"] += r.get("bursts_checked", 0)
        row["guard_bytes"] += r.get("bytes_checked", 0)
        if r.get("provokes_violations"):
            row["provoked"] += r.get("violations", 0)
        else:
            row["viol"] += r.get("violations", 0)
        row["bounced"] += r.get("bounced", 0)
        row["hit"].update(r.get("coverage_hit", []))
        row["bins"].update(r.get("coverage_bins", []))
        if r.get("waves"):
            row["waves"].append(r["waves"])
    head = (f"{'width':>5}  {'tests':>5}  {'jobs':>5}  {'bytes moved':>11}  {'bursts chk':>10}  "
            f"{'violations':>16}  {'bounced':>7}  {'coverage':>8}  result")
    print()
    print(f"device-level simulation summary ({where})")
    print(head)
    print("-" * len(head))
    tot = defaultdict(int)
    any_fail = False
    for w in sorted(rows):
        r = rows[w]
        cov = 100.0 * len(r["hit"] & r["bins"]) / len(r["bins"]) if r["bins"] else 0.0
        viol = f"{r['viol']}" + (f" (+{r['provoked']} provoked)" if r["provoked"] else "")
        res = "PASS" if not r["failed"] else f"FAIL ({', '.join(r['failed'])})"
        any_fail |= bool(r["failed"])
        print(f"{w:>5}  {r['tests']:>5}  {r['jobs']:>5}  {r['bytes']:>11}  {r['bursts']:>10}  "
              f"{viol:>16}  {r['bounced']:>7}  {cov:>7.1f}%  {res}")
        for k in ("tests", "jobs", "bytes", "bursts", "viol", "bounced"):
            tot[k] += r[k]
    print("-" * len(head))
    print(f"{'all':>5}  {tot['tests']:>5}  {tot['jobs']:>5}  {tot['bytes']:>11}  "
          f"{tot['bursts']:>10}  {tot['viol']:>16}  {tot['bounced']:>7}  {'':>8}  "
          f"{'FAIL' if any_fail else 'PASS'}")
    total = sum(cpu.values())
    if total:
        print(f"simulator CPU {total:.1f} s ({tot['bytes'] / total / 1e3:.0f} kB moved per "
              f"CPU-second; per worker: " +
              ", ".join(f"{w} {s:.1f} s" for w, s in sorted(cpu.items())) + ")")
    waves = [p for r in rows.values() for p in r["waves"]]
    if waves:
        print(f"\nwaves ({len(waves)} FST file(s); `make waves` opens the newest):")
        for p in sorted(waves):
            print(f"  {p}")


if __name__ == "__main__":
    sys.exit(main())
