"""swiotlb slot allocation and the slot area's position at the device's limit.

Rules (docs/models-api.md, Swiotlb): a slot run never crosses a 128-slot segment, its LAST byte
is <= the mask, and it starts page-aligned when the mapping is PAGE_SIZE or more; next-fit with
wrap. `Swiotlb.map` takes any int limit, not only 2^n - 1 (as Linux's bus_dma_limit); the slot
area is carved out of the pool at boot, below 4 GiB.
"""
from __future__ import annotations

import pytest

from edge_assert import (assert_exact_fit, assert_not_handed, assert_refused, assert_within,
                         edge_msg, span)
from models import (DMA_BIT_MASK, DMA_MAPPING_ERROR, DMA_TO_DEVICE, IO_TLB_SEGSIZE, IO_TLB_SIZE,
                    Machine, PhysicalMemory, Swiotlb)

KiB, MiB, GiB = 1 << 10, 1 << 20, 1 << 30
HIGH = 6 * GiB
PATH = "swiotlb slot allocation"


def _run(tlb: int, slots: int) -> tuple[int, int]:
    return span(tlb, slots * IO_TLB_SIZE)


def _machine_with_slots_at(base: int, slots: int = 2048) -> Machine:
    """A machine whose slot area starts at `base` (the pool starts there; next-fit carves the
    area at the pool's low end)."""
    m = Machine(ram_size=8 * GiB, pool_start=base, pool_size=16 * MiB,
                swiotlb_size=slots * IO_TLB_SIZE)
    assert m.swiotlb.base == base
    return m


# The slot area starts 64 KiB below 1 MiB: the limit 2^20 - 1 lies 32 slots into the first
# 128-slot segment (the segment runs on above the limit).
BASE = 1 * MiB - 64 * KiB
MASK = DMA_BIT_MASK(20)


def test_limit_inside_a_segment_exact_run_accepted_one_slot_more_refused():
    m = _machine_with_slots_at(BASE)
    sw = m.swiotlb
    first, last = _run(BASE, 33)
    assert (last - sw.base) // (IO_TLB_SEGSIZE * IO_TLB_SIZE) == 0     # one segment
    got = sw.map(HIGH, 33 * IO_TLB_SIZE, DMA_TO_DEVICE, MASK, nowarn=True)
    assert_refused(PATH, None if got == DMA_MAPPING_ERROR else got, None, first, last, MASK,
                   "a slot run's last byte <= the mask; the segment goes on above the limit")
    assert "swiotlb buffer is full" in sw.last_error
    first, last = _run(BASE, 32)
    got = sw.map(HIGH, 32 * IO_TLB_SIZE, DMA_TO_DEVICE, MASK)
    assert_exact_fit(PATH, got, first, last, MASK, "a slot run ending exactly at the mask")
    assert sw.map(HIGH, 1, DMA_TO_DEVICE, MASK, nowarn=True) == DMA_MAPPING_ERROR


def test_small_mappings_fill_exactly_up_to_the_limit():
    m = _machine_with_slots_at(BASE)
    sw = m.swiotlb
    got = []
    while (t := sw.map(HIGH, IO_TLB_SIZE - 7, DMA_TO_DEVICE, MASK, nowarn=True)) \
            != DMA_MAPPING_ERROR:
        assert_within(PATH, *_run(t, 1), MASK, "a slot run's last byte <= the mask")
        got.append(t)
    assert len(got) == 32 and max(got) + IO_TLB_SIZE - 1 == MASK, edge_msg(
        PATH, *_run(BASE, 32), MASK, "every slot below the limit is used, the last one ending "
        "exactly at the mask", got=f"{len(got)} slots, last at {max(got, default=0):#x}")


