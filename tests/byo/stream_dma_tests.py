"""pyuvm tests of hdl/stream_dma.v on the maskdma bench: tests of the copy-engine suite
(bench.suites.copy_engine) with env, sequences, scoreboard, coverage and guard unchanged, and
``StreamDmaAdapter`` supplied through ConfigDB in each test's build_phase (pyuvm clears ConfigDB
when a test starts). This is the user's side of docs/bring-your-own-engine.md."""

import os
from dataclasses import replace

import pyuvm
from pyuvm import ConfigDB

from bench.adapter import Copy
from bench.sequences import RandomJobsSeq, placements_for
from bench.suites import copy_engine
from tests.byo.stream_dma_adapter import StreamDmaAdapter


# Placements of bench.jobs that put buffers at byte offsets whatever Capabilities.alignment says
# ("straddle4k": size // 2 bytes before a page boundary; "straddle-limit": a random number of
# bytes below the limit). An aligned-only engine rightly refuses such work. Drop this filter once
# the bench aligns them.
UNALIGNED_PLACEMENTS = ("straddle4k", "straddle-limit")


def placements(tb) -> list[str]:
    """The suite's placements for this machine, minus UNALIGNED_PLACEMENTS when the engine is
    aligned-only."""
    return [p for p in placements_for(tb) if tb.caps.unaligned or p not in UNALIGNED_PLACEMENTS]


@pyuvm.test(timeout_time=80, timeout_unit="ms")
class stream_dma_random_regression(copy_engine.random_regression):
    """The suite's random regression (MASKDMA_JOBS jobs, default 200) on stream_dma."""

    def build_phase(self):
        ConfigDB().set(None, "*", "ADAPTER", StreamDmaAdapter)
        super().build_phase()

    async def body(self):
        tb = self.tb
        n = int(os.environ.get("MASKDMA_JOBS", "200"))
        await RandomJobsSeq("rnd", n=n, seed=tb.rng.randrange(1 << 30), places=placements(tb),
                            caps=tb.caps).start(self.seqr)
        assert tb.work.stats.jobs >= n, f"only {tb.work.stats.jobs} of {n} jobs ran"


@pyuvm.test(timeout_time=80, timeout_unit="ms")
class stream_dma_backpressure_latency(copy_engine.backpressure_latency):
    """The suite's back-pressure test (40 % on all five channels, read latency 2, write 1)."""

    def build_phase(self):
        ConfigDB().set(None, "*", "ADAPTER", StreamDmaAdapter)
        super().build_phase()

    async def body(self):
        tb = self.tb
        tb.mem.set_backpressure(0.4, seed=tb.seed)
        tb.mem.set_latency(read=2, write=1)
        await RandomJobsSeq("bp", n=16, seed=tb.rng.randrange(1 << 30), places=placements(tb),
                            caps=tb.caps).start(self.seqr)
        tb.mem.set_backpressure(0)
        tb.mem.set_latency(0, 0)


@pyuvm.test(timeout_time=80, timeout_unit="ms")
class stream_dma_overrun_into_neighbour(copy_engine.overrun_into_neighbour):
    """The suite's test, unchanged: a copy longer than its destination is reported by name."""

    def build_phase(self):
        ConfigDB().set(None, "*", "ADAPTER", StreamDmaAdapter)
        super().build_phase()


@pyuvm.test(timeout_time=80, timeout_unit="ms")
class stream_dma_mempool_exhaustion(copy_engine.mempool_exhaustion):
    """The suite's test, unchanged: sleepers woken by the frees of a completing copy."""

    def build_phase(self):
        ConfigDB().set(None, "*", "ADAPTER", StreamDmaAdapter)
        super().build_phase()


# -- teeth: deliberately broken glue, which the bench must catch (tests/byo/test_byo_regression.py)

class ShiftedDestinationAdapter(StreamDmaAdapter):
    """Broken glue: every destination one bus word too high (the guard must object)."""

    async def start(self, ctx, work):
        beat = len(ctx.dut.m_axi_wr_wdata) // 8
        await super().start(ctx, replace(work, copies=[
            Copy(c.src, c.dst + beat, c.length) for c in work.copies]))


class ShortCopyAdapter(StreamDmaAdapter):
    """Broken glue: every copy one bus word short (inside its grants: the scoreboard must
    object)."""

    async def start(self, ctx, work):
        beat = len(ctx.dut.m_axi_wr_wdata) // 8
        await super().start(ctx, replace(work, copies=[
            Copy(c.src, c.dst, max(beat, c.length - beat)) for c in work.copies]))


@pyuvm.test(timeout_time=80, timeout_unit="ms")
class broken_glue_shifted_destination(stream_dma_random_regression):
    def build_phase(self):
        ConfigDB().set(None, "*", "ADAPTER", ShiftedDestinationAdapter)
        copy_engine.random_regression.build_phase(self)


@pyuvm.test(timeout_time=80, timeout_unit="ms")
class broken_glue_short_copy(stream_dma_random_regression):
    def build_phase(self):
        ConfigDB().set(None, "*", "ADAPTER", ShortCopyAdapter)
        copy_engine.random_regression.build_phase(self)
