"""Properties at the device's limit over machine layouts, pool position, slot-area position and
mask (hypothesis):

- every handle any path hands a device ends at or below the device's limit;
- every exact fit (pool pages, slot run or buddy block ending exactly at the mask) is accepted;
- swiotlb honours any int limit (not only 2^n - 1) exactly as a brute-force oracle does;
- a real (naturally aligned) buddy block never straddles a 2^n - 1 mask.
"""
from __future__ import annotations

import hypothesis.strategies as st
from hypothesis import given, settings

from edge_assert import assert_exact_fit, assert_refused, assert_within, edge_msg, span
from models import (DMA_BIDIRECTIONAL, DMA_BIT_MASK, DMA_MAPPING_ERROR, DMA_TO_DEVICE,
                    GFP_ATOMIC, GFP_NOWARN, IO_TLB_SEGSIZE, IO_TLB_SIZE, MAX_ORDER, PAGE_SHIFT,
                    PAGE_SIZE, BuddyAllocator, Device, Machine, MappingKind, PhysicalMemory,
                    Swiotlb, dma_alloc_coherent, dma_map_resource, dma_map_single,
                    dma_pool_create)

MiB = 1 << 20
NOWAIT = GFP_ATOMIC | GFP_NOWARN
FAST = settings(max_examples=30, deadline=None)


@st.composite
def layouts(draw):
    """A machine whose pool (and slot area) a mask of `width` bits cuts through, or not."""
    width = draw(st.integers(16, 34))
    top = 1 << width
    pool_pages = draw(st.integers(16, 512))
    below = draw(st.integers(1, pool_pages))          # pool pages at or below the limit
    pool_start = max(0, top - below * PAGE_SIZE)
    swiotlb_pages = draw(st.sampled_from([0, 2, 16, 64]))
    swiotlb_pages = min(swiotlb_pages, pool_pages)
    if pool_start + swiotlb_pages * PAGE_SIZE > 1 << 32:
        swiotlb_pages = 0                             # the slot area must lie below 4 GiB
    ram = max(pool_start + pool_pages * PAGE_SIZE, 2 * top, 64 * MiB)
    ram = (ram + PAGE_SIZE - 1) // PAGE_SIZE * PAGE_SIZE
    kw = dict(ram_size=ram, pool_start=pool_start, pool_size=pool_pages * PAGE_SIZE,
              swiotlb_size=swiotlb_pages * PAGE_SIZE, memory_size=ram + 64 * 1024,
              placement=draw(st.sampled_from(["nextfit", "kleen"])),
              buddy_policy=draw(st.sampled_from(["high", "low", "random"])),
              force=draw(st.booleans()), seed=draw(st.integers(0, 99)))
    return width, kw


OPS = st.lists(st.tuples(st.sampled_from(["pages", "coherent", "map", "resource", "mempool",
                                          "dmapool"]),
                         st.integers(1, 5 * PAGE_SIZE), st.integers(-5 * PAGE_SIZE, 5 * PAGE_SIZE)),
               min_size=1, max_size=25)


