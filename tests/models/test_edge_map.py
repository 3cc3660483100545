"""dma_map_single, dma_map_resource and dma_capable at the device's limit 2^W - 1.

Rules (docs/models-api.md): a buffer is reachable iff `addr + size - 1 <= mask` (and does not
wrap). dma_map_single maps a reachable buffer directly (handle == cpu_addr) and bounces any
other through swiotlb (a handle whose last byte is <= the mask); dma_map_resource never bounces:
an unreachable range gets DMA_MAPPING_ERROR and nothing is registered.
"""
from __future__ import annotations

import pytest

from edge_assert import (assert_exact_fit, assert_not_handed, assert_refused, assert_within,
                         edge_msg, span)
from models import (DMA_BIDIRECTIONAL, DMA_BIT_MASK, DMA_MAPPING_ERROR, DMA_TO_DEVICE, Device,
                    Machine, MappingKind, dma_capable, dma_map_resource, dma_map_single,
                    dma_unmap_resource, dma_unmap_single)

GiB, MiB = 1 << 30, 1 << 20
WIDTHS = [20, 24, 30, 32, 36, 48, 64]
SIZES = [1, 100, 4096, 8192 + 3]


def _machine(width: int) -> Machine:
    """Default pool (16 MiB at 0, 4 MiB swiotlb at 0; 1 MiB pool for W = 20) and memory up to
    32 KiB beyond the limit (all of 2^64 for W = 64)."""
    top = 1 << width
    pool = 16 * MiB if width > 20 else 1 * MiB
    return Machine(ram_size=8 * GiB, pool_size=pool, swiotlb_size=pool // 4,
                   memory_size=min(1 << 64, max(8 * GiB, top + 32 * 1024)))


def _dev(m: Machine, width: int) -> Device:
    return Device(m, f"w{width}", DMA_BIT_MASK(width), DMA_BIT_MASK(width))


# (the byte 2^64 - 1 alone is bounced: test_map_single_last_byte_of_64_bit_space_is_bounced)
@pytest.mark.parametrize("width,size", [(w, s) for w in WIDTHS for s in SIZES
                                        if (w, s) != (64, 1)])
def test_map_single_buffer_ending_exactly_at_the_limit_is_direct(width, size):
    m = _machine(width)
    dev = _dev(m, width)
    limit = DMA_BIT_MASK(width)
    first, last = span(limit - size + 1, size)
    h = dma_map_single(dev, first, size, DMA_TO_DEVICE)
    assert_exact_fit("dma_map_single", h, first, last, limit,
                     "a buffer whose last byte == the mask is mapped directly")
    assert dev.find_mapping(h, size).kind is MappingKind.STREAMING
    dma_unmap_single(dev, h, size, DMA_TO_DEVICE)


def test_map_single_last_byte_of_64_bit_space_is_bounced():
    """The one byte at 2^64 - 1 is reachable but its handle would equal DMA_MAPPING_ERROR:
    bounced (handle below the limit), never handed out as itself."""
    m = _machine(64)
    dev = _dev(m, 64)
    limit = DMA_BIT_MASK(64)
    m.memory.write(limit, b"\x5a")
    h = dma_map_single(dev, limit, 1, DMA_TO_DEVICE)
    assert h != DMA_MAPPING_ERROR and dev.find_mapping(h, 1).kind is MappingKind.BOUNCE
    assert_within("dma_map_single", *span(h, 1), limit)
    assert m.memory.read(h, 1) == b"\x5a"
    dma_unmap_single(dev, h, 1, DMA_TO_DEVICE)


@pytest.mark.parametrize("width", WIDTHS[:-1])
@pytest.mark.parametrize("size,beyond", [(2, 1), (100, 1), (100, 99), (4096, 1),
                                         (8192 + 3, 1), (8192 + 3, 4096)])
def test_map_single_buffer_straddling_the_limit_is_bounced(width, size, beyond):
    """[limit - size + 1 + beyond, limit + beyond]: starts at or below the limit, ends
    `beyond` bytes above it: bounced to slots ending <= the mask, data copied in."""
    m = _machine(width)
    dev = _dev(m, width)
    limit = DMA_BIT_MASK(width)
    first, last = span(limit - size + 1 + beyond, size)
    data = bytes((i * 13 + 1) & 0xFF for i in range(size))
    m.memory.write(first, data)
    h = dma_map_single(dev, first, size, DMA_BIDIRECTIONAL)
    assert h != DMA_MAPPING_ERROR, edge_msg("dma_map_single", first, last, limit,
                                            "a straddling buffer is bounced", got="mapping error")
    assert_not_handed("dma_map_single", h, size, first, last, limit,
                      "a buffer ending above the mask is bounced below it")
    mp = dev.find_mapping(h, size)
    assert mp.kind is MappingKind.BOUNCE and mp.cpu_addr == first
    assert m.memory.read(h, size) == data
    m.memory.write(h, bytes(size))
    dma_unmap_single(dev, h, size, DMA_BIDIRECTIONAL)
    assert m.memory.read(first, size) == bytes(size)       # copied back to the original
    m.check_quiescent()


