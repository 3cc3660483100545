"""Hypothesis properties over random interleavings of alloc/free/map/unmap (issue 2, section 3).

- every block and every DMA handle ends <= its mask;
- no two live blocks overlap (buddy, pool and swiotlb slots together);
- pool allocations take exactly ceil(size / PAGE_SIZE) pages;
- the fallback to the pool is taken exactly when the buddy block ends above the mask;
- after everything is freed, the free counts equal the boot values;
- bounce data round-trips per direction.
"""
from __future__ import annotations

import hypothesis.strategies as st
from hypothesis import event, given, settings
from hypothesis.stateful import (Bundle, RuleBasedStateMachine, consumes, initialize,
                                 invariant, rule)

from models import (DMA_BIDIRECTIONAL, DMA_BIT_MASK, DMA_FROM_DEVICE, DMA_TO_DEVICE,
                    GFP_ATOMIC, GFP_NOWARN, IO_TLB_SIZE, PAGE_SHIFT, PAGE_SIZE, Device, Machine,
                    MappingKind, MaskAllocator, dma_alloc_coherent, dma_free_coherent,
                    dma_map_single, dma_mapping_error, dma_sync_single_for_cpu,
                    dma_unmap_single)

MiB = 1 << 20
BITS = st.integers(24, 64)
SIZES = st.one_of(st.integers(1, 3 * PAGE_SIZE), st.integers(1, 600 * 1024))


def _pages(size: int) -> int:
    return (max(size, 16) + PAGE_SIZE - 1) >> PAGE_SHIFT


