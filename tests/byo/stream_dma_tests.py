"""pyuvm tests of hdl/stream_dma.v on the maskdma bench: the whole copy-engine suite
(bench.suites.copy_engine) bound to ``StreamDmaAdapter``, with env, sequences, scoreboard,
coverage and guard unchanged; ``bench.suites.runner.run_suite`` runs the tests that apply to
the engine's capabilities. This is the user's side of docs/bring-your-own-engine.md."""

from dataclasses import replace

import pyuvm
from pyuvm import ConfigDB

from bench.adapter import Copy
from bench.suites.copy_engine import suite_tests
from tests.byo.stream_dma_adapter import StreamDmaAdapter

SUITE = suite_tests(StreamDmaAdapter)
globals().update(SUITE)


# -- an adapter that keeps state across works (a NIC keeps rings): shutdown must give it back

class StatefulAdapter(StreamDmaAdapter):
    """Keeps one coherent buffer from its first work until ``shutdown`` (called by the bench
    before every machine is retired: at the end of the test and at each ``tb.boot``)."""

    kept = None

    async def prepare(self, ctx, work):
        if self.kept is None:
            self.kept = ctx.driver.alloc_coherent(4096)
        return []

    async def shutdown(self, ctx):
        if self.kept is not None:
            ctx.driver.unmap(self.kept)
            self.kept = None


class NoShutdownAdapter(StatefulAdapter):
    """Broken glue: keeps its buffer for ever (retire must object)."""

    async def shutdown(self, ctx):
        pass


@pyuvm.test(timeout_time=80, timeout_unit="ms")
class stateful_adapter_limit_placement(SUITE["limit_placement"]):
    """limit_placement boots two more machine layouts: each retire finds the adapter's buffer
    given back."""

    adapter_class = StatefulAdapter


@pyuvm.test(timeout_time=80, timeout_unit="ms")
class broken_glue_no_shutdown(SUITE["random_regression"]):
    adapter_class = NoShutdownAdapter


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
class broken_glue_shifted_destination(SUITE["random_regression"]):
    """The adapter named by the class attribute."""

    adapter_class = ShiftedDestinationAdapter


@pyuvm.test(timeout_time=80, timeout_unit="ms")
class broken_glue_short_copy(SUITE["random_regression"]):
    """The adapter set through ConfigDB in the test's own build_phase (it wins over
    ``adapter_class``)."""

    def build_phase(self):
        ConfigDB().set(None, "*", "ADAPTER", ShortCopyAdapter)
        super().build_phase()
