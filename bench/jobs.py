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

``JobRunner.run(...)`` fills the source with seeded random bytes and the destination with a
poison pattern, snapshots 64-byte guard bands around every destination (bus side, and CPU side
for bounced buffers), runs the job through ``DmaDriver``, unmaps, and emits a ``JobRecord`` that
the scoreboard checks byte by byte.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import models

from bench.driver import DmaBuffer, DmaError

BAND = 64
LIMIT_BLOCK = 16 * 4096  # the top block of the 'limit' layout
POISON = 0xA5


def poison(n: int, salt: int = 0) -> bytes:
    return bytes((POISON ^ ((i + salt) * 7)) & 0xFF for i in range(n))


@dataclass
class Segment:
    src_bus: int
    dst_bus: int
    size: int
    expected: bytes = b""
    before: bytes = b""  # destination (CPU view) before the job
    actual: bytes = b""  # destination (CPU view) after the job and unmap


@dataclass
class Pair:
    """One copy of a job: ``n`` bytes from src(+so) to dst(+do) (offsets into the buffers)."""
    src: DmaBuffer
    so: int
    dst: DmaBuffer
    do: int
    n: int
    data: bytes  # what the source holds
    old: bytes  # what the destination held before the job

    @property
    def src_bus(self) -> int:
        return self.src.handle + self.so

    @property
    def dst_bus(self) -> int:
        return self.dst.handle + self.do


@dataclass
class Band:
    where: str
    addr: int
    before: bytes
    after: bytes = b""


@dataclass
class JobRecord:
    job_id: int
    name: str
    mode: str  # "single" | "sg"
    segments: list
    bands: list = field(default_factory=list)
    bounced: list = field(default_factory=list)
    expect_error: int | None = None
    error: DmaError | None = None
    bytes_done: int = 0
    placement: str = ""
    note: str = ""
    # For jobs that end in ERR: data may be partly written; the scoreboard then accepts, per
    # destination byte, either the old content or the expected one.
    partial_ok: bool = False


class JobRunner:
    """Executes DMA jobs on a ``Testbench`` (``tb.driver``, ``tb.machine``, ``tb.dev``)."""

    def __init__(self, tb):
        self.tb = tb
        self.records: list[JobRecord] = []
        self.listeners: list = []  # callables(record)
        self._next_id = 0
        self.limit_block = None
        self._limit_bufs: list[DmaBuffer] = []

    # -- allocation ----------------------------------------------------------------------------
    @property
    def mask(self) -> int:
        return self.tb.dev.dma_mask

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
             rng: random.Random | None = None, salt: int = 0) -> "Pair":
        """Source (TO_DEVICE, seeded random data) and destination (FROM_DEVICE, poisoned)."""
        rng = rng or random.Random(salt)
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
        tb = self.tb
        m = tb.machine
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
                # Linux): move it one byte down (build/models-requests.md).
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
    def _band_snapshots(self, segs_dst: list[DmaBuffer], sizes) -> list[Band]:
        mem = self.tb.machine.memory
        bands = []
        for buf, (bus, n) in zip(segs_dst, sizes):
            views = [("bus", bus, n)]
            if buf is not None and buf.bounced:
                views.append(("cpu", buf.cpu_addr + (bus - buf.handle), n))
            for view, a, n_ in views:
                lo = max(0, a - BAND)
                if a > lo:
                    bands.append(Band(f"{view} below 0x{a:x}", lo, mem.read(lo, a - lo)))
                hi = min(mem.size, a + n_ + BAND)
                if hi > a + n_:
                    bands.append(Band(f"{view} above 0x{a + n_ - 1:x}", a + n_,
                                      mem.read(a + n_, hi - a - n_)))
        return bands

    def _cpu_of(self, buf: DmaBuffer, bus: int) -> int:
        return buf.cpu_addr + (bus - buf.handle)

    async def run(self, name: str, pairs: list, mode: str = "single",
                  expect_error: int | None = None, placement: str = "", irq_every: int = 0,
                  desc_override: dict | None = None, next_override: dict | None = None,
                  unmap: bool = True) -> JobRecord:
        """Run one job over ``pairs`` (see ``pair``): one pair in mode "single" is a single copy,
        otherwise a descriptor chain. Buffers are unmapped (memory freed) afterwards unless
        ``unmap`` is False. A DmaError is recorded, not raised: the scoreboard judges it."""
        tb = self.tb
        drv = tb.driver
        segs = [Segment(p.src_bus, p.dst_bus, p.n, expected=p.data, before=p.old) for p in pairs]
        single = mode == "single" and len(pairs) == 1
        # Descriptors are written before the guard bands are snapshot (they may share a page).
        chain = None if single else drv.prepare_chain(
            [(s.src_bus, s.dst_bus, s.size) for s in segs], irq_every=irq_every,
            desc_override=desc_override, next_override=next_override)
        bands = self._band_snapshots([p.dst for p in pairs], [(p.dst_bus, p.n) for p in pairs])
        rec = JobRecord(self._next_id, name, mode, segs, bands, expect_error=expect_error,
                        placement=placement,
                        bounced=[b.bounced for p in pairs for b in (p.src, p.dst)])
        self._next_id += 1
        try:
            if single:
                res = await drv.copy(segs[0].src_bus, segs[0].dst_bus, segs[0].size)
            else:
                res = await drv.start_chain(chain)
            rec.bytes_done = res.bytes_done
        except DmaError as exc:
            rec.error = exc
            rec.bytes_done = exc.bytes_done
            rec.partial_ok = True
        finally:
            if chain is not None:
                drv.free_chain(chain)
        mem = tb.machine.memory
        for band in bands:
            if band.where.startswith("bus"):
                band.after = _read(mem, band.addr, len(band.before))
        if unmap:
            self.release(pairs)
        for band in bands:
            if band.where.startswith("cpu"):
                band.after = _read(mem, band.addr, len(band.before))
        for seg, p in zip(segs, pairs):
            cpu = self._cpu_of(p.dst, seg.dst_bus) if (unmap or not p.dst.bounced) else seg.dst_bus
            seg.actual = _read(mem, cpu, p.n)
        self.records.append(rec)
        for cb in self.listeners:
            cb(rec)
        return rec

    def release(self, pairs) -> None:
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
