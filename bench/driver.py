"""DmaDriver: the Python "device driver" of dma_engine (DESIGN.md, "Contract of the HDL").

It probes ID and CAPS over AXI-Lite (cocotbext-axi ``AxiLiteMaster``), sets the device's DMA
mask from CAPS with ``dma_set_mask_and_coherent(dev, DMA_BIT_MASK(addr_width))``, gets buffers
only through the models (``dma_alloc_coherent``, ``dma_map_single`` -- bounced by swiotlb when
needed --, ``dma_map_resource``, a ``DmaPool`` for SG descriptors), programs the registers, waits
on ``irq`` (an edge, with a timeout -- never by polling STATUS), clears STATUS (W1C), and raises
``DmaError`` naming the code and the address when the engine ends with ERR. Unmapping a bounced
FROM_DEVICE/BIDIRECTIONAL buffer copies the data back (the models do it).
"""

from __future__ import annotations

import logging
import random
import struct
from dataclasses import dataclass

from cocotb.triggers import ClockCycles, First, RisingEdge, Timer
from cocotbext.axi import AxiLiteBus, AxiLiteMaster
from cocotbext.axi.constants import AxiResp

import models

# Register map (byte offsets).
ID, CAPS, CTRL, STATUS = 0x00, 0x04, 0x08, 0x0C
SRC_LO, SRC_HI, DST_LO, DST_HI, LEN = 0x10, 0x14, 0x18, 0x1C, 0x20
DESC_LO, DESC_HI, BYTES_DONE, ERR_ADDR_LO, ERR_ADDR_HI = 0x24, 0x28, 0x2C, 0x30, 0x34

ID_VALUE = 0x444D4131  # "DMA1"

CTRL_START, CTRL_IRQ_EN, CTRL_SG, CTRL_ABORT = 1 << 0, 1 << 1, 1 << 2, 1 << 3
ST_BUSY, ST_DONE, ST_ERR, ST_DESC_IRQ = 1 << 0, 1 << 1, 1 << 2, 1 << 3
ST_W1C = ST_DONE | ST_ERR | ST_DESC_IRQ

ERR_NAMES = {0: "NONE", 1: "ADDR_RANGE", 2: "BUS", 3: "LEN_ZERO", 4: "DESC", 5: "ABORTED"}

DESC_SIZE, DESC_ALIGN = 32, 32
DESC_IRQ, DESC_LAST = 1 << 0, 1 << 1


class DmaError(Exception):
    """The engine ended a job with ERR."""

    def __init__(self, code: int, err_addr: int, status: int = 0, bytes_done: int = 0):
        self.code = code
        self.err_addr = err_addr
        self.status = status
        self.bytes_done = bytes_done
        super().__init__(f"DMA error {code} ({ERR_NAMES.get(code, '?')}) at address "
                         f"0x{err_addr:x} (STATUS 0x{status:08x}, BYTES_DONE {bytes_done})")


class DmaTimeout(AssertionError):
    pass


@dataclass(frozen=True)
class Caps:
    addr_width: int
    data_bytes: int
    max_burst_len: int
    legacy: bool

    @classmethod
    def decode(cls, value: int) -> "Caps":
        return cls(value & 0xFF, 1 << ((value >> 8) & 0xF), (value >> 16) & 0x1FF,
                   bool(value >> 31 & 1))


@dataclass
class DmaBuffer:
    """One device-visible buffer: ``handle`` is what the device is given (bus address)."""

    cpu_addr: int
    handle: int
    size: int
    direction: int
    kind: str  # "coherent" | "streaming" | "resource" | "raw" (naive: no mapping at all)
    bounced: bool = False
    release: object = None  # callable that gives the CPU-side memory back, or None
    released: bool = False


@dataclass
class JobResult:
    status: int
    bytes_done: int
    desc_irqs: int = 0
    cycles: int = 0


@dataclass
class DriverStats:
    jobs: int = 0
    jobs_ok: int = 0
    jobs_err: int = 0
    bytes_moved: int = 0
    maps: int = 0
    bounced: int = 0
    desc_irqs: int = 0
    irq_waits: int = 0


