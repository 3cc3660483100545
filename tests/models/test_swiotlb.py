import logging

import pytest

from models import (DMA_BIDIRECTIONAL, DMA_BIT_MASK, DMA_FROM_DEVICE, DMA_MAPPING_ERROR,
                    DMA_NONE, DMA_TO_DEVICE, IO_TLB_SEGSIZE, IO_TLB_SIZE, PAGE_SIZE,
                    BadFreeError, Machine)

MiB = 1 << 20
HIGH = 6 << 30   # an original buffer far above any 32-bit mask


def _m(**kw):
    kw.setdefault("swiotlb_size", 1 * MiB)
    return Machine(**kw)


def test_area_is_carved_from_pool_below_4g():
    m = _m()
    assert m.pool.owns(m.swiotlb.base >> 12) and m.swiotlb.end <= 1 << 32
    assert m.swiotlb.nslots == MiB // IO_TLB_SIZE


@pytest.mark.parametrize("direction,copied_back", [(DMA_TO_DEVICE, False),
                                                   (DMA_FROM_DEVICE, True),
                                                   (DMA_BIDIRECTIONAL, True)])
def test_map_copies_in_unmap_copies_back_per_direction(direction, copied_back):
    m = _m()
    m.memory.write(HIGH, b"original")
    tlb = m.swiotlb.map(HIGH, 8, direction, DMA_BIT_MASK(32))
    assert m.memory.read(tlb, 8) == b"original"     # map always copies in
    m.memory.write(tlb, b"DEVICE!!")
    m.swiotlb.unmap(tlb)
    assert m.memory.read(HIGH, 8) == (b"DEVICE!!" if copied_back else b"original")
    assert m.swiotlb.used == 0


def test_sync_per_direction():
    m = _m()
    m.memory.write(HIGH, b"aaaa")
    tf = m.swiotlb.map(HIGH, 4, DMA_FROM_DEVICE, DMA_BIT_MASK(32))
    m.memory.write(tf, b"bbbb")
    m.swiotlb.sync_for_cpu(tf, 4)
    assert m.memory.read(HIGH, 4) == b"bbbb"
    m.memory.write(HIGH, b"cccc")
    m.swiotlb.sync_for_device(tf, 4)           # FROM_DEVICE: no copy to the device
    assert m.memory.read(tf, 4) == b"bbbb"
    tt = m.swiotlb.map(HIGH + 100, 4, DMA_TO_DEVICE, DMA_BIT_MASK(32))
    m.memory.write(HIGH + 100, b"dddd")
    m.swiotlb.sync_for_device(tt, 4)
    assert m.memory.read(tt, 4) == b"dddd"
    m.memory.write(tt, b"eeee")
    m.swiotlb.sync_for_cpu(tt, 4)              # TO_DEVICE: nothing comes back
    assert m.memory.read(HIGH + 100, 4) == b"dddd"


def test_segments_never_crossed_and_page_alignment():
    m = _m()
    seg = IO_TLB_SEGSIZE * IO_TLB_SIZE
    a = m.swiotlb.map(HIGH, 100 * IO_TLB_SIZE, DMA_TO_DEVICE, DMA_BIT_MASK(32))
    b = m.swiotlb.map(HIGH, 100 * IO_TLB_SIZE, DMA_TO_DEVICE, DMA_BIT_MASK(32))
    for t in (a, b):
        assert (t - m.swiotlb.base) // seg == (t + 100 * IO_TLB_SIZE - 1 - m.swiotlb.base) // seg
        assert t % PAGE_SIZE == 0
    small = m.swiotlb.map(HIGH, 10, DMA_TO_DEVICE, DMA_BIT_MASK(32))
    assert small == b + 100 * IO_TLB_SIZE            # next fit after b, same segment


def test_slots_end_below_device_mask():
    m = Machine(pool_start=0, pool_size=16 * MiB, swiotlb_size=4 * MiB)
    mask = DMA_BIT_MASK(21)  # 2 MiB: only the low half of the slot area fits
    used = []
    while (t := m.swiotlb.map(HIGH, 64 * 1024, DMA_TO_DEVICE, mask, nowarn=True)) \
            != DMA_MAPPING_ERROR:
        assert t + 64 * 1024 - 1 <= mask
        used.append(t)
    assert len(used) == (2 * MiB) // (64 * 1024)
    assert "swiotlb buffer is full" in m.swiotlb.last_error


def test_full_message_linux_form(caplog):
    m = _m(swiotlb_size=256 * 1024)   # 128 slots, one segment
    a = m.swiotlb.map(HIGH, 200 * 1024, DMA_TO_DEVICE, DMA_BIT_MASK(32))
    before = (m.swiotlb.used, m.swiotlb.mappings())
    with caplog.at_level(logging.WARNING):
        r = m.swiotlb.map(HIGH, 100 * 1024, DMA_TO_DEVICE, DMA_BIT_MASK(32))
    assert r == DMA_MAPPING_ERROR
    msg = "swiotlb buffer is full (sz: 102400 bytes), total 128 (slots), used 100 (slots)"
    assert m.swiotlb.last_error == msg and msg in caplog.text
    assert (m.swiotlb.used, m.swiotlb.mappings()) == before
    assert m.stats["swiotlb_full"] == 1
    m.swiotlb.unmap(a)


def test_nowarn_suppresses_log_but_records(caplog):
    m = _m(swiotlb_size=256 * 1024)
    m.swiotlb.map(HIGH, 256 * 1024, DMA_TO_DEVICE, DMA_BIT_MASK(32))
    with caplog.at_level(logging.WARNING):
        assert m.swiotlb.map(HIGH, 1, DMA_TO_DEVICE, DMA_BIT_MASK(32),
                             nowarn=True) == DMA_MAPPING_ERROR
    assert caplog.text == "" and "buffer is full (sz: 1 bytes)" in m.swiotlb.last_error


def test_mapping_above_256k_is_an_error_of_its_own():
    m = _m()
    r = m.swiotlb.map(HIGH, 256 * 1024 + 1, DMA_TO_DEVICE, DMA_BIT_MASK(32), nowarn=True)
    assert r == DMA_MAPPING_ERROR
    assert "262145 bytes exceeds the largest segment (262144 bytes" in m.swiotlb.last_error
    assert m.swiotlb.used == 0


def test_bad_inputs():
    m = _m()
    with pytest.raises(ValueError, match="size 0 must be >= 1"):
        m.swiotlb.map(HIGH, 0, DMA_TO_DEVICE, DMA_BIT_MASK(32))
    with pytest.raises(ValueError, match="DMA_NONE"):
        m.swiotlb.map(HIGH, 1, DMA_NONE, DMA_BIT_MASK(32))
    with pytest.raises(IndexError, match="outside physical memory"):
        m.swiotlb.map(m.memory.size - 1, 2, DMA_TO_DEVICE, DMA_BIT_MASK(32))
    with pytest.raises(BadFreeError, match="is not a live bounce buffer"):
        m.swiotlb.unmap(m.swiotlb.base)
    assert m.swiotlb.used == 0


def test_wraps_next_fit():
    m = _m(swiotlb_size=256 * 1024)
    ts = [m.swiotlb.map(HIGH, IO_TLB_SIZE * 40, DMA_TO_DEVICE, DMA_BIT_MASK(32))
          for _ in range(3)]
    m.swiotlb.unmap(ts[0])
    t = m.swiotlb.map(HIGH, IO_TLB_SIZE * 40, DMA_TO_DEVICE, DMA_BIT_MASK(32))
    assert t == ts[0]   # no room after the cursor: wrapped to the start