@pytest.mark.parametrize("width", [20, 21, 22])
def test_map_single_bounce_when_the_limit_also_cuts_the_slot_area(width):
    """Default 16 MiB pool with its 4 MiB slot area at 0: for W = 20..22 the limit cuts the
    slot area. Straddling buffers are bounced until the slots below the limit run out; every
    bounce run ends <= the mask; then DMA_MAPPING_ERROR (never a slot above the limit)."""
    m = Machine(ram_size=8 * GiB, pool_size=16 * MiB, swiotlb_size=4 * MiB)
    dev = _dev(m, width)
    limit = DMA_BIT_MASK(width)
    size = 64 * 1024
    first, last = span(limit - size + 2, size)
    handles = []
    while (h := dma_map_single(dev, first, size, DMA_TO_DEVICE, nowarn=True)) \
            != DMA_MAPPING_ERROR:
        assert_not_handed("dma_map_single (bounce)", h, size, first, last, limit,
                          "bounce slots end <= the mask")
        handles.append(h)
    slots_below = min(limit + 1, m.swiotlb.end) - m.swiotlb.base
    assert len(handles) == slots_below // size, edge_msg(
        "dma_map_single (bounce)", first, last, limit, "every slot run below the limit is used",
        got=f"{len(handles)} bounces")
    assert max(handles) + size - 1 == min(limit, m.swiotlb.end - 1)
    for h in handles:
        dma_unmap_single(dev, h, size, DMA_TO_DEVICE)
    m.check_quiescent()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("size", SIZES)
def test_map_resource_exact_fit_accepted_straddle_refused(width, size):
    m = _machine(width)
    dev = _dev(m, width)
    limit = DMA_BIT_MASK(width)
    first, last = span(limit - size + 1, size)
    h = dma_map_resource(dev, first, size, DMA_TO_DEVICE)
    if first == DMA_MAPPING_ERROR:                    # the byte 2^64 - 1 alone: unmappable
        assert h == DMA_MAPPING_ERROR and dev.mappings() == []
        return
    assert_exact_fit("dma_map_resource", h, first, last, limit,
                     "a range whose last byte == the mask is mapped as itself")
    dma_unmap_resource(dev, h, size, DMA_TO_DEVICE)
    if width == 64:
        return                                        # nothing lies beyond 2^64 - 1
    for beyond in (1, size):                          # ends 1 byte / starts at limit + 1 ... above
        first, last = span(limit - size + 1 + beyond, size)
        if first > limit:
            h = dma_map_resource(dev, first, size, DMA_TO_DEVICE)
            assert h == DMA_MAPPING_ERROR, edge_msg("dma_map_resource", first, last, limit,
                                                    "a range above the mask is refused",
                                                    got=f"{h:#x}")
            continue
        h = dma_map_resource(dev, first, size, DMA_TO_DEVICE)
        assert_refused("dma_map_resource", None if h == DMA_MAPPING_ERROR else h, None, first,
                       last, limit, "a range ending above the mask is refused (no bounce)")
    assert dev.mappings() == []


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("size", [1, 2, 4096, 1 << 20])
def test_dma_capable_compares_the_last_byte(width, size):
    m = Machine(ram_size=64 * MiB, pool_size=1 * MiB, swiotlb_size=0)
    dev = _dev(m, width)
    limit = DMA_BIT_MASK(width)
    first = limit - size + 1
    if first >= 0:
        assert dma_capable(dev, first, size), edge_msg(
            "dma_capable", first, limit, limit, "addr + size - 1 <= mask is capable")
    if width < 64:
        assert not dma_capable(dev, first + 1, size), edge_msg(
            "dma_capable", first + 1, limit + 1, limit, "one byte beyond the mask is not")
        assert not dma_capable(dev, limit, size + 1), edge_msg(
            "dma_capable", limit, limit + size, limit, "starting at the mask, ending above")
    else:
        assert not dma_capable(dev, first + 1, size), "wraps past 2^64 - 1"
