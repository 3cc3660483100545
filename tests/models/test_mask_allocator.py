import pytest

from models import DMA_BIT_MASK, PAGE_SIZE, BadFreeError, MaskAllocator

ALL = DMA_BIT_MASK(64)


def _state(p):
    return p.nr_free, p.live(), list(p._used), p._cur, p._hole, p._kcur


def test_exact_pages_no_power_of_two():
    p = MaskAllocator(0, 1000)
    a = p.alloc(3, ALL)
    b = p.alloc(5, ALL)
    assert (a, b) == (0, 3)
    assert p.nr_free == 992
    assert p.live() == {0: 3, 3: 5}


def test_nextfit_cursor_cycles_and_wraps():
    p = MaskAllocator(100, 10)
    a = p.alloc(4, ALL)
    p.free(a, 4)
    assert p.alloc(4, ALL) == 104  # next fit: after the previous run, not the freed one
    assert p.alloc(4, ALL) == 100  # wraps to the low end
    assert p.alloc(1, ALL) == 108
    assert p.alloc(2, ALL) is None  # only page 109 left


def test_run_above_mask_restarts_at_low_end():
    stats = {"mask_bitmap_skip": 0}
    p = MaskAllocator(0, 64, stats=stats)
    first = p.alloc(10, ALL)
    p.alloc(30, ALL)                    # cursor now at page 40
    p.free(first, 10)
    mask = 32 * PAGE_SIZE - 1           # pages 0..31
    assert p.alloc(8, mask) == 0        # run from the cursor would be at 40: above the mask
    assert stats["mask_bitmap_skip"] == 1


def test_mask_below_pool_gives_none():
    p = MaskAllocator(4096, 16)          # pool at 16 MiB
    assert p.alloc(1, DMA_BIT_MASK(24)) is None
    assert p.alloc(1, DMA_BIT_MASK(25)) == 4096


def test_runs_cross_chunks_and_large_sizes():
    p = MaskAllocator(0, 5000)
    assert p.alloc(1000, ALL) == 0
    assert p.alloc(3000, ALL) == 1000
    assert p.alloc(1001, ALL) is None
    assert p.alloc(1000, ALL) == 4000
    p.free(1000, 3000)
    assert p.alloc(2999, ALL) == 1000
    assert p.nr_free == 1


def test_kleen_placement_searches_down_from_mask():
    p = MaskAllocator(0, 64, placement="kleen")
    assert p.alloc(4, ALL) == 60
    assert p.alloc(4, ALL) == 56
    assert p.alloc(2, 16 * PAGE_SIZE - 1) == 14   # below the mask limit
    assert p.alloc(2, ALL) == 12                    # shared cursor keeps going down
    p.free(60, 4)
    for _ in range(6):
        p.alloc(2, ALL)
    assert p.alloc(4, ALL) == 60                    # wrapped back to the limit


@pytest.mark.parametrize("n", [0, -1, 65, 2.0, None])
def test_bad_sizes(n):
    p = MaskAllocator(0, 64)
    before = _state(p)
    with pytest.raises(ValueError, match=f"alloc of {n!r} pages: must be an int in 1..64"):
        p.alloc(n, ALL)
    assert _state(p) == before


def test_bad_mask():
    p = MaskAllocator(0, 64)
    with pytest.raises(ValueError, match="has holes"):
        p.alloc(1, 0xFFFF0FFF)


def test_bad_frees_change_nothing():
    p = MaskAllocator(10, 64)
    a = p.alloc(4, ALL)
    before = _state(p)
    cases = [((a, 5), "freed as 5 pages but was allocated as 4"),
             ((a + 1, 3), "inside a live allocation but not its start"),
             ((a + 20, 1), "double free of pfn 0x1e"),
             ((5, 1), r"outside the pool \[0xa, 0x4a\)"),
             ((a, 4.0), "freed as 4.0 pages")]
    for args, msg in cases:
        with pytest.raises(BadFreeError, match=msg):
            p.free(*args)
        assert _state(p) == before
    p.free(a, 4)
    with pytest.raises(BadFreeError, match="double free"):
        p.free(a, 4)


def test_bad_construction():
    with pytest.raises(ValueError, match="placement 'best'"):
        MaskAllocator(0, 8, placement="best")
    with pytest.raises(ValueError, match="size 0 pages"):
        MaskAllocator(0, 0)


def test_float_size_rejected_on_fast_path_too():
    p = MaskAllocator(0, 64)
    p.alloc(1, ALL)  # now the cursor has a known free run
    before = _state(p)
    with pytest.raises(ValueError, match="alloc of 2.0 pages"):
        p.alloc(2.0, ALL)
    assert _state(p) == before