class MachineMachine(RuleBasedStateMachine):
    blocks = Bundle("blocks")
    kbufs = Bundle("kbufs")
    maps = Bundle("maps")
    coherent = Bundle("coherent")

    @initialize(policy=st.sampled_from(["high", "low", "random"]),
                placement=st.sampled_from(["nextfit", "kleen"]), force=st.booleans(),
                seed=st.integers(0, 2**16))
    def boot(self, policy, placement, force, seed):
        self.m = Machine(ram_size=8 << 30, pool_size=8 * MiB, swiotlb_size=1 * MiB,
                         buddy_policy=policy, placement=placement, force=force, seed=seed)
        self.calls: list[tuple[int | None, int]] = []
        orig = self.m.buddy.alloc_pages

        def spy(gfp, order):
            pfn = orig(gfp, order)
            self.calls.append((pfn, order))
            return pfn
        self.m.buddy.alloc_pages = spy
        self.devs: dict[int, Device] = {}
        self.live_maps = 0

    def dev(self, bits: int) -> Device:
        d = self.devs.get(bits)
        if d is None:
            d = self.devs[bits] = Device(self.m, f"d{bits}", DMA_BIT_MASK(bits),
                                         DMA_BIT_MASK(bits))
        return d

    # -- the mask allocator ----------------------------------------------------------------
    @rule(target=blocks, size=SIZES, bits=BITS)
    def alloc(self, size, bits):
        mask = DMA_BIT_MASK(bits)
        self.calls.clear()
        higher = self.m.stats["mask_higher"]
        pfn = self.m.alloc_pages_mask(GFP_ATOMIC | GFP_NOWARN, size, mask)
        fell_back = self.m.stats["mask_higher"] - higher
        assert len(self.calls) <= 1
        if self.calls and self.calls[0][0] is not None:
            b, order = self.calls[0]
            ends_above = ((b + (1 << order)) << PAGE_SHIFT) - 1 > mask
            event("buddy block ended above the mask" if ends_above else "buddy block used")
            assert fell_back == int(ends_above)
            if not ends_above:
                assert pfn == b
        else:
            assert fell_back == 0
        if pfn is None:
            return None
        size_rec, src = self.m.mask_allocation(pfn)
        assert size_rec == max(size, 16)
        if src == "pool":
            assert self.m.pool.allocation_pages(pfn) == _pages(size)
            end = ((pfn + _pages(size)) << PAGE_SHIFT) - 1
        else:
            order = self.m.buddy.is_allocated(pfn)
            assert order == (_pages(size) - 1).bit_length()
            end = ((pfn + (1 << order)) << PAGE_SHIFT) - 1
        assert end <= mask
        return (pfn, size)

    @rule(b=consumes(blocks))
    def free(self, b):
        if b is not None:
            self.m.free_pages_mask_page(*b)

    # -- kernel buffers and streaming mappings ---------------------------------------------
    @rule(target=kbufs, order=st.integers(0, 2))
    def kalloc(self, order):
        pfn = self.m.buddy.alloc_pages(0, order)
        return None if pfn is None else (pfn, order)

    @rule(target=maps, kb=consumes(kbufs), bits=BITS,
          direction=st.sampled_from([DMA_TO_DEVICE, DMA_FROM_DEVICE, DMA_BIDIRECTIONAL]),
          data=st.data())
    def map(self, kb, bits, direction, data):
        if kb is None:
            return None
        pfn, order = kb
        span = PAGE_SIZE << order
        off = data.draw(st.integers(0, span - 1), label="offset")
        size = data.draw(st.integers(1, span - off), label="size")
        addr = (pfn << PAGE_SHIFT) + off
        pattern = bytes((addr + i) * 7 & 0xFF for i in range(size))
        self.m.memory.write(addr, pattern)
        dev = self.dev(bits)
        h = dma_map_single(dev, addr, size, direction, nowarn=True)
        if dma_mapping_error(dev, h):
            assert "swiotlb buffer is full" in self.m.swiotlb.last_error
            self.m.buddy.free_pages(pfn, order)
            return None
        assert h + size - 1 <= dev.dma_mask
        mp = dev.find_mapping(h, size)
        event(f"map: {mp.kind.value}")
        assert mp.kind is (MappingKind.STREAMING if addr + size - 1 <= dev.dma_mask
                           else MappingKind.BOUNCE)
        assert self.m.memory.read(h, size) == pattern   # the device sees the data
        self.live_maps += 1
        return (dev, h, size, direction, addr, pattern, kb)

    @rule(mp=consumes(maps), sync=st.booleans())
    def unmap(self, mp, sync):
        if mp is None:
            return
        dev, h, size, direction, addr, pattern, (pfn, order) = mp
        written = bytes(~b & 0xFF for b in pattern)
        if direction != DMA_TO_DEVICE:
            self.m.memory.write(h, written)                   # the device writes
            if sync:
                dma_sync_single_for_cpu(dev, h, size, direction)
                assert self.m.memory.read(addr, size) == written
        dma_unmap_single(dev, h, size, direction)
        expect = pattern if direction == DMA_TO_DEVICE else written
        assert self.m.memory.read(addr, size) == expect
        self.live_maps -= 1
        self.m.buddy.free_pages(pfn, order)

    @rule(kb=consumes(kbufs))
    def kfree(self, kb):
        if kb is not None:
            self.m.buddy.free_pages(*kb)

    # -- coherent --------------------------------------------------------------------------
    @rule(target=coherent, size=st.integers(1, 5 * PAGE_SIZE), bits=BITS)
    def coherent_alloc(self, size, bits):
        dev = self.dev(bits)
        r = dma_alloc_coherent(dev, size, GFP_ATOMIC | GFP_NOWARN)
        if r is None:
            return None
        assert r[1] + size - 1 <= dev.coherent_dma_mask
        assert self.m.memory.read(r[0], size) == bytes(size)
        return (dev, size, r)

    @rule(c=consumes(coherent))
    def coherent_free(self, c):
        if c is not None:
            dev, size, (cpu, h) = c
            dma_free_coherent(dev, size, cpu, h)

    # -- invariants ------------------------------------------------------------------------
    @invariant()
    def no_overlap(self):
        spans = [(p, p + (1 << o)) for p, o in self.m.buddy.live_blocks().items()]
        spans += [(p, p + n) for p, n in self.m.pool.live().items()]
        spans.sort()
        for (a0, a1), (b0, _) in zip(spans, spans[1:]):
            assert a1 <= b0, f"pages [{a0:#x}, {a1:#x}) overlap a block at {b0:#x}"
        sw = self.m.swiotlb
        slots = sorted((s.tlb_addr, s.tlb_addr + s.nslots * IO_TLB_SIZE) for s in sw.mappings())
        for (a0, a1), (b0, _) in zip(slots, slots[1:]):
            assert a1 <= b0
        assert all(sw.base <= a0 and a1 <= sw.end for a0, a1 in slots)
        assert sum(s.nslots for s in sw.mappings()) == sw.used

    @invariant()
    def handles_below_masks(self):
        for dev in self.devs.values():
            for mp in dev.mappings():
                mask = dev.coherent_dma_mask if mp.kind is MappingKind.COHERENT else dev.dma_mask
                assert mp.end <= mask

    def teardown(self):
        if not hasattr(self, "m"):
            return
        m = self.m
        for dev in list(self.devs.values()):
            for mp in dev.mappings():
                if mp.kind is MappingKind.COHERENT:
                    dma_free_coherent(dev, mp.size, mp.cpu_addr, mp.dma_addr)
                else:
                    dma_unmap_single(dev, mp.dma_addr, mp.size, mp.direction)
            dev.remove()
        for pfn, (size, _) in m.live_mask_allocations().items():
            m.free_pages_mask_page(pfn, size)
        for pfn, order in m.buddy.live_blocks().items():
            m.buddy.free_pages(pfn, order)
        assert m.free_counts() == m.boot_counts
        m.check_quiescent()


