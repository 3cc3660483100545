"""DMA jobs as the bench runs them: buffer placement, data, guard bands, and the job record.

``JobRunner.alloc(place, size, direction)`` gets a buffer through the models only:
- ``low``: ``get_pages_mask`` below the device mask (pool or buddy, as the mask allocator
  decides) + ``dma_map_single``;
- ``high``: a page block from the buddy allocator (``policy="high"``: the top of RAM), mapped
  with ``dma_map_single`` -- swiotlb bounces it when it lies above the device limit;
- ``coherent``: ``dma_alloc_coherent``;
- ``straddle4k``: like ``low`` but the buffer starts ``min(size // 2, 4095)`` bytes before a page
  boundary, so it crosses it;
- ``limit``: ends exactly at the device limit: ``dma_map_resource`` of device-visible memory when
  the limit lies above RAM, else (``limit`` machine layout) a streaming mapping inside the top
  block -- the pool's first allocation, which its downward placement puts at the limit;
- ``pool``: the next pool allocation as it comes (``bottom`` / ``around4g`` layouts).

``JobRunner.pair(...)`` maps a source filled with seeded random bytes and a poisoned
destination; ``JobRunner.run(...)`` turns pairs into one ``Work`` (the buffers are its windows:
sources read, destinations written), runs it through ``bench.work.WorkRunner`` (which brackets it
for the guard), unmaps the buffers (bounced data is copied back) and reports the work retired.
The scoreboard observes all of that through the monitor; the returned ``JobRecord`` is for a
test's own extra checks.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import models

from bench.adapter import Copy, Window, Work, WorkResult
from bench.driver import DmaBuffer

BAND = 64
LIMIT_BLOCK = 16 * 4096  # the top block of the 'limit' layout
POISON = 0xA5


def poison(n: int, salt: int = 0) -> bytes:
    return bytes((POISON ^ ((i + salt) * 7)) & 0xFF for i in range(n))


@dataclass
class Pair:
    """One copy of a job: ``n`` bytes from src(+so) to dst(+do) (offsets into the buffers).
    ``n`` is what the engine is told to copy; it may exceed the buffers on purpose."""

    src: DmaBuffer
    so: int
    dst: DmaBuffer
    do: int
    n: int
    data: bytes  # what the CPU wrote into the source
    old: bytes  # what the CPU wrote into the destination

    @property
    def src_bus(self) -> int:
        return self.src.handle + self.so

    @property
    def dst_bus(self) -> int:
        return self.dst.handle + self.do


@dataclass
class JobRecord:
    """A finished job as the test that ran it sees it: ``actual[i]`` is copy i's destination
    read by the CPU after unmapping (empty when unreadable)."""

    work: Work
    result: WorkResult
    pairs: list[Pair]
    actual: list[bytes] = field(default_factory=list)


class JobRunner:
    """Places buffers and runs jobs on a ``Testbench`` (``tb.driver``, ``tb.machine``,
    ``tb.work``)."""

    def __init__(self, tb):
        self.tb = tb
        self.salt = 0  # distinct data per pair
        self.limit_block = None
        self._limit_bufs: list[DmaBuffer] = []

    # -- allocation ----------------------------------------------------------------------------
    @property
    def mask(self) -> int:
        return self.tb.device.dma_mask

    def alloc(self, place: str, size: int, direction, fill: tuple[int, bytes] | None = None
              ) -> DmaBuffer:
        """A buffer of ``size`` bytes placed as asked; ``fill=(offset, data)`` is written to the
        CPU side BEFORE mapping (so swiotlb's map-time copy carries it to a bounce buffer)."""
        tb = self.tb
        m = tb.machine
        drv = tb.driver
        gfp = models.GFP_KERNEL
        mem = m.memory

        def prefill(cpu):
            if fill is not None:
                mem.write(cpu + fill[0], fill[1])

        if place in ("low", "straddle4k", "pool"):
            lead = 4096 - max(1, min(size // 2, 4095)) if place == "straddle4k" else 0
            total = lead + size
            addr = m.get_pages_mask(gfp, total, self.mask)
            if addr is None:
                raise MemoryError(f"get_pages_mask({total}, mask 0x{self.mask:x}) failed")
            prefill(addr + lead)
            return drv.map_single(addr + lead, size, direction,
                                  release=lambda: m.free_pages_mask(addr, total))
        if place == "high":
            order = max(0, (size - 1) // 4096).bit_length()
            pfn = m.buddy.alloc_pages(gfp, order)
            if pfn is None:
                raise MemoryError(f"buddy alloc_pages(order {order}) failed")
            addr = pfn << 12
            prefill(addr)
            return drv.map_single(addr, size, direction,
                                  release=lambda: m.buddy.free_pages(pfn, order))
        if place == "coherent":
            buf = drv.alloc_coherent(size)
            prefill(buf.cpu_addr)
            return buf
        if place == "limit":
            return self.alloc_at_limit(size, direction, fill=fill)
        raise ValueError(f"unknown placement {place!r}")

    def pair(self, src_place: str, dst_place: str, n: int, so: int = 0, do: int = 0,
             rng: random.Random | None = None) -> Pair:
        """Source (TO_DEVICE, seeded random data) and destination (FROM_DEVICE, poisoned)."""
        self.salt += 1
        salt = self.salt
        rng = rng or random.Random(self.tb.rng.random())
        data = rng.randbytes(n)
        src = self.alloc(src_place, so + n, models.DMA_TO_DEVICE, fill=(so, data))
        try:
            dst = self.alloc(dst_place, do + n, models.DMA_FROM_DEVICE, fill=(do, poison(n, salt)))
        except BaseException:
            self.tb.driver.unmap(src)
            raise
        return Pair(src, so, dst, do, n, data, poison(n, salt))

    def alloc_at_limit(self, size: int, direction, gap: int | None = None,
                       fill: tuple[int, bytes] | None = None) -> DmaBuffer:
        """A buffer whose last byte is ``limit - gap``. ``gap=None``: right at the limit, or, if
        at-limit buffers are live, 64 bytes below the lowest of them (no overlap)."""
        limit = self.mask
        live = [b for b in self._limit_bufs if not b.released]
        self._limit_bufs = live
        if gap is None:
            gap = (limit - min(b.handle for b in live) + 1 + BAND) if live else 0
        buf = self._alloc_at_limit(size, direction, gap, fill)
        self._limit_bufs.append(buf)
        return buf

    def _alloc_at_limit(self, size, direction, gap, fill) -> DmaBuffer:
        tb = self.tb
        m = tb.machine
        limit = self.mask
        if m.memory.size > m.ram_size and limit >= m.ram_size:
            phys = limit - gap - size + 1
            if phys == models.DMA_MAPPING_ERROR:
                # A 1-byte buffer at 2^64-1 would get the handle DMA_MAPPING_ERROR (as in
                # Linux): move it one byte down.
                phys -= 1
            if fill is not None:
                m.memory.write(phys + fill[0], fill[1])
            return tb.driver.map_resource(phys, size, direction)
        # 'limit' layout: the pool ends at the limit and its first allocation (Kleen's downward
        # cursor starts at the limit) is the top block; it is kept for the whole machine
        # lifetime and every at-limit buffer is a streaming mapping inside it.
        if self.limit_block is None:
            addr = m.get_pages_mask(models.GFP_KERNEL, LIMIT_BLOCK, limit)
            if addr is None or addr + LIMIT_BLOCK - 1 != limit:
                raise AssertionError(f"the limit layout's first allocation is not the top block "
                                     f"(got {addr if addr is None else hex(addr)}, limit "
                                     f"0x{limit:x})")
            self.limit_block = addr
        if size + gap > LIMIT_BLOCK:
            raise ValueError(f"at-limit buffers are at most {LIMIT_BLOCK} bytes")
        start = limit - gap - size + 1
        if fill is not None:
            m.memory.write(start + fill[0], fill[1])
        return tb.driver.map_single(start, size, direction)

    def close(self) -> None:
        """Give back memory the runner keeps for a machine's lifetime (the limit block)."""
        if self.limit_block is not None:
            self.tb.machine.free_pages_mask(self.limit_block, LIMIT_BLOCK)
            self.limit_block = None

    # -- running -------------------------------------------------------------------------------
    def work_for(self, name: str, pairs: list[Pair], chain: bool = False, **fields) -> Work:
        """A ``Work`` copying every pair, whose windows are the pairs' whole buffers."""
        reads, writes, seen = [], [], set()
        for i, p in enumerate(pairs):
            for buf, side, out in ((p.src, "src", reads), (p.dst, "dst", writes)):
                if id(buf) not in seen:
                    seen.add(id(buf))
                    out.append(Window.of(buf.handle, buf.size, f"{side}[{i}]"))
        return self.tb.work.make([Copy(p.src_bus, p.dst_bus, p.n) for p in pairs], name=name,
                                 chain=chain, reads=reads, writes=writes, **fields)

    async def run(self, name: str, pairs: list[Pair], chain: bool = False,
                  expect_error: str | None = None, irq_every: int = 0, label: str = "",
                  options: dict | None = None, check_data: bool = True) -> JobRecord:
        """Run one job over ``pairs`` (one pair and ``chain`` False: a single copy, else a
        chain), then unmap every buffer. An engine error is a result, not an exception: the
        scoreboard judges it against ``expect_error`` (an error name)."""
        tb = self.tb
        work = self.work_for(name, pairs, chain, expect_error=expect_error, irq_every=irq_every,
                             label=label, options=dict(options or {}), check_data=check_data)
        try:
            result = await tb.work.run(work)
        finally:
            self.release(pairs)
        tb.work.retired(work)
        mem = tb.machine.memory
        actual = [_read(mem, p.dst.cpu_addr + p.do, p.n) for p in pairs]
        return JobRecord(work, result, list(pairs), actual)

    def release(self, pairs) -> None:
        """Unmap the pairs' buffers (each once) and free their memory."""
        seen = set()
        for p in pairs:
            for b in (p.dst, p.src):
                if id(b) not in seen:
                    seen.add(id(b))
                    self.tb.driver.unmap(b)


def _read(mem, addr: int, n: int) -> bytes:
    if addr < 0 or addr + n > mem.size:
        return b""
    return mem.read(addr, n)
