"""DMA jobs as the bench runs them: buffer placement, data, guard bands, and the job record.

``JobRunner.alloc(place, size, direction)`` gets a buffer through the models only:
- ``low``: ``get_pages_mask`` below the device mask (pool or buddy, as the mask allocator
  decides) + ``dma_map_single``;
- ``high``: a page block from the buddy allocator (``policy="high"``: the top of RAM), mapped
  with ``dma_map_single`` -- swiotlb bounces it when it lies above the device limit;
- ``coherent``: ``dma_alloc_coherent``;
- ``straddle4k``: like ``low`` but the buffer starts ``min(size // 2, 4095)`` bytes before a page
  boundary, so it crosses it (rounded down to the engine's ``Capabilities.alignment``, at least
  one granule: an aligned-only engine gets an aligned buffer);
- ``limit``: ends exactly at the device limit: ``dma_map_resource`` of device-visible memory when
  the limit lies above RAM, else (``limit`` machine layout) a streaming mapping inside the top
  block -- the pool's first allocation, which its downward placement puts at the limit;
- ``straddle-limit``: a CPU buffer that starts at or below the device limit and ends above it,
  in the memory around the limit no allocator owns (``bench.layouts.straddle_room``); the part
  at or below the limit is a whole number of alignment granules. The models
  must refuse it with ``dma_map_resource`` (``DMA_MAPPING_ERROR``, nothing registered) -- checked
  first, and counted as the edge outcome ``straddle_refused`` -- and bounce it with
  ``dma_map_single`` into swiotlb slots that end at or below the limit (``straddle_bounced``);
  the device gets the bounce. Only one such buffer can be live (they all hold the limit's byte):
  while one is, or while an at-limit buffer is, or when the buffer is shorter than two
  granules, the placement falls back to ``low`` (``straddle_fallbacks``);
- ``pool``: the next pool allocation as it comes (``bottom`` / ``around4g`` layouts).

Guard bands: every buffer placed here gets ``BAND`` bytes on each side that the bench owns (its
allocation is that much larger, or the bytes lie in memory no allocator owns), filled with a
poison pattern (``band_poison``, a function of the address) when it is placed; a bounced
buffer's bus side gets the same in the slot area around its slots where no live mapping is (its
own slot tail and free slots: swiotlb copies a mapping's data in before the device sees it). The
scoreboard snapshots every band at submit and compares after the job, so a stray write of the
memory's old content is seen too. A bottom-page buffer at address 0 has no band below; an
at-limit buffer of the ``limit`` layout has none above (that RAM belongs to the buddy).

Edge outcomes (``exact_fit``, ``straddle_bounced``, ``straddle_refused``) go to ``edge_counts``
and every ``edge_listeners`` callback (the tests feed coverage with them). Any edge check that
fails raises AssertionError naming the placement, the candidate's first and last byte, the
limit and the rule.

``JobRunner.pair(...)`` maps a source filled with seeded random bytes and a poisoned
destination; ``JobRunner.run(...)`` turns pairs into one ``Work`` (the buffers are its windows,
named after their placement: sources read, destinations written), runs it through
``bench.work.WorkRunner`` (which brackets it for the guard), unmaps the buffers (bounced data is
copied back) and reports the work retired. The scoreboard observes all of that through the
monitor; the returned ``JobRecord`` is for a test's own extra checks.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable

import models

from bench.adapter import Copy, Window, Work, WorkResult
from bench.driver import DmaBuffer
from bench.layouts import straddle_room
from bench.scoreboard import subtract

BAND = 64
LIMIT_BLOCK = 16 * 4096  # the top block of the 'limit' layout
POISON = 0xA5
EDGE_OUTCOMES = ("exact_fit", "straddle_bounced", "straddle_refused")


# One period of the destination poison: byte i of poison(n, salt) is POISON ^ ((i + salt) * 7)
# modulo 256, which repeats every 256 bytes.
_POISON_PERIOD = bytes((POISON ^ (j * 7)) & 0xFF for j in range(256))


def poison(n: int, salt: int = 0) -> bytes:
    """``n`` bytes of the destination poison pattern, starting at phase ``salt``."""
    start = salt % 256
    return (_POISON_PERIOD * ((start + n) // 256 + 1))[start:start + n]


def band_poison(addr: int, n: int) -> bytes:
    """The guard-band pattern for bytes [addr, addr + n): a function of the address only."""
    return bytes((0x5A ^ (a * 13) ^ (a >> 8)) & 0xFF for a in range(addr, addr + n))


def edge_failure(place: str, first: int, last: int, limit: int, rule: str, what: str) -> str:
    """The message of a failed edge check: path, the candidate's bytes, the limit, the rule."""
    return (f"{place}: {what}: candidate [0x{first:x}..0x{last:x}], limit 0x{limit:x}; "
            f"rule: {rule}")


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