@FAST
@given(layout=layouts(), ops=OPS)
def test_every_handle_ends_at_or_below_the_limit(layout, ops):
    width, kw = layout
    m = Machine(**kw)
    limit = DMA_BIT_MASK(width)
    dev = Device(m, f"w{width}", limit, limit)
    mp = m.mempool_create_pool_pmask(0, PAGE_SIZE, limit)
    pool = dma_pool_create("edge", dev, 96, 32, 256)
    for op, size, offset in ops:
        near = limit + 1 + offset - size // 2          # buffers around the limit
        near = min(max(near, 0), m.memory.size - size)
        if op == "pages":
            a = m.get_pages_mask(NOWAIT, size, limit)
            if a is not None:
                pages = -(-max(size, 16) // PAGE_SIZE)
                if m.mask_allocation(a >> PAGE_SHIFT)[1] == "buddy":
                    pages = 1 << (pages - 1).bit_length()
                assert_within("alloc_pages_mask", *span(a, pages * PAGE_SIZE), limit)
        elif op == "coherent":
            r = dma_alloc_coherent(dev, size, NOWAIT)
            if r is not None:
                assert_within("dma_alloc_coherent", *span(r[1], size), limit)
        elif op == "map":
            h = dma_map_single(dev, near, size, DMA_BIDIRECTIONAL, nowarn=True)
            if h != DMA_MAPPING_ERROR:
                assert_within("dma_map_single", *span(h, size), limit,
                              f"a handle's last byte <= the limit (buffer at {near:#x})")
                direct = dev.find_mapping(h, size).kind is MappingKind.STREAMING
                assert direct == (near + size - 1 <= limit and h == near), edge_msg(
                    "dma_map_single", near, near + size - 1, limit,
                    "direct iff the buffer's last byte <= the mask", got=f"handle {h:#x}")
        elif op == "resource":
            h = dma_map_resource(dev, near, size, DMA_TO_DEVICE)
            fits = near + size - 1 <= limit
            assert (h != DMA_MAPPING_ERROR) == fits, edge_msg(
                "dma_map_resource", near, near + size - 1, limit,
                "mapped iff the last byte <= the mask", got=f"{h:#x}")
        elif op == "mempool":
            a = mp.alloc(NOWAIT)
            if a is not None:
                assert_within("mempool alloc", *span(a, PAGE_SIZE), limit)
        else:
            r = pool.alloc(NOWAIT)
            if r is not None:
                assert_within("dma_pool alloc", *span(r[1], pool.size), limit)
    for mapping in dev.mappings():
        assert_within(f"registry ({mapping.kind.value})", mapping.dma_addr, mapping.end, limit)


@FAST
@given(width=st.integers(14, 34), below=st.integers(1, 64), above=st.integers(0, 64),
       placement=st.sampled_from(["nextfit", "kleen"]))
def test_pool_run_ending_exactly_at_the_mask_is_accepted(width, below, above, placement):
    """`below` pool pages at or below the limit: a run of exactly those pages is accepted;
    one page more is refused."""
    limit = DMA_BIT_MASK(width)
    below = min(below, 1 << (width - PAGE_SHIFT))
    pool_start = (1 << width) - below * PAGE_SIZE
    kw = dict(ram_size=max(2 << width, 64 * MiB), pool_start=pool_start,
              pool_size=(below + above) * PAGE_SIZE, swiotlb_size=0, placement=placement,
              force=True)
    m = Machine(**kw)
    if above:
        got = m.get_pages_mask(NOWAIT, below * PAGE_SIZE + 1, limit)
        assert_refused("alloc_pages_mask (pool)", got, None,
                       *span(pool_start, (below + 1) * PAGE_SIZE), limit,
                       "every page of the run <= the mask")
    got = m.get_pages_mask(NOWAIT, below * PAGE_SIZE, limit)
    assert_exact_fit("alloc_pages_mask (pool)", got, *span(pool_start, below * PAGE_SIZE), limit)


@FAST
@given(width=st.integers(18, 31), pairs=st.integers(1, IO_TLB_SEGSIZE // 2),
       extra=st.integers(0, 3), big=st.booleans())
def test_slot_run_ending_exactly_at_the_mask_is_accepted(width, pairs, extra, big):
    """The slot area starts 2*pairs slots below the limit (inside one 128-slot segment): a run
    of exactly those slots is accepted; one slot more is refused."""
    limit = DMA_BIT_MASK(width)
    slots = 2 * pairs
    base = (1 << width) - slots * IO_TLB_SIZE
    m = Machine(ram_size=max(2 << width, 64 * MiB), pool_start=base,
                pool_size=(pairs + 64 + extra) * PAGE_SIZE,
                swiotlb_size=IO_TLB_SEGSIZE * IO_TLB_SIZE)
    assert m.swiotlb.base == base
    size = slots * IO_TLB_SIZE - (0 if big else IO_TLB_SIZE - 1)
    if slots < IO_TLB_SEGSIZE:
        t = m.swiotlb.map(0, slots * IO_TLB_SIZE + 1, DMA_TO_DEVICE, limit,
                          nowarn=True)
        assert_refused("swiotlb slot allocation", None if t == DMA_MAPPING_ERROR else t, None,
                       *span(base, (slots + 1) * IO_TLB_SIZE), limit,
                       "a slot run's last byte <= the mask")
    t = m.swiotlb.map(0, size, DMA_TO_DEVICE, limit)
    assert_exact_fit("swiotlb slot allocation", t, *span(base, slots * IO_TLB_SIZE), limit)


@FAST
@given(width=st.integers(25, 36), pages=st.integers(1, 1 << MAX_ORDER))
def test_buddy_block_ending_exactly_at_the_mask_is_accepted(width, pages):
    """RAM ends at 2^W and the buddy hands out high memory first: the block ends exactly at
    the mask and is used."""
    limit = DMA_BIT_MASK(width)
    m = Machine(ram_size=1 << width, buddy_policy="high")
    order = (pages - 1).bit_length()
    got = m.get_pages_mask(NOWAIT, pages * PAGE_SIZE, limit)
    assert_exact_fit("alloc_pages_mask (buddy)", got,
                     *span((1 << width) - (PAGE_SIZE << order), PAGE_SIZE << order), limit)


@FAST
@given(nslots=st.integers(1, 300), base_page=st.integers(0, 64),
       busy=st.lists(st.tuples(st.integers(1, 40 * IO_TLB_SIZE), st.booleans()), max_size=12),
       size=st.integers(1, 40 * IO_TLB_SIZE),
       limit_off=st.integers(-IO_TLB_SIZE, 320 * IO_TLB_SIZE))
def test_swiotlb_any_limit_matches_a_brute_force_oracle(nslots, base_page, busy, size, limit_off):
    """Swiotlb.map with any int limit (not only 2^n - 1): refused iff no free, segment-local,
    (page-aligned when >= PAGE_SIZE) run ends at or below the limit; else the run it takes is
    one of those."""
    base = base_page * PAGE_SIZE
    sw = Swiotlb(PhysicalMemory(base + 400 * IO_TLB_SIZE), base, nslots)
    live = []
    for bsize, keep in busy:
        t = sw.map(0, bsize, DMA_TO_DEVICE, DMA_BIT_MASK(64), nowarn=True)
        if t != DMA_MAPPING_ERROR and not keep:
            sw.unmap(t)
        elif t != DMA_MAPPING_ERROR:
            live.append(t)
    used = set()
    for t in live:
        s0 = (t - base) // IO_TLB_SIZE
        used.update(range(s0, s0 + sw.lookup(t).nslots))
    limit = base + limit_off
    n = -(-size // IO_TLB_SIZE)
    step = 2 if size >= PAGE_SIZE else 1

    def ok(s: int) -> bool:
        return (s % step == 0 and s // IO_TLB_SEGSIZE == (s + n - 1) // IO_TLB_SEGSIZE
                and s + n <= nslots and not used & set(range(s, s + n))
                and base + (s + n) * IO_TLB_SIZE - 1 <= limit)
    valid = [s for s in range(nslots) if ok(s)]
    t = sw.map(0, size, DMA_TO_DEVICE, limit, nowarn=True)
    if not valid:
        assert t == DMA_MAPPING_ERROR, edge_msg(
            "swiotlb slot allocation", *span(t, n * IO_TLB_SIZE), limit,
            "no free run ends at or below the limit: refused", got=f"{t:#x}")
    else:
        assert t != DMA_MAPPING_ERROR, edge_msg(
            "swiotlb slot allocation", *span(base + valid[-1] * IO_TLB_SIZE, n * IO_TLB_SIZE),
            limit, "a free run ending at or below the limit is accepted", got="mapping error")
        assert (t - base) // IO_TLB_SIZE in valid, edge_msg(
            "swiotlb slot allocation", *span(t, n * IO_TLB_SIZE), limit,
            "the run taken is free, segment-local, aligned and ends <= the limit")


@FAST
@given(width=st.integers(13, 34), ram_pages=st.integers(1, 1 << 14), shift=st.integers(0, 22),
       policy=st.sampled_from(["high", "low", "random"]),
       orders=st.lists(st.integers(0, MAX_ORDER), min_size=1, max_size=20))
def test_buddy_blocks_never_straddle_a_power_of_two_mask(width, ram_pages, shift, policy,
                                                          orders):
    """Natural alignment: a real buddy block lies wholly below or wholly above 2^W - 1, which
    is why the straddling case of alloc_pages_mask is tested with a stub buddy."""
    limit = DMA_BIT_MASK(width)
    lo = (limit + 1) // PAGE_SIZE
    lo = max(0, lo - (ram_pages >> 1) - (1 << min(shift, 12)))
    b = BuddyAllocator([(lo, lo + ram_pages + (1 << shift) % 4096)], policy=policy, seed=width)
    for order in orders:
        if PAGE_SIZE << order > limit + 1:
            continue    # only a block at 0 larger than 2^W could; never one above a pool
        pfn = b.alloc_pages(0, order)
        if pfn is None:
            continue
        first, last = span(pfn << PAGE_SHIFT, PAGE_SIZE << order)
        assert last <= limit or first > limit, edge_msg(
            "buddy block", first, last, limit, "a naturally aligned block never straddles a "
            "2^n - 1 mask")