def test_run_at_the_cursor_straddling_the_limit_wraps_lower():
    m = _machine_with_slots_at(BASE)
    sw = m.swiotlb
    a = sw.map(HIGH, 4 * IO_TLB_SIZE, DMA_TO_DEVICE, DMA_BIT_MASK(64))   # slots 0..3
    sw.map(HIGH, 26 * IO_TLB_SIZE, DMA_TO_DEVICE, DMA_BIT_MASK(64))      # 4..29: cursor 30
    sw.unmap(a)
    first, last = _run(BASE + 30 * IO_TLB_SIZE, 4)                       # slots 30..33
    got = sw.map(HIGH, 4 * IO_TLB_SIZE, DMA_TO_DEVICE, MASK)
    assert_not_handed(PATH, got, 4 * IO_TLB_SIZE, first, last, MASK,
                      "the next-fit run at the cursor ends above the mask: wrap to a lower run")
    assert got == BASE
    first, last = _run(BASE + 30 * IO_TLB_SIZE, 2)
    got = sw.map(HIGH, 2 * IO_TLB_SIZE, DMA_TO_DEVICE, MASK)
    assert_exact_fit(PATH, got, first, last, MASK, "the run at the cursor ending exactly at "
                     "the mask is taken")


@pytest.mark.parametrize("limit_off", [-1, 0, 1, 5 * IO_TLB_SIZE - 2, 5 * IO_TLB_SIZE - 1,
                                       37 * IO_TLB_SIZE + 100, 127 * IO_TLB_SIZE + 2047])
@pytest.mark.parametrize("size", [1, IO_TLB_SIZE, IO_TLB_SIZE + 1, 3 * IO_TLB_SIZE])
def test_arbitrary_limit_inside_a_slot(limit_off, size):
    """A limit that is not 2^n - 1 (Swiotlb.map accepts any int, like bus_dma_limit): the
    number of runs accepted is exactly what fits below the limit, the last ending at or below
    it; a run through the limit is refused."""
    base = 64 * KiB
    sw = Swiotlb(PhysicalMemory(1 * MiB), base, IO_TLB_SEGSIZE)   # one segment
    limit = base + limit_off
    n = -(-size // IO_TLB_SIZE)                       # slots per run
    stride = n + (n & 1) if size >= 4096 else n       # runs of a page or more start on pages
    fit = (limit + 1 - base) // IO_TLB_SIZE           # whole slots at or below the limit
    want = 0 if fit < n else (fit - n) // stride + 1
    got = []
    while (t := sw.map(0, size, DMA_TO_DEVICE, limit, nowarn=True)) != DMA_MAPPING_ERROR:
        assert_within(PATH, *_run(t, n), limit, "a slot run's last byte <= the limit")
        got.append(t)
    last_run = _run(base + (want - 1) * stride * IO_TLB_SIZE, n) if want else _run(base, n)
    assert len(got) == want, edge_msg(
        PATH, *last_run, limit, f"runs of {n} slots: every run that ends at or below the limit "
        f"is accepted, none through it", got=f"{len(got)} runs, wanted {want}")


@pytest.mark.parametrize("placement", ["nextfit", "kleen"])
@pytest.mark.parametrize("pool_start,ok", [
    (4 * GiB - 4 * MiB, True),                 # the area ends exactly at 4 GiB
    (4 * GiB - 4 * MiB + 4 * KiB, False),      # one page short below 4 GiB
    (4 * GiB - 16 * MiB, True),                # the pool ends exactly at 4 GiB
])
def test_slot_area_carved_below_4g_exact_fit(placement, pool_start, ok):
    """The slot area (4 MiB) is carved from the pool below 4 GiB: an area ending exactly at
    4 GiB is accepted, one page more straddles 4 GiB and the machine refuses to boot."""
    kw = dict(ram_size=8 * GiB, pool_start=pool_start, pool_size=16 * MiB,
              swiotlb_size=4 * MiB, placement=placement)
    limit = 4 * GiB - 1
    if not ok:
        with pytest.raises(ValueError, match=r"swiotlb area of 0x400000 bytes cannot be carved "
                                             r"out of the pool \[0xffc01000, 0x100c01000\) "
                                             r"below 4 GiB"):
            Machine(**kw)
        return
    m = Machine(**kw)
    assert_within("swiotlb area (boot)", m.swiotlb.base, m.swiotlb.end - 1, limit,
                  "the slot area lies below 4 GiB")
    if placement == "kleen" or pool_start == 4 * GiB - 4 * MiB:
        assert_exact_fit("swiotlb area (boot)", m.swiotlb.base, 4 * GiB - 4 * MiB, limit, limit,
                         "an area ending exactly at 4 GiB is carved")
