"""DmaEngineAdapter: the bench's adapter for ``hdl/dma_engine.v`` (its only engine-specific file).

Registers through ``bench.registers.AxiLiteRegisters`` on ``s_axil``, every offset, bit, error
code and the descriptor layout from the generated ``bench.engines.dma_engine_regs``. ``probe``
checks ID and decodes CAPS; a single copy programs SRC/DST/LEN and START; a chain writes 32-byte
descriptors from a ``dma_pool`` of the driver and starts SG mode at the first one (the
descriptors are granted to the work as reads, in chain order); ``wait`` sleeps on the ``irq``
edge (never polls STATUS), acknowledges DESC_IRQ events and the end (STATUS W1C) and reads
BYTES_DONE and, on ERR, ERR_CODE and ERR_ADDR; ``abort`` writes CTRL.ABORT.

``Work.options`` understood here (fault injection for the engine's own tests):
- ``"desc_addr": {i: bus_addr}``: use ``bus_addr`` for descriptor ``i`` instead of a pool block
  (nothing is written there; it is not granted);
- ``"next": {i: bus_addr}``: write ``bus_addr`` as descriptor ``i``'s ``next`` pointer.
"""

from __future__ import annotations

import struct

from cocotb.triggers import ClockCycles, First, RisingEdge, Timer

import models

from bench.adapter import (BenchContext, Capabilities, EngineAdapter, Work, WorkResult,
                           WorkTimeout)
from bench.engines import dma_engine_regs as regs
from bench.guard import Grant
from bench.ports import BusPorts
from bench.registers import AxiLiteRegisters

DESC_POOL = "dma_engine-desc"
MAX_CHAIN = 4096  # the engine's default MAX_CHAIN (not in CAPS)


