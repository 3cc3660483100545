import time

import pytest

from models import GFP_KERNEL, MAX_ORDER, BadFreeError, BuddyAllocator


def test_boot_8gib_is_fast_and_counts():
    t = time.perf_counter()
    b = BuddyAllocator([(0, 2 << 20)])
    assert time.perf_counter() - t < 0.05
    assert b.nr_free_pages == 2 << 20
    assert b.free_blocks(MAX_ORDER) == 2048


def test_boot_unaligned_ranges():
    b = BuddyAllocator([(3, 1000), (4096, 4099)])
    assert b.nr_free_pages == 997 + 3
    assert b.managed_pages == 1000


@pytest.mark.parametrize("policy", ["high", "low", "random"])
def test_alloc_aligned_and_merge_back(policy):
    b = BuddyAllocator([(0, 4096)], policy=policy, seed=3)
    got = [(b.alloc_pages(GFP_KERNEL, o), o) for o in (0, 3, 5, 10, 2, 0)]
    for pfn, o in got:
        assert pfn % (1 << o) == 0
    spans = sorted((p, p + (1 << o)) for p, o in got)
    assert all(a[1] <= b_[0] for a, b_ in zip(spans, spans[1:]))
    for pfn, o in got:
        b.free_pages(pfn, o)
    assert b.nr_free_pages == 4096 and b.free_blocks(MAX_ORDER) == 4


def test_policy_high_and_low():
    hi = BuddyAllocator([(0, 4096)], policy="high")
    lo = BuddyAllocator([(0, 4096)], policy="low")
    assert hi.alloc_pages(0, 0) == 4095
    assert lo.alloc_pages(0, 0) == 0


def test_exhaustion_returns_none():
    b = BuddyAllocator([(0, 4)])
    assert b.alloc_pages(0, 2) == 0
    assert b.alloc_pages(0, 0) is None


@pytest.mark.parametrize("order", [-1, MAX_ORDER + 1, 1.5])
def test_bad_order(order):
    b = BuddyAllocator([(0, 64)])
    with pytest.raises(ValueError, match=f"order {order!r} outside 0..{MAX_ORDER}"):
        b.alloc_pages(0, order)


def _state(b):
    return b.nr_free_pages, b.live_blocks(), [b.free_blocks(o) for o in range(MAX_ORDER + 1)]


def test_bad_frees_raise_and_change_nothing():
    b = BuddyAllocator([(0, 1024)], policy="low")
    p = b.alloc_pages(0, 2)
    q = b.alloc_pages(0, 0)
    before = _state(b)
    cases = [
        ((p, 3), "freed with order 3 but was allocated with order 2"),
        ((p + 1, 0), "not the start of a live block"),
        ((p + 2, 1), "not the start of a live block"),
        ((p + 1, 2), "not aligned to order 2"),
        ((5000, 0), "outside the managed ranges"),
        ((512, 0), "double free of pfn 0x200"),
    ]
    for args, msg in cases:
        with pytest.raises(BadFreeError, match=msg):
            b.free_pages(*args)
        assert _state(b) == before
    b.free_pages(q, 0)
    with pytest.raises(BadFreeError, match=f"double free of pfn {q:#x}"):
        b.free_pages(q, 0)


def test_no_merge_across_hole():
    b = BuddyAllocator([(0, 512), (1024, 2048)], policy="low")
    blocks = []
    while (p := b.alloc_pages(0, 0)) is not None:
        blocks.append(p)
    assert len(blocks) == 1536 and all(not 512 <= p < 1024 for p in blocks)
    for p in blocks:
        b.free_pages(p, 0)
    assert b.free_blocks(9) == 1 and b.free_blocks(10) == 1