@dataclass
class Placed:
    """How the runner placed a buffer: the placement asked for (``place``), the one used
    (``used``, differs after a fallback), the CPU bytes the bench owns around it (``owned``,
    inclusive intervals), and the coherent allocation it is a view of (``parent``)."""

    place: str
    used: str
    owned: list[tuple[int, int]]
    parent: DmaBuffer | None = None
    edge: bool = False  # holds bytes at or near the limit (limit / straddle-limit)


class JobRunner:
    """Places buffers and runs jobs on a ``Testbench`` (``tb.driver``, ``tb.machine``,
    ``tb.device``, ``tb.rng``, ``tb.work``)."""

    def __init__(self, tb):
        self.tb = tb
        self.salt = 0  # distinct data per pair
        self.limit_block = None
        self.placed: dict[int, Placed] = {}
        self.buffers: dict[int, DmaBuffer] = {}
        self.edge_counts: Counter = Counter()
        self.edge_listeners: list[Callable[[str], None]] = []
        self.straddle_fallbacks = 0

    # -- allocation ----------------------------------------------------------------------------
    @property
    def mask(self) -> int:
        return self.tb.device.dma_mask

    @property
    def alignment(self) -> int:
        """The engine's granule of addresses and lengths (1 before the engine was probed)."""
        caps = getattr(self.tb, "caps", None)
        return caps.alignment if caps is not None else 1

    def placement_of(self, buf: DmaBuffer) -> str:
        p = self.placed.get(id(buf))
        return p.used if p is not None else "test-placed"

    def alloc(self, place: str, size: int, direction, fill: tuple[int, bytes] | None = None
              ) -> DmaBuffer:
        """A buffer of ``size`` bytes placed as asked, its guard bands poisoned; ``fill=(offset,
        data)`` is written to the CPU side BEFORE mapping (so swiotlb's map-time copy carries it
        to a bounce buffer)."""
        tb = self.tb
        m = tb.machine
        drv = tb.driver
        gfp = models.GFP_KERNEL
        mem = m.memory

        def prefill(cpu):
            if fill is not None:
                mem.write(cpu + fill[0], fill[1])

        if place == "straddle-limit":
            if self._edge_live() or size < 2 * self.alignment:
                self.straddle_fallbacks += 1
                buf = self.alloc("low", size, direction, fill)
                self.placed[id(buf)].place = place
                return buf
            return self.alloc_straddle(size, direction, fill)
        if place in ("low", "straddle4k", "pool"):
            if place == "straddle4k":
                a = self.alignment
                k = max(a, min(size // 2, 4095) // a * a)
                lead = 4096 - k if 4096 - k >= BAND else 8192 - k
            else:
                lead = BAND
            total = lead + size + BAND
            addr = m.get_pages_mask(gfp, total, self.mask)
            if addr is None:
                raise MemoryError(f"{place}: get_pages_mask({total}, mask 0x{self.mask:x}) "
                                  f"failed")
            if addr == 0 and place != "straddle4k":
                lead = 0  # address 0 itself is the bottom-page edge: nothing lies below it
            cpu = addr + lead
            prefill(cpu)
            owned = [(addr, addr + _pages(total) - 1)]
            self._poison_cpu(cpu, size, owned)
            buf = drv.map_single(cpu, size, direction,
                                 release=lambda: m.free_pages_mask(addr, total))
            return self._placed(buf, place, owned)
        if place == "high":
            order = max(0, (size + 2 * BAND - 1) // 4096).bit_length()
            pfn = m.buddy.alloc_pages(gfp, order)
            if pfn is None:
                raise MemoryError(f"high: buddy alloc_pages(order {order}) failed")
            addr = pfn << 12
            cpu = addr + BAND
            prefill(cpu)
            owned = [(addr, addr + (4096 << order) - 1)]
            self._poison_cpu(cpu, size, owned)
            buf = drv.map_single(cpu, size, direction,
                                 release=lambda: m.buddy.free_pages(pfn, order))
            return self._placed(buf, place, owned)
        if place == "coherent":
            parent = drv.alloc_coherent(BAND + size + BAND)
            cpu = parent.cpu_addr + BAND
            prefill(cpu)
            owned = [(parent.cpu_addr, parent.cpu_addr + parent.size - 1)]
            self._poison_cpu(cpu, size, owned)
            view = DmaBuffer(cpu, parent.handle + BAND, size, parent.direction, "coherent")
            return self._placed(view, place, owned, parent=parent)
        if place == "limit":
            return self.alloc_at_limit(size, direction, fill=fill)
        raise ValueError(f"unknown placement {place!r}")

    def _placed(self, buf: DmaBuffer, place: str, owned, parent=None, edge=False) -> DmaBuffer:
        self.placed[id(buf)] = Placed(place, place, list(owned), parent, edge)
        self.buffers[id(buf)] = buf
        if buf.bounced:
            self._poison_bus(buf)
        return buf

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
            self.release_buffers([src])
            raise
        return Pair(src, so, dst, do, n, data, poison(n, salt))

    # -- the limit's edge ----------------------------------------------------------------------
    def _edge_live(self) -> list[DmaBuffer]:
        return [self.buffers[k] for k, p in self.placed.items()
                if p.edge and not self.buffers[k].released]

    def note_edge(self, outcome: str) -> None:
        """Count an edge outcome (``EDGE_OUTCOMES``) and tell the listeners."""
        if outcome not in EDGE_OUTCOMES:
            raise ValueError(f"unknown edge outcome {outcome!r} (known: {EDGE_OUTCOMES})")
        self.edge_counts[outcome] += 1
        for cb in list(self.edge_listeners):
            cb(outcome)

    def alloc_at_limit(self, size: int, direction, gap: int | None = None,
                       fill: tuple[int, bytes] | None = None, via: str = "resource"
                       ) -> DmaBuffer:
        """A buffer whose last byte is ``limit - gap``. ``gap=None``: right at the limit, or, if
        buffers at the limit's edge are live, ``BAND`` bytes below the lowest of them. Where the
        limit lies beyond RAM the memory is mapped with ``dma_map_resource`` (``via="resource"``)
        or ``dma_map_single`` (``via="single"``: it must not bounce)."""
        if via not in ("resource", "single"):
            raise ValueError(f"alloc_at_limit: via {via!r} is not 'resource' or 'single'")
        limit = self.mask
        live = self._edge_live()
        if gap is None:
            gap = (limit - min(b.cpu_addr for b in live) + 1 + BAND) if live else 0
        try:
            buf = self._alloc_at_limit(size, direction, gap, fill, via)
        except MemoryError as e:
            first = limit - gap - size + 1
            raise AssertionError(edge_failure(
                f"limit via {via}", first, first + size - 1, limit,
                "a buffer whose last byte is <= the limit is accepted", f"refused ({e})")) from e
        if buf.bounced or buf.last > limit:
            self.release_buffers([buf])
            raise AssertionError(edge_failure(
                f"limit via {via}", buf.cpu_addr, buf.cpu_addr + size - 1, limit,
                "a buffer whose last byte is <= the limit is mapped directly",
                f"the device was handed [0x{buf.handle:x}..0x{buf.last:x}] "
                f"(bounced {buf.bounced})"))
        if buf.last == limit:
            self.note_edge("exact_fit")
        return buf

    def _alloc_at_limit(self, size, direction, gap, fill, via) -> DmaBuffer:
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
            self._poison_cpu(phys, size, [])
            if via == "single":
                buf = tb.driver.map_single(phys, size, direction)
            else:
                buf = tb.driver.map_resource(phys, size, direction)
            return self._placed(buf, "limit", [], edge=True)
        # 'limit' layout: the pool ends at the limit and its first allocation (Kleen's downward
        # cursor starts at the limit) is the top block; it is kept for the whole machine
        # lifetime and every at-limit buffer is a streaming mapping inside it.
        if self.limit_block is None:
            addr = m.get_pages_mask(models.GFP_KERNEL, LIMIT_BLOCK, limit)
            if addr is None or addr + LIMIT_BLOCK - 1 != limit:
                raise AssertionError(edge_failure(
                    "limit", addr if addr is not None else -1,
                    (addr if addr is not None else 0) + LIMIT_BLOCK - 1, limit,
                    "the pool's first allocation under Kleen's placement ends at the mask",
                    "the limit layout's first allocation is not the top block"))
            self.limit_block = addr
        if size + gap > LIMIT_BLOCK:
            raise ValueError(f"at-limit buffers are at most {LIMIT_BLOCK} bytes "
                             f"(asked {size} + gap {gap})")
        start = limit - gap - size + 1
        if fill is not None:
            m.memory.write(start + fill[0], fill[1])
        owned = [(self.limit_block, limit)]
        self._poison_cpu(start, size, owned)
        buf = tb.driver.map_single(start, size, direction)
        return self._placed(buf, "limit", owned, edge=True)

    def alloc_straddle(self, size: int, direction, fill: tuple[int, bytes] | None = None,
                       below: int | None = None) -> DmaBuffer:
        """A CPU buffer of ``size`` (>= 2 granules) bytes of which ``below`` (default: random,
        whole granules of ``alignment``, 1..size-1) lie at or below the limit:
        ``dma_map_resource`` must refuse it, ``dma_map_single`` must bounce it below the limit
        (see the module docstring). ValueError when ``below`` is not a multiple of the
        alignment."""
        limit = self.mask
        room = straddle_room(self.tb.machine, limit)
        if room is None:
            raise ValueError(f"straddle-limit: the layout has no free memory around the limit "
                             f"0x{limit:x} (bench.layouts.straddle_room)")
        if size < 2:
            raise ValueError(f"straddle-limit: a {size}-byte buffer cannot straddle the limit")
        a = self.alignment
        if below is None and size >= 2 * a:
            below = self.tb.rng.randrange(a, size - a + 1, a)
        if below is None or not 1 <= below < size:
            raise ValueError(f"straddle-limit: {below} bytes below the limit is outside "
                             f"1..{size - 1} (size {size}, alignment {a})")
        if below % a:
            raise ValueError(f"straddle-limit: {below} bytes below the limit is not a multiple "
                             f"of the engine's alignment {a}")
        cpu = limit - below + 1
        if cpu - BAND < room[0] or cpu + size - 1 + BAND > room[1]:
            raise ValueError(f"straddle-limit: [0x{cpu:x}..0x{cpu + size - 1:x}] and its bands "
                             f"do not fit the room [0x{room[0]:x}..0x{room[1]:x}]")
        return self.map_beyond("straddle-limit", cpu, size, direction, fill)

    def map_beyond(self, place: str, cpu: int, size: int, direction,
                   fill: tuple[int, bytes] | None = None) -> DmaBuffer:
        """Map CPU bytes [cpu, cpu + size) that end above the limit (or, at 64 bits, whose
        direct handle would be DMA_MAPPING_ERROR): ``dma_map_resource`` must refuse them,
        ``dma_map_single`` must bounce them to bytes ending at or below the limit. Returns the
        bounced buffer (bands poisoned); AssertionError (``edge_failure``) otherwise."""
        tb = self.tb
        m, dev = tb.machine, tb.device
        limit = self.mask
        last = cpu + size - 1
        if last <= limit and cpu != models.DMA_MAPPING_ERROR:
            raise ValueError(f"{place}: [0x{cpu:x}..0x{last:x}] does not go beyond the limit "
                             f"0x{limit:x}")
        straddles = cpu <= limit or cpu == models.DMA_MAPPING_ERROR
        self.check_refused(place, cpu, size, direction, count=straddles)
        if fill is not None:
            m.memory.write(cpu + fill[0], fill[1])
        self._poison_cpu(cpu, size, [])
        handle = models.dma_map_single(dev, cpu, size, direction)
        if models.dma_mapping_error(dev, handle):
            raise AssertionError(edge_failure(
                place, cpu, last, limit, "dma_map_single bounces a buffer that ends above the "
                "limit (swiotlb has free slots)", f"dma_map_single refused it "
                f"({m.swiotlb.last_error if hasattr(m.swiotlb, 'last_error') else 'no reason'})"))
        buf = DmaBuffer(cpu, handle, size, direction, "streaming", handle != cpu)
        tb.driver.stats.maps += 1
        tb.driver.stats.bounced += buf.bounced
        self._placed(buf, place, [], edge=True)
        if not buf.bounced or buf.last > limit:
            tb.driver.unmap(buf)
            raise AssertionError(edge_failure(
                place, cpu, last, limit, "dma_map_single bounces a buffer that ends above the "
                "limit into slots that end at or below it",
                f"the device was handed [0x{handle:x}..0x{handle + size - 1:x}]"))
        if straddles:
            self.note_edge("straddle_bounced")
        return buf

    def check_refused(self, place: str, cpu: int, size: int, direction, count: bool = True
                      ) -> None:
        """``dma_map_resource`` of [cpu, cpu + size) must return DMA_MAPPING_ERROR and register
        nothing (the bytes end above the limit, or the handle would be the error value);
        ``count``: note the edge outcome ``straddle_refused``."""
        dev = self.tb.device
        before = len(dev.mappings())
        handle = models.dma_map_resource(dev, cpu, size, direction)
        if not models.dma_mapping_error(dev, handle) or len(dev.mappings()) != before:
            added = len(dev.mappings()) - before
            if added and dev.find_mapping(handle, size) is not None:
                models.dma_unmap_resource(dev, handle, size, direction)
            raise AssertionError(edge_failure(
                place, cpu, cpu + size - 1, self.mask, "dma_map_resource refuses a range that "
                "ends above the mask (or whose handle would be DMA_MAPPING_ERROR) with "
                "DMA_MAPPING_ERROR and registers nothing",
                f"dma_map_resource returned 0x{handle:x} with {added} new mapping(s)"))
        if count:
            self.note_edge("straddle_refused")

    # -- guard bands ---------------------------------------------------------------------------
    def _poison_cpu(self, cpu: int, size: int, owned: list[tuple[int, int]]) -> None:
        """Poison the CPU-side bands of [cpu, cpu + size) where the bench owns the bytes: inside
        ``owned``, or in memory above RAM; never inside a live buffer at the limit's edge or a
        live mapping other than one holding the buffer (a coherent view's allocation)."""
        m = self.tb.machine
        last = cpu + size - 1
        busy = [(mp.dma_addr, mp.end) for mp in self.tb.device.mappings()
                if not mp.dma_addr <= cpu <= last <= mp.end]  # not the coherent view's own
        busy += [(b.cpu_addr, b.cpu_addr + b.size - 1) for b in self._edge_live()]
        for first, last in _bands_around(cpu, size, m.memory.size):
            for r0, r1 in owned:
                for a, b in subtract(max(first, r0), min(last, r1), busy):
                    m.memory.write(a, band_poison(a, b - a + 1))
            if last >= m.ram_size:
                for a, b in subtract(max(first, m.ram_size), last, busy + owned):
                    m.memory.write(a, band_poison(a, b - a + 1))

    def _poison_bus(self, buf: DmaBuffer) -> None:
        """Poison the bus-side bands of a bounced buffer inside the slot area, where no live
        mapping is (its slot tail, free slots)."""
        m = self.tb.machine
        tlb = m.swiotlb
        busy = [(mp.dma_addr, mp.end) for mp in self.tb.device.mappings()]
        for first, last in _bands_around(buf.handle, buf.size, m.memory.size):
            for a, b in subtract(max(first, tlb.base), min(last, tlb.end - 1), busy):
                m.memory.write(a, band_poison(a, b - a + 1))

    def close(self) -> None:
        """Give back memory the runner keeps for a machine's lifetime (the limit block)."""
        if self.limit_block is not None:
            self.tb.machine.free_pages_mask(self.limit_block, LIMIT_BLOCK)
            self.limit_block = None

    # -- running -------------------------------------------------------------------------------
    def work_for(self, name: str, pairs: list[Pair], chain: bool = False, **fields) -> Work:
        """A ``Work`` copying every pair, whose windows are the pairs' whole buffers, named after
        their side and placement ("dst[0] straddle-limit")."""
        reads, writes, seen = [], [], set()
        for i, p in enumerate(pairs):
            for buf, side, out in ((p.src, "src", reads), (p.dst, "dst", writes)):
                if id(buf) not in seen:
                    seen.add(id(buf))
                    out.append(Window.of(buf.handle, buf.size,
                                         f"{side}[{i}] {self.placement_of(buf)}"))
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
        bufs = []
        for p in pairs:
            bufs += [p.dst, p.src]
        self.release_buffers(bufs)

    def release_buffers(self, bufs) -> None:
        """Unmap buffers (each once; a coherent view gives back its allocation)."""
        seen = set()
        for b in bufs:
            if id(b) in seen:
                continue
            seen.add(id(b))
            placed = self.placed.pop(id(b), None)
            self.buffers.pop(id(b), None)
            if placed is not None and placed.parent is not None:
                b.released = True
                self.tb.driver.unmap(placed.parent)
            else:
                self.tb.driver.unmap(b)


def _pages(n: int) -> int:
    return (max(n, 16) + 4095) // 4096 * 4096


def _bands_around(addr: int, n: int, size: int) -> list[tuple[int, int]]:
    """The inclusive band intervals below and above [addr, addr + n) inside [0, size)."""
    out = []
    if addr > 0:
        out.append((max(0, addr - BAND), addr - 1))
    if addr + n < size:
        out.append((addr + n, min(size, addr + n + BAND) - 1))
    return out


def _read(mem, addr: int, n: int) -> bytes:
    if addr < 0 or addr + n > mem.size:
        return b""
    return mem.read(addr, n)
