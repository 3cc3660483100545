#!/usr/bin/env python3
"""`make soak`: N seeded random jobs per address width through the full bench, then a table.

    python tools/soak.py [--jobs N] [--widths "24 32 64"] [--sim icarus|verilator]
                         [--seed S] [--workers 2] [--kinds copy,machine]

Device kinds (``--kinds``, default every kind that has an adapter and a suite here):
- ``copy``: the copy engine (``bench.engines.dma_engine``) on its transaction-level top, one
  simulator per width running ``bench.suites.soak`` (N jobs: ``RandomJobsSeq`` through agent,
  guard, scoreboard, coverage);
- ``machine``: one machine with four devices (three copy engines of 24/32/64 bits and the NIC,
  ``bench.engines.nic_engine``) running ``bench.suites.machine``'s ``machine_traffic`` once (its
  own job counts; N does not apply).

Reported per run: jobs, jobs per second (simulator wall time of the job loop, and of the whole
run including start-up), bytes moved, bursts the guard checked, violations (must be 0), leaks
(must be 0: live mappings and free counts off their boot values), coverage, the peak resident
set of the simulator process (watched from /proc; must stay below 1 GiB) and the result. A
failure prints its seed and the command that reproduces it. Exit status 1 on any failure,
violation, leak or RSS over the limit.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from bench import simulators
from bench.widths import DEFAULT_WIDTHS, parse_widths

ROOT = Path(__file__).resolve().parents[1]
SOAK_DIR = ROOT / "build" / "soak"
RSS_LIMIT_KIB = 1 << 20  # 1 GiB
KINDS = ("copy", "machine")
SIM_PROGRAMS = ("vvp", "dma_engine_tb", "machine_tb")  # Icarus, Verilator executables


@dataclass
class SoakRow:
    kind: str
    width: str
    result: str = "fail"
    jobs: int = 0
    bytes: int = 0
    bursts: int = 0
    violations: int = 0
    leaks: int = 0
    coverage: float | None = None
    loop_s: float = 0.0
    run_s: float = 0.0
    rss_kib: int = 0
    failure: str = ""
    log: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return (self.result == "pass" and self.violations == 0 and self.leaks == 0
                and self.rss_kib < RSS_LIMIT_KIB)


class RssWatch:
    """Peak VmHWM of this process's simulator descendants (read from /proc every 0.2 s)."""

    def __init__(self):
        self.peak_kib = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> "RssWatch":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        me = str(os.getpid())
        while not self._stop.wait(0.2):
            for pid in os.listdir("/proc"):
                if not pid.isdigit():
                    continue
                try:
                    status = Path(f"/proc/{pid}/status").read_text()
                except OSError:
                    continue
                fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
                name = fields.get("Name", "").strip()
                if name not in SIM_PROGRAMS or not _descends(pid, me):
                    continue
                hwm = int(fields.get("VmHWM", "0 kB").split()[0])
                self.peak_kib = max(self.peak_kib, hwm)


def _descends(pid: str, ancestor: str) -> bool:
    for _ in range(8):
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            return False
        pid = stat.rsplit(")", 1)[1].split()[1]
        if pid == ancestor:
            return True
        if pid in ("0", "1"):
            return False
    return False


def repro(kind: str, width: str, jobs: int, seed: int, sim: str) -> str:
    widths = f" SOAK_WIDTHS={width}" if kind == "copy" else ""
    return (f"SEED={seed} make soak SOAK_JOBS={jobs}{widths} SOAK_KINDS={kind} SIM={sim}")


