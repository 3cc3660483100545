"""BenchTopPorts: the test-data ports of ``benchmarks/bench_top.v`` from cocotb.

bench_top fills a source with a pattern, zeroes a destination and compares a destination with
the pattern in Verilog (one cycle each, no Python per word); this class drives those ports.
Addresses are byte addresses, converted to word indexes of ``nb`` bytes.
"""

from __future__ import annotations

from cocotb.triggers import RisingEdge

INPUTS = ("cfg_rd_latency", "mon_clear", "init_go", "check_go", "pat_seed", "init_base",
          "init_words", "zero_base", "zero_words", "check_base", "check_words")


class BenchTopPorts:
    """Sets every bench_top test input to 0 at construction."""

    def __init__(self, dut, nb: int = 0):
        self.dut = dut
        self.nb = nb  # bytes per word (the engine's data width / 8); set after the probe
        for name in INPUTS:
            getattr(dut, name).value = 0

    async def pulse(self, sig) -> None:
        """``sig`` high for one clock cycle."""
        sig.value = 1
        await RisingEdge(self.dut.clk)
        sig.value = 0
        await RisingEdge(self.dut.clk)

    async def prepare(self, src: int, dst: int, size: int, seed: int) -> None:
        """Fill ``size`` bytes at ``src`` with the pattern of ``seed``; zero ``size`` at ``dst``."""
        d, nb = self.dut, self.nb
        d.pat_seed.value = seed
        d.init_base.value = src // nb
        d.init_words.value = size // nb
        d.zero_base.value = dst // nb
        d.zero_words.value = size // nb
        await self.pulse(d.init_go)

    async def mismatches(self, dst: int, size: int) -> int:
        """How many words of the ``size`` bytes at ``dst`` differ from the pattern."""
        d, nb = self.dut, self.nb
        d.check_base.value = dst // nb
        d.check_words.value = size // nb
        await self.pulse(d.check_go)
        return int(d.mismatches.value)