MachineMachine.TestCase.settings = settings(
    stateful_step_count=40, max_examples=max(20, settings.default.max_examples * 2 // 3))
TestMachine = MachineMachine.TestCase


@given(ops=st.lists(st.tuples(st.booleans(), st.integers(1, 70), st.integers(13, 20),
                              st.integers(0, 10**6)), max_size=120),
       placement=st.sampled_from(["nextfit", "kleen"]), start=st.integers(0, 40))
def test_pool_interleavings(ops, placement, start):
    """Pool alone, 200 pages at pfn `start`: exact page counts, runs within the mask, bitmap
    equals the union of live allocations, and freeing everything restores the boot bitmap."""
    p = MaskAllocator(start, 200, placement=placement)
    boot = list(p._used)
    live: list[tuple[int, int]] = []
    for is_alloc, n, bits, pick in ops:
        if is_alloc or not live:
            mask = DMA_BIT_MASK(bits)
            pfn = p.alloc(n, mask)
            if pfn is not None:
                assert ((pfn + n) << PAGE_SHIFT) - 1 <= mask
                assert p.allocation_pages(pfn) == n
                live.append((pfn, n))
            else:
                # None only if no run of n free pages lies below the mask
                limit = min(p.end_pfn, (mask + 1) >> PAGE_SHIFT)
                free = [p.is_free(q) for q in range(start, limit)]
                assert "1" * n not in "".join("1" if f else "0" for f in free)
        else:
            pfn, n = live.pop(pick % len(live))
            p.free(pfn, n)
        used = set()
        for a, k in live:
            pages = set(range(a, a + k))
            assert not used & pages
            used |= pages
        assert all(p.is_free(q) == (q not in used) for q in range(start, start + 200))
        assert p.nr_free == 200 - len(used)
    for a, k in live:
        p.free(a, k)
    assert p._used == boot and p.nr_free == 200


class _RefNextFit:
    """Page-by-page reference of the article's next-fit (test oracle only)."""

    def __init__(self, npages: int) -> None:
        self.free = [True] * npages
        self.cur = 0

    def _first(self, n: int, lo: int, hi: int) -> int | None:
        run = 0
        for i in range(lo, hi):
            run = run + 1 if self.free[i] else 0
            if run == n:
                return i - n + 1
        return None

    def alloc(self, n: int, hi: int) -> int | None:
        N = len(self.free)
        s = self._first(n, self.cur, N)
        if s is None:
            s = self._first(n, 0, N)          # cycle through the whole region
        if s is not None and s + n > hi:
            s = self._first(n, 0, hi)          # above the mask: restart at the low end
        if s is None:
            return None
        for i in range(s, s + n):
            self.free[i] = False
        self.cur = s + n if s + n < N else 0
        return s


@given(ops=st.lists(st.tuples(st.integers(0, 3), st.integers(1, 80), st.integers(0, 10**6)),
                    max_size=150),
       npages=st.integers(100, 1500))
def test_nextfit_matches_reference(ops, npages):
    """The bitmap's fast, medium and slow paths place every run where a naive next-fit does."""
    p = MaskAllocator(0, npages)
    ref = _RefNextFit(npages)
    live: list[tuple[int, int]] = []
    for kind, n, pick in ops:
        if kind == 0 and live:
            s, k = live.pop(pick % len(live))
            p.free(s, k)
            for i in range(s, s + k):
                ref.free[i] = True
            continue
        mask = DMA_BIT_MASK(64) if kind != 3 else DMA_BIT_MASK(12 + (pick % 11))
        hi = min(npages, (mask + 1) >> PAGE_SHIFT)
        got = p.alloc(n, mask) if n <= npages else None
        want = ref.alloc(n, hi) if n <= npages else None
        assert got == want, (got, want, n, hex(mask))
        if got is not None:
            live.append((got, n))