def soak_copy(width: int, jobs: int, seed: int, sim: str) -> SoakRow:
    from bench.sim_runner import SimConfig, run_group

    row = SoakRow("copy", str(width))
    t0 = time.perf_counter()
    with RssWatch() as rss:
        rec = run_group(width, ["soak"], seed=seed, waves=False, config=SimConfig("tlm", sim),
                        module="bench.suites.soak", results_dir=SOAK_DIR / "results",
                        extra_env={"MASKDMA_SOAK_JOBS": str(jobs),
                                   "COCOTB_LOG_LEVEL": os.environ.get("COCOTB_LOG_LEVEL",
                                                                      "WARNING")})["soak"]
    row.run_s = time.perf_counter() - t0
    row.result = rec["result"]
    row.jobs = rec.get("jobs", 0)
    row.bytes = rec.get("bytes_moved", 0)
    row.bursts = rec.get("bursts_checked", 0)
    row.violations = rec.get("violations", 0)
    row.leaks = rec.get("leaks", 0 if rec["result"] == "pass" else -1)
    row.coverage = rec.get("coverage_pct")
    row.loop_s = rec.get("soak_wall_s", 0.0)
    row.rss_kib = max(rss.peak_kib, rec.get("peak_rss_kib", 0))
    row.failure = rec.get("failure", "")
    row.log = rec.get("log", "")
    return row


def soak_machine(jobs: int, seed: int, sim: str) -> SoakRow:
    from bench.machine import run_machine_suite
    from bench.sim_runner import BUILD

    os.environ["MASKDMA_SIM"] = sim
    row = SoakRow("machine", "24/30/32/64")
    results = SOAK_DIR / "results"
    t0 = time.perf_counter()
    with RssWatch() as rss:
        outcome = run_machine_suite(["machine_traffic"], results, BUILD / "machine", seed=seed)
    row.run_s = time.perf_counter() - t0
    row.rss_kib = rss.peak_kib
    fail = outcome.get("machine_traffic")
    row.result = "pass" if fail == "" else "fail"
    row.failure = fail or ("machine_traffic did not run" if fail is None else "")
    row.log = str(BUILD / "machine" / "run" / "sim.log")
    path = results / "machine_machine_traffic.json"
    if path.exists():
        rec = json.loads(path.read_text())
        for d in rec.get("devices", {}).values():
            row.jobs += d.get("jobs", 0)
            row.bytes += d.get("bytes", d.get("bytes_moved", 0))
            row.bursts += d.get("bursts_checked", 0)
            row.violations += d.get("violations", 0)
        row.leaks = 0 if rec.get("quiescent") else 1
    row.loop_s = row.run_s
    return row


def _task(kind: str, width: int, jobs: int, seed: int, sim: str) -> SoakRow:
    try:
        return soak_copy(width, jobs, seed, sim) if kind == "copy" else \
            soak_machine(jobs, seed, sim)
    except Exception as exc:  # a build error or a crashed simulator is a failed row
        return SoakRow(kind, str(width), failure=f"{type(exc).__name__}: {exc}")


def table(rows: list[SoakRow], wall: float) -> str:
    head = (f"{'kind':8s} {'width':>11s} {'jobs':>7s} {'jobs/s':>8s} {'bytes':>11s} "
            f"{'bursts chk':>10s} {'viol':>5s} {'leaks':>5s} {'cov':>6s} {'RSS MiB':>8s} "
            f"{'run s':>7s}  result")
    out = [head, "-" * len(head)]
    for r in rows:
        rate = r.jobs / r.loop_s if r.loop_s else 0.0
        cov = f"{r.coverage:5.1f}%" if r.coverage is not None else "    - "
        out.append(f"{r.kind:8s} {r.width:>11s} {r.jobs:>7d} {rate:>8.1f} {r.bytes:>11d} "
                   f"{r.bursts:>10d} {r.violations:>5d} {r.leaks:>5d} {cov:>6s} "
                   f"{r.rss_kib / 1024:>8.1f} {r.run_s:>7.1f}  "
                   f"{'PASS' if r.ok else 'FAIL'}")
    jobs = sum(r.jobs for r in rows)
    out.append("-" * len(head))
    out.append(f"{'all':8s} {'':>11s} {jobs:>7d} {jobs / wall if wall else 0:>8.1f} "
               f"{sum(r.bytes for r in rows):>11d} {sum(r.bursts for r in rows):>10d} "
               f"{sum(r.violations for r in rows):>5d} {sum(r.leaks for r in rows):>5d} "
               f"{'':>6s} {max((r.rss_kib for r in rows), default=0) / 1024:>8.1f} "
               f"{wall:>7.1f}  {'PASS' if all(r.ok for r in rows) else 'FAIL'}")
    return "\n".join(out)


