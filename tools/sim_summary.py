#!/usr/bin/env python3
"""Print the device-level summary table of the last `make sim` (build/sim/results/*.json).

One row per address width: jobs, bytes moved, bursts and bytes the guard checked, violations
(unexpected ones; those of tests that provoke violations on purpose -- ``provokes_violations``
in their record -- are shown as "+N provoked"), bounced mappings,
coverage (bins hit by any test of that width / bins applicable to it) and the result. Exit
status 0 always: pytest's status is what `make sim` returns.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "build" / "sim" / "results"


def main() -> int:
    files = sorted(RESULTS.glob("w*_*.json"))
    if not files:
        print(f"sim summary: no results in {RESULTS}")
        return 0
    rows = defaultdict(lambda: {"tests": 0, "failed": [], "jobs": 0, "bytes": 0, "bursts": 0,
                                "guard_bytes": 0, "viol": 0, "provoked": 0, "bounced": 0,
                                "hit": set(), "bins": set(), "waves": []})
    for f in files:
        r = json.loads(f.read_text())
        row = rows[int(r["width"])]
        row["tests"] += 1
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
    print("device-level simulation summary (build/sim/results)")
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
    waves = [p for r in rows.values() for p in r["waves"]]
    if waves:
        print(f"\nwaves ({len(waves)} FST file(s); `make waves` opens the newest):")
        for p in sorted(waves):
            print(f"  {p}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