class DmaDriver:
    """Drives one ``dma_engine`` instance; see the module docstring."""

    def __init__(self, dut, clock, machine, device, guard=None, prefix: str = "s_axil",
                 clock_period_ns: float = 10.0, reset=None, seed: int = 0):
        self.dut = dut
        self.clock = clock
        self.machine = machine
        self.dev = device
        self.guard = guard
        self.period_ns = clock_period_ns
        self.log = logging.getLogger("cocotb.bench.driver")
        self.axil = AxiLiteMaster(AxiLiteBus.from_prefix(dut, prefix), clock, reset)
        self.irq = dut.irq
        self.caps: Caps | None = None
        self.stats = DriverStats()
        self.desc_pool = None
        self.on_complete: list = []  # callables(result) run right after a job's irq is handled
        self.rng = random.Random(seed)

    # -- registers -----------------------------------------------------------------------------
    async def read32(self, off: int) -> int:
        resp = await self.axil.read(off, 4)
        if resp.resp != AxiResp.OKAY:
            raise AssertionError(f"AXI-Lite read of 0x{off:02x} answered {resp.resp.name}")
        return int.from_bytes(resp.data, "little")

    async def write32(self, off: int, value: int) -> None:
        resp = await self.axil.write(off, (value & 0xFFFFFFFF).to_bytes(4, "little"))
        if resp.resp != AxiResp.OKAY:
            raise AssertionError(f"AXI-Lite write of 0x{off:02x} answered {resp.resp.name}")

    async def write64(self, off: int, value: int) -> None:
        """Both halves, in a seeded random order (the contract allows either)."""
        halves = [(off, value & 0xFFFFFFFF), (off + 4, (value >> 32) & 0xFFFFFFFF)]
        if self.rng.random() < 0.5:
            halves.reverse()
        for o, v in halves:
            await self.write32(o, v)

    async def read64(self, off: int) -> int:
        return await self.read32(off) | (await self.read32(off + 4)) << 32

    # -- probe ---------------------------------------------------------------------------------
    async def probe(self, set_mask: bool = True) -> Caps:
        ident = await self.read32(ID)
        if ident != ID_VALUE:
            raise AssertionError(f"ID register reads 0x{ident:08x}, expected 0x{ID_VALUE:08x}")
        self.caps = Caps.decode(await self.read32(CAPS))
        self.log.info("probe: ID 0x%08x, CAPS %s", ident, self.caps)
        if set_mask:
            rc = models.dma_set_mask_and_coherent(self.dev, models.DMA_BIT_MASK(self.caps.addr_width))
            if rc != 0:
                raise AssertionError(f"dma_set_mask_and_coherent(DMA_BIT_MASK("
                                     f"{self.caps.addr_width})) returned {rc}")
            self.log.info("DMA mask set to 0x%x", self.dev.dma_mask)
        return self.caps

    # -- buffers -------------------------------------------------------------------------------
    def alloc_coherent(self, size: int, gfp=None) -> DmaBuffer:
        gfp = models.GFP_KERNEL if gfp is None else gfp
        got = models.dma_alloc_coherent(self.dev, size, gfp)
        if got is None:
            raise MemoryError(f"dma_alloc_coherent({size}) failed")
        cpu, handle = got
        self.stats.maps += 1
        return DmaBuffer(cpu, handle, size, models.DMA_BIDIRECTIONAL, "coherent")

    def map_single(self, cpu_addr: int, size: int, direction, release=None) -> DmaBuffer:
        handle = models.dma_map_single(self.dev, cpu_addr, size, direction)
        if models.dma_mapping_error(self.dev, handle):
            raise MemoryError(f"dma_map_single(0x{cpu_addr:x}, {size}, {direction!r}) failed")
        bounced = handle != cpu_addr
        self.stats.maps += 1
        self.stats.bounced += bounced
        return DmaBuffer(cpu_addr, handle, size, direction, "streaming", bounced, release)

    def map_resource(self, phys: int, size: int, direction) -> DmaBuffer:
        handle = models.dma_map_resource(self.dev, phys, size, direction)
        if models.dma_mapping_error(self.dev, handle):
            raise MemoryError(f"dma_map_resource(0x{phys:x}, {size}) failed")
        self.stats.maps += 1
        return DmaBuffer(phys, handle, size, direction, "resource")

    def unmap(self, buf: DmaBuffer) -> None:
        """Give the mapping back (bounced data is copied back by the models), then the memory."""
        if buf.released:
            return
        buf.released = True
        if buf.kind == "coherent":
            models.dma_free_coherent(self.dev, buf.size, buf.cpu_addr, buf.handle)
        elif buf.kind == "streaming":
            models.dma_unmap_single(self.dev, buf.handle, buf.size, buf.direction)
        elif buf.kind == "resource":
            models.dma_unmap_resource(self.dev, buf.handle, buf.size, buf.direction)
        if buf.release is not None:
            buf.release()

    # -- memory access (CPU side) --------------------------------------------------------------
    def cpu_write(self, addr: int, data: bytes) -> None:
        self.machine.memory.write(addr, bytes(data))

    def cpu_read(self, addr: int, n: int) -> bytes:
        return bytes(self.machine.memory.read(addr, n))

    # -- jobs ----------------------------------------------------------------------------------
    async def program_single(self, src: int, dst: int, length: int, irq: bool = True) -> None:
        """Program and START a single copy with raw bus addresses (no checks here)."""
        await self.write64(SRC_LO, src)
        await self.write64(DST_LO, dst)
        await self.write32(LEN, length)
        await self.write32(CTRL, CTRL_START | (CTRL_IRQ_EN if irq else 0))

    async def program_chain(self, first_desc: int, irq: bool = True) -> None:
        await self.write64(DESC_LO, first_desc)
        await self.write32(CTRL, CTRL_START | CTRL_SG | (CTRL_IRQ_EN if irq else 0))

    async def abort(self) -> None:
        """Write CTRL.ABORT (self-clearing); keep IRQ_EN. The guard then forbids new bursts."""
        await self.write32(CTRL, CTRL_ABORT | CTRL_IRQ_EN)
        if self.guard is not None:
            self.guard.note_stop("ABORT")

    async def wait_irq(self, timeout_cycles: int) -> None:
        """Wait for ``irq`` high (edge-triggered wait, never a STATUS poll)."""
        self.stats.irq_waits += 1
        if _bit(self.irq):
            return
        timer = Timer(int(timeout_cycles * self.period_ns), "ns")
        got = await First(RisingEdge(self.irq), timer)
        if got is timer:
            status = await self.read32(STATUS)
            raise DmaTimeout(f"no irq within {timeout_cycles} cycles (STATUS 0x{status:08x}, "
                             f"BYTES_DONE {await self.read32(BYTES_DONE)})")

    async def finish(self, timeout_cycles: int) -> JobResult:
        """Wait for the job's end, acknowledge it, raise DmaError on ERR."""
        desc_irqs = 0
        t0 = _now_ns()
        while True:
            await self.wait_irq(timeout_cycles)
            status = await self.read32(STATUS)
            if status & (ST_DONE | ST_ERR):
                break
            if status & ST_DESC_IRQ:
                desc_irqs += 1
                await self.write32(STATUS, ST_DESC_IRQ)
                # irq follows STATUS within 2 cycles: let it fall before waiting for the edge.
                await ClockCycles(self.clock, 3)
                continue
            raise AssertionError(f"irq high but STATUS 0x{status:08x} has no DONE/ERR/DESC_IRQ")
        bytes_done = await self.read32(BYTES_DONE)
        if status & ST_DESC_IRQ:
            desc_irqs += 1
        self.stats.desc_irqs += desc_irqs
        res = JobResult(status, bytes_done, desc_irqs, int((_now_ns() - t0) / self.period_ns))
        if status & ST_ERR:
            code = (status >> 4) & 0xF
            err_addr = await self.read64(ERR_ADDR_LO)
            await self.write32(STATUS, ST_W1C)
            self.stats.jobs_err += 1
            self._completed(res)
            raise DmaError(code, err_addr, status, bytes_done)
        if status & ST_BUSY:
            raise AssertionError(f"DONE with BUSY still set: STATUS 0x{status:08x}")
        await self.write32(STATUS, ST_W1C)
        self.stats.jobs_ok += 1
        self.stats.bytes_moved += bytes_done
        self._completed(res)
        return res

    def _completed(self, res: JobResult) -> None:
        if self.guard is not None:
            self.guard.end_job()
        for cb in list(self.on_complete):
            cb(res)

    def timeout_for(self, nbytes: int) -> int:
        """A generous cycle budget for moving nbytes (2 cycles/beat each way plus slack)."""
        beats = nbytes // 8 + 2
        return 2000 + 40 * beats

    async def copy(self, src: DmaBuffer | int, dst: DmaBuffer | int, length: int,
                   src_off: int = 0, dst_off: int = 0, timeout_cycles: int | None = None
                   ) -> JobResult:
        """One single-mode job: copy ``length`` bytes from src(+off) to dst(+off) (bus view)."""
        s = (src.handle if isinstance(src, DmaBuffer) else src) + src_off
        d = (dst.handle if isinstance(dst, DmaBuffer) else dst) + dst_off
        self.stats.jobs += 1
        if self.guard is not None:
            self.guard.begin_job()
        await self.program_single(s, d, length)
        return await self.finish(timeout_cycles or self.timeout_for(length))

    # -- scatter-gather ------------------------------------------------------------------------
    def descriptor_pool(self):
        if self.desc_pool is None:
            self.desc_pool = models.dma_pool_create("maskdma-desc", self.dev, DESC_SIZE,
                                                    DESC_ALIGN, 4096)
        return self.desc_pool

    def destroy_descriptor_pool(self) -> None:
        if self.desc_pool is not None:
            self.desc_pool.destroy()
            self.desc_pool = None

    def write_descriptor(self, cpu_addr: int, src: int, dst: int, length: int, flags: int,
                         nxt: int) -> None:
        self.cpu_write(cpu_addr, struct.pack("<QQIIQ", src, dst, length, flags, nxt))

    def prepare_chain(self, segments, irq_every: int = 0, desc_override: dict | None = None,
                      next_override: dict | None = None) -> "Chain":
        """Allocate descriptors from the DmaPool and write the chain into memory.

        ``segments``: [(src_bus, dst_bus, length), ...]; ``irq_every`` sets the IRQ flag on
        every n-th descriptor; ``desc_override`` maps a segment index to a raw bus address used
        for that descriptor instead of a pool block (the "descriptor above the limit" case;
        nothing is written there); ``next_override`` maps an index to a raw ``next`` value
        (misaligned pointers). Give it back with ``free_chain`` (``run_chain`` does).
        """
        pool = self.descriptor_pool()
        chain = Chain(list(segments), [])
        try:
            for i, _ in enumerate(segments):
                if desc_override and i in desc_override:
                    addr = desc_override[i]
                    chain.blocks.append((addr, addr, False))
                    continue
                got = pool.alloc(models.GFP_KERNEL)
                if got is None:
                    raise MemoryError("dma pool exhausted")
                chain.blocks.append((got[0], got[1], True))
        except BaseException:
            self.free_chain(chain)
            raise
        blocks = chain.blocks
        for i, (src, dst, length) in enumerate(segments):
            last = i == len(segments) - 1
            flags = (DESC_LAST if last else 0)
            if irq_every and (i + 1) % irq_every == 0:
                flags |= DESC_IRQ
            nxt = 0 if last else blocks[i + 1][1]
            if next_override and i in next_override:
                nxt = next_override[i]
            if blocks[i][2]:  # overridden descriptors are never written (not our memory)
                self.write_descriptor(blocks[i][0], src, dst, length, flags, nxt)
        return chain

    def free_chain(self, chain: "Chain") -> None:
        for cpu, handle, from_pool in chain.blocks:
            if from_pool:
                self.desc_pool.free(cpu, handle)
        chain.blocks = []

    async def start_chain(self, chain: "Chain", timeout_cycles: int | None = None) -> JobResult:
        """Run a prepared chain to its end (the caller frees it)."""
        self.stats.jobs += 1
        if self.guard is not None:
            self.guard.begin_job(descriptors=[b[1] for b in chain.blocks])
        await self.program_chain(chain.blocks[0][1])
        total = sum(s[2] for s in chain.segments)
        return await self.finish(timeout_cycles or
                                 self.timeout_for(total) + 400 * len(chain.segments))

    async def run_chain(self, segments, irq_every: int = 0, timeout_cycles: int | None = None,
                        desc_override: dict | None = None,
                        next_override: dict | None = None) -> JobResult:
        """prepare_chain + start_chain + free_chain."""
        chain = self.prepare_chain(segments, irq_every, desc_override, next_override)
        try:
            return await self.start_chain(chain, timeout_cycles)
        finally:
            self.free_chain(chain)


@dataclass
class Chain:
    """A descriptor chain in memory: blocks are (cpu_addr, bus_addr, from_pool) per segment."""

    segments: list
    blocks: list


def _bit(sig) -> bool:
    try:
        return bool(int(sig.value))
    except ValueError:
        return False


def _now_ns() -> float:
    from cocotb.utils import get_sim_time

    return get_sim_time("ns")