class DmaEngineAdapter(EngineAdapter):
    """Adapter of ``dma_engine``; ``control_prefix`` names its AXI-Lite register port,
    ``irq`` its interrupt output."""

    name = "dma_engine"

    def __init__(self, ports: BusPorts = BusPorts(), control_prefix: str = "s_axil",
                 irq: str = "irq"):
        self.ports = ports
        self.control_prefix = control_prefix
        self.irq_name = irq
        self.registers: AxiLiteRegisters | None = None
        self.irq = None
        self.caps: Capabilities | None = None

    # -- registers -----------------------------------------------------------------------------
    def connect(self, ctx: BenchContext) -> None:
        """The register layer on ``control_prefix`` (64-bit registers written in a seeded random
        half order: the contract allows either) and the ``irq`` handle."""
        dut = ctx.dut
        self.registers = AxiLiteRegisters.from_prefix(
            dut, self.control_prefix, ctx.clock, ctx.reset,
            reset_active_level=not self.ports.reset_active_low, name=self.name, rng=ctx.rng)
        self.irq = getattr(dut, self.irq_name)

    # -- identification ------------------------------------------------------------------------
    async def probe(self, ctx: BenchContext) -> Capabilities:
        ident = await self.registers.read32(regs.ID)
        if ident != regs.ID_VALUE:
            raise AssertionError(f"ID register reads 0x{ident:08x}, expected "
                                 f"0x{regs.ID_VALUE:08x}")
        caps = decode_caps(await self.registers.read32(regs.CAPS))
        ctx.log.info("probe: ID 0x%08x, %s", ident, caps)
        self.caps = caps
        return caps

    # -- work ----------------------------------------------------------------------------------
    async def prepare(self, ctx: BenchContext, work: Work) -> list[Grant]:
        if not work.is_chain:
            return []
        over = work.options.get("desc_addr", {})
        nxt_over = work.options.get("next", {})
        pool = ctx.driver.dma_pool(DESC_POOL, regs.DESC_SIZE, regs.DESC_ALIGN, 4096)
        blocks: list[tuple[int, int, bool]] = []  # (cpu, bus, from_pool)
        work.state["desc"] = blocks
        for i in range(len(work.copies)):
            if i in over:
                blocks.append((over[i], over[i], False))
                continue
            got = pool.alloc(models.GFP_KERNEL)
            if got is None:
                self.release(ctx, work)
                raise MemoryError(f"dma pool {DESC_POOL!r} exhausted at descriptor {i}")
            blocks.append((got[0], got[1], True))
        grants = []
        for i, c in enumerate(work.copies):
            last = i == len(work.copies) - 1
            flags = regs.DESC_FLAG_LAST if last else 0
            if work.irq_every and (i + 1) % work.irq_every == 0:
                flags |= regs.DESC_FLAG_IRQ
            nxt = nxt_over.get(i, 0 if last else blocks[i + 1][1])
            cpu, bus, own = blocks[i]
            if own:
                ctx.driver.cpu_write(cpu, struct.pack(regs.DESC_STRUCT, c.src, c.dst, c.length,
                                                      flags, nxt))
                grants.append(Grant(work.id, bus, bus + regs.DESC_SIZE - 1, "read", f"desc[{i}]"))
        work.fetch_order = [bus for _, bus, _ in blocks]
        return grants

    async def start(self, ctx: BenchContext, work: Work) -> None:
        ctrl = regs.CTRL_START | regs.CTRL_IRQ_EN
        if work.is_chain:
            await self.registers.write64(regs.DESC_LO, work.fetch_order[0])
            await self.registers.write32(regs.CTRL, ctrl | regs.CTRL_SG)
        else:
            c = work.copies[0]
            await self.registers.write64(regs.SRC_LO, c.src)
            await self.registers.write64(regs.DST_LO, c.dst)
            await self.registers.write32(regs.LEN, c.length)
            await self.registers.write32(regs.CTRL, ctrl)
        work.state["t0"] = ctx.now_ns()

    async def wait(self, ctx: BenchContext, work: Work, timeout_cycles: int) -> WorkResult:
        events = 0
        while True:
            await self._wait_irq(ctx, timeout_cycles)
            status = await self.registers.read32(regs.STATUS)
            if status & (regs.STATUS_DONE | regs.STATUS_ERR):
                break
            if status & regs.STATUS_DESC_IRQ:
                events += 1
                await self.registers.write32(regs.STATUS, regs.STATUS_DESC_IRQ)
                # irq follows STATUS within 2 cycles: let it fall before waiting for the edge.
                await ClockCycles(ctx.clock, 3)
                continue
            raise AssertionError(f"irq high but STATUS 0x{status:08x} has no DONE/ERR/DESC_IRQ")
        events += bool(status & regs.STATUS_DESC_IRQ)
        bytes_done = await self.registers.read32(regs.BYTES_DONE)
        cycles = ctx.cycles_since(work.state.get("t0", ctx.now_ns()))
        if status & regs.STATUS_ERR:
            code = (status >> regs.STATUS_ERR_CODE_SHIFT) & regs.STATUS_ERR_CODE_MASK
            err_addr = await self.registers.read64(regs.ERR_ADDR_LO)
            await self.registers.write32(regs.STATUS, regs.STATUS_W1C)
            return WorkResult(False, bytes_done, code, regs.ERR_NAMES.get(code, f"ERROR_{code}"),
                              err_addr, cycles, events)
        if status & regs.STATUS_BUSY:
            raise AssertionError(f"DONE with BUSY still set: STATUS 0x{status:08x}")
        await self.registers.write32(regs.STATUS, regs.STATUS_W1C)
        return WorkResult(True, bytes_done, None, None, None, cycles, events)

    async def _wait_irq(self, ctx: BenchContext, timeout_cycles: int) -> None:
        if _bit(self.irq):
            return
        timer = Timer(int(timeout_cycles * ctx.period_ns), "ns")
        if await First(RisingEdge(self.irq), timer) is timer:
            status = await self.registers.read32(regs.STATUS)
            done = await self.registers.read32(regs.BYTES_DONE)
            raise WorkTimeout(f"{self.name}: no irq within {timeout_cycles} cycles (STATUS "
                              f"0x{status:08x}, BYTES_DONE {done})")

    async def abort(self, ctx: BenchContext, work: Work) -> None:
        """CTRL.ABORT (self-clearing), keeping IRQ_EN so that ``wait`` sees the end."""
        await self.registers.write32(regs.CTRL, regs.CTRL_ABORT | regs.CTRL_IRQ_EN)

    def release(self, ctx: BenchContext, work: Work) -> None:
        pool = ctx.driver.pools.get(DESC_POOL)
        for cpu, bus, own in work.state.pop("desc", []):
            if own:
                pool.free(cpu, bus)

    async def assert_idle(self, ctx: BenchContext) -> None:
        status = await self.registers.read32(regs.STATUS)
        busy = regs.STATUS_BUSY | regs.STATUS_DONE | regs.STATUS_ERR
        if status & busy:
            raise AssertionError(f"{self.name} not idle: STATUS 0x{status:08x}")
        done = await self.registers.read32(regs.BYTES_DONE)
        if done:
            raise AssertionError(f"{self.name} not idle: BYTES_DONE {done}")


def decode_caps(value: int) -> Capabilities:
    """Capabilities from the CAPS register."""
    data_bytes = 1 << ((value >> regs.CAPS_DATA_BYTES_LOG2_SHIFT) & regs.CAPS_DATA_BYTES_LOG2_MASK)
    return Capabilities(
        name="dma_engine",
        addr_width=(value >> regs.CAPS_ADDR_WIDTH_SHIFT) & regs.CAPS_ADDR_WIDTH_MASK,
        data_width=8 * data_bytes,
        max_burst_len=(value >> regs.CAPS_MAX_BURST_LEN_SHIFT) & regs.CAPS_MAX_BURST_LEN_MASK,
        unaligned=True, chains=True, byte_counter=True, legacy=bool(value & regs.CAPS_LEGACY),
        max_length=0xFFFFFFFF, error_names=regs.ERR_NAMES, max_chain=MAX_CHAIN, abort=True,
        copy_events=True, error_address=True, descriptor_faults=True)


def _bit(sig) -> bool:
    try:
        return bool(int(sig.value))
    except ValueError:
        return False


__all__ = ["DmaEngineAdapter", "decode_caps"]
