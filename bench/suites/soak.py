"""The soak: N seeded random jobs through the full pyuvm bench on one engine (``tools/soak.py``).

``soak`` runs MASKDMA_SOAK_JOBS random jobs (``bench.sequences.RandomJobsSeq``, the mix of the
random regression: every placement, chains, unaligned ends) in chunks of ``CHUNK`` through the
agent, guard, scoreboard and coverage of ``bench.env``. At the end it gives the driver's pools
back and counts leaks: live mappings of the device plus pages/slots whose free counts differ from
boot (then ``retire`` requires none). The record (``Testbench.write_results``) carries, besides
jobs, bytes, bursts checked, violations and coverage: ``leaks``, ``peak_rss_kib`` (this
simulator process's peak resident set), ``soak_wall_s`` and ``soak_cpu_s`` (the job loop only).
"""

from __future__ import annotations

import os
import resource
import time

import pyuvm

from bench.env import DmaBaseTest
from bench.sequences import RandomJobsSeq, placements_for

CHUNK = 500
JOBS = int(os.environ.get("MASKDMA_SOAK_JOBS", "10000"))
# Simulated-time budget: ~120 cycles per job on average, chains and 6 KiB copies far more.
TIMEOUT_MS = 40 + JOBS // 10


def leaks(tb) -> int:
    """Live mappings of the device plus the free counts (buddy pages, pool pages, swiotlb slots)
    that differ from boot."""
    m = tb.machine
    now, boot = m.free_counts(), m.boot_counts
    lost = sum(abs(getattr(now, f) - getattr(boot, f))
               for f in ("buddy_pages", "pool_pages", "swiotlb_slots"))
    return len(tb.device.mappings()) + lost


@pyuvm.test(timeout_time=TIMEOUT_MS, timeout_unit="ms")
class soak(DmaBaseTest):
    """MASKDMA_SOAK_JOBS random jobs; leaks and peak RSS recorded (see the module docstring)."""

    async def run_phase(self):
        self.raise_objection()
        try:
            await self.tb.start()
            await self.body()
            self.tb.driver.destroy_pools()
            self.extra["leaks"] = leaks(self.tb)
            self.tb.retire()
        finally:
            self.extra["peak_rss_kib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            self._write_results()
            self.drop_objection()

    async def body(self):
        tb = self.tb
        t0, c0 = time.perf_counter(), time.process_time()
        done = 0
        while done < JOBS:
            k = min(CHUNK, JOBS - done)
            await RandomJobsSeq(f"soak{done}", n=k, seed=tb.rng.randrange(1 << 30),
                                places=placements_for(tb), caps=tb.caps).start(self.seqr)
            done += k
        self.extra["soak_wall_s"] = round(time.perf_counter() - t0, 3)
        self.extra["soak_cpu_s"] = round(time.process_time() - c0, 3)
        if tb.work.stats.jobs < JOBS:
            raise AssertionError(f"only {tb.work.stats.jobs} of {JOBS} soak jobs ran")