def parse_args(argv):
    env = os.environ
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--jobs", type=int, default=int(env.get("SOAK_JOBS") or 10000))
    ap.add_argument("--widths", default=env.get("SOAK_WIDTHS", ""))
    ap.add_argument("--sim", default=env.get("SIM") or env.get("MASKDMA_SIM") or "icarus")
    ap.add_argument("--seed", type=int, default=int(env.get("SEED") or 2008))
    ap.add_argument("--workers", type=int, default=int(env.get("SOAK_WORKERS") or 2))
    ap.add_argument("--kinds", default=env.get("SOAK_KINDS", ""))
    ap.add_argument("--json", type=Path, default=SOAK_DIR / "soak.json")
    a = ap.parse_args(argv)
    if a.jobs < 1:
        ap.error(f"--jobs/SOAK_JOBS {a.jobs}: must be >= 1")
    if a.workers < 1:
        ap.error(f"--workers {a.workers}: must be >= 1")
    try:
        a.sim = simulators.check_name(a.sim)
        a.widths = parse_widths([a.widths]) if a.widths.strip() else list(DEFAULT_WIDTHS)
    except ValueError as exc:
        ap.error(str(exc))
    kinds = [k for k in a.kinds.replace(",", " ").split() if k] or list(KINDS)
    bad = [k for k in kinds if k not in KINDS]
    if bad:
        ap.error(f"--kinds {bad}: must be among {', '.join(KINDS)}")
    a.kinds = kinds
    return a


def main(argv=None) -> int:
    a = parse_args(argv)
    SOAK_DIR.mkdir(parents=True, exist_ok=True)
    tasks = [("copy", w) for w in a.widths if "copy" in a.kinds]
    if "machine" in a.kinds:
        tasks.insert(0, ("machine", 0))
    print(f"soak: {a.jobs} jobs per width x widths {' '.join(map(str, a.widths))} on "
          f"{a.sim}, seed {a.seed}, kinds {', '.join(a.kinds)}, {a.workers} worker(s)",
          flush=True)
    t0 = time.perf_counter()
    rows: list[SoakRow] = []
    # One fresh process per simulator run (its descendants are the only ones its RSS watch sees).
    with ProcessPoolExecutor(max_workers=a.workers, max_tasks_per_child=1) as pool:
        futures = [pool.submit(_task, k, w, a.jobs, a.seed, a.sim) for k, w in tasks]
        for f in futures:
            r = f.result()
            rows.append(r)
            print(f"  {r.kind} w{r.width}: {'PASS' if r.ok else 'FAIL'} ({r.jobs} jobs, "
                  f"{r.run_s:.0f} s)", flush=True)
    wall = time.perf_counter() - t0
    print()
    print(table(rows, wall))
    bad = [r for r in rows if not r.ok]
    for r in bad:
        why = r.failure.strip() or (f"{r.violations} violation(s), {r.leaks} leak(s), peak RSS "
                                    f"{r.rss_kib} KiB (limit {RSS_LIMIT_KIB} KiB)")
        print(f"\nFAILED {r.kind} w{r.width}, seed {a.seed}; reproduce with:\n  "
              f"{repro(r.kind, r.width, a.jobs, a.seed, a.sim)}\n{why}\nlog: {r.log}")
    a.json.write_text(json.dumps({"sim": a.sim, "jobs_per_width": a.jobs, "seed": a.seed,
                                  "wall_s": wall, "rows": [r.__dict__ for r in rows]},
                                 indent=1))
    print(f"\nsoak wall time {wall:.1f} s; record {a.json}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
