"""Device-level pyuvm tests of dma_engine (run by test_sim_device.py, one simulator per test).

Each class is a cocotb test selectable by name; the width, legacy mode and seed come from the
environment (bench.sim_runner). Every test ends with ``machine.check_quiescent()`` (in
DmaBaseTest) and with the guard's and the scoreboard's checks.
"""

from __future__ import annotations

import pyuvm

from bench.env import DmaBaseTest
from bench.sequences import RandomJobsSeq, placements_for


@pyuvm.test()
class random_regression(DmaBaseTest):
    """>= 200 random jobs (seeded; SEED= overrides), placements mixed, 15 % SG chains."""

    async def body(self):
        tb = self.tb
        n = int(__import__("os").environ.get("MASKDMA_JOBS", "200"))
        await RandomJobsSeq("rnd", n=n, seed=tb.seed, places=placements_for(tb)).start(self.seqr)
        assert tb.driver.stats.jobs >= n
