"""Devices, their registry of live DMA mappings, and the Linux DMA mapping API.

There is no IOMMU: a direct mapping's DMA address is the physical address. A buffer is
reachable by a device iff `addr + size - 1 <= mask` and the range does not wrap
(`dma_capable`). Streaming mappings of unreachable buffers are bounced through swiotlb.

Every live mapping is recorded in its device's registry (what the bench's bus guard asks:
`dev.find_mapping(addr, size)` is O(log n)). Misuse raises DmaDebugError, worded like Linux's
dma-debug ("DMA-API: device NAME: ..."), and changes nothing.
"""
from __future__ import annotations

import bisect
from collections import OrderedDict
from dataclasses import dataclass
from enum import Enum

from . import faults
from .dma_debug import check_mapping
from .errors import DmaDebugError
from .gfp import (DMA_BIDIRECTIONAL, DMA_FROM_DEVICE, DMA_MAPPING_ERROR, DMA_TO_DEVICE, EIO,
                  GFP_DMA32, PAGE_SHIFT, PAGE_SIZE, DmaDirection, DMA_BIT_MASK,
                  validate_mask)
from .swiotlb import IO_TLB_MAX_MAPPING

SEG_BOUNDARY_DEFAULT = 0xFFFFFFFF  # Linux's default segment boundary mask: 4 GiB


class MappingKind(Enum):
    COHERENT = "coherent"    # dma_alloc_coherent (both directions)
    STREAMING = "streaming"  # dma_map_single, direct
    BOUNCE = "bounce"        # dma_map_single through swiotlb (dma_addr != cpu_addr)
    RESOURCE = "resource"    # dma_map_resource


@dataclass(frozen=True)
class DmaMapping:
    """A live mapping: the device may access [dma_addr, end] as `direction` allows.
    `cpu_addr` is the original buffer (differs from dma_addr only for BOUNCE)."""
    dma_addr: int
    size: int
    direction: DmaDirection
    kind: MappingKind
    cpu_addr: int

    @property
    def end(self) -> int:
        """Inclusive last DMA address."""
        return self.dma_addr + self.size - 1

    def contains(self, addr: int, size: int = 1) -> bool:
        return self.dma_addr <= addr and addr + size - 1 <= self.end

    def allows_device_read(self) -> bool:
        """The device may read it: TO_DEVICE, BIDIRECTIONAL or coherent."""
        return (self.kind is MappingKind.COHERENT or
                self.direction in (DMA_TO_DEVICE, DMA_BIDIRECTIONAL))

    def allows_device_write(self) -> bool:
        """The device may write it: FROM_DEVICE, BIDIRECTIONAL or coherent."""
        return (self.kind is MappingKind.COHERENT or
                self.direction in (DMA_FROM_DEVICE, DMA_BIDIRECTIONAL))

    def describe(self) -> str:
        s = (f"{self.kind.value} [{self.dma_addr:#x}..{self.end:#x}] size={self.size} "
             f"{self.direction.name}")
        if self.cpu_addr != self.dma_addr:
            s += f" cpu_addr={self.cpu_addr:#x}"
        return s


class Device:
    """A DMA-capable device on `machine` with a streaming and a coherent mask (default
    32-bit). Created devices are listed in `machine.devices` until `remove()`."""

    _DEAD_HISTORY = 4096

    def __init__(self, machine, name: str, dma_mask: int = DMA_BIT_MASK(32),
                 coherent_dma_mask: int = DMA_BIT_MASK(32)) -> None:
        validate_mask(dma_mask)
        validate_mask(coherent_dma_mask)
        self.machine = machine
        self.name = name
        self.dma_mask = dma_mask
        self.coherent_dma_mask = coherent_dma_mask
        self.seg_boundary_mask = SEG_BOUNDARY_DEFAULT
        self._starts: list[int] = []                  # sorted unique dma_addr of live mappings
        self._by_start: dict[int, list[DmaMapping]] = {}
        self._count = 0
        self._max_size = 0
        self._dead: OrderedDict[int, DmaMapping] = OrderedDict()
        self.removed = False
        machine.devices.append(self)

    def __repr__(self) -> str:
        return (f"Device({self.name!r}, dma_mask={self.dma_mask:#x}, "
                f"coherent_dma_mask={self.coherent_dma_mask:#x})")

    # -- registry --------------------------------------------------------------------------
    def _add(self, m: DmaMapping) -> None:
        lst = self._by_start.get(m.dma_addr)
        if lst is None:
            bisect.insort(self._starts, m.dma_addr)
            self._by_start[m.dma_addr] = [m]
        else:
            lst.append(m)
        self._count += 1
        if m.size > self._max_size:
            self._max_size = m.size
        self._dead.pop(m.dma_addr, None)

    def _remove(self, m: DmaMapping) -> None:
        lst = self._by_start[m.dma_addr]
        lst.remove(m)
        if not lst:
            del self._by_start[m.dma_addr]
            del self._starts[bisect.bisect_left(self._starts, m.dma_addr)]
        self._count -= 1
        if not self._count:
            self._max_size = 0
        self._dead[m.dma_addr] = m
        if len(self._dead) > self._DEAD_HISTORY:
            self._dead.popitem(last=False)

    def mappings(self) -> list[DmaMapping]:
        """Every live mapping, by DMA address."""
        return [m for a in self._starts for m in self._by_start[a]]

    def find_mapping(self, addr: int, size: int = 1) -> DmaMapping | None:
        """A live mapping containing all of [addr, addr + size), or None. O(log n) typically."""
        starts = self._starts
        i = bisect.bisect_right(starts, addr) - 1
        lowest = addr - self._max_size
        end = addr + size - 1
        while i >= 0 and starts[i] > lowest:
            for m in self._by_start[starts[i]]:
                if end <= m.dma_addr + m.size - 1:
                    return m
            i -= 1
        return None

    def nearest_mapping(self, addr: int) -> DmaMapping | None:
        """The live mapping containing addr, else the one closest to it; None if none."""
        hit = self.find_mapping(addr, 1)
        if hit is not None:
            return hit
        starts = self._starts
        i = bisect.bisect_right(starts, addr)
        best, dist = None, None
        if i < len(starts):  # first mapping starting above addr
            best = self._by_start[starts[i]][0]
            dist = best.dma_addr - addr
        j = i - 1
        while j >= 0:  # mappings starting at or below addr (their end is < addr here)
            s = starts[j]
            if dist is not None and s + self._max_size - 1 < addr - dist:
                break  # no mapping starting this low can end closer
            for m in self._by_start[s]:
                d = addr - m.end
                if dist is None or d < dist:
                    best, dist = m, d
            j -= 1
        return best

    def _lookup(self, handle: int, op: str, size: int, direction, kinds) -> DmaMapping:
        """The live mapping at `handle` of one of `kinds`, checked against size/direction."""
        cands = [m for m in self._by_start.get(handle, ()) if m.kind in kinds]
        if not cands:
            dead = self._dead.get(handle)
            if dead is not None and dead.kind in kinds:
                raise DmaDebugError(
                    f"DMA-API: device {self.name}: {op}: double unmap/free of DMA memory "
                    f"[device address={handle:#x}] [size={size} bytes] (already released: "
                    f"{dead.describe()})")
            raise DmaDebugError(
                f"DMA-API: device {self.name}: {op}: device driver tries to free DMA memory it "
                f"has not allocated [device address={handle:#x}] [size={size} bytes]")
        for m in cands:
            if m.size == size and (direction is None or m.direction == direction):
                return m
        m = cands[0]
        if all(c.size != size for c in cands):
            raise DmaDebugError(
                f"DMA-API: device {self.name}: {op}: device driver frees DMA memory with "
                f"different size [device address={handle:#x}] [map size={m.size} bytes] "
                f"[unmap size={size} bytes]")
        raise DmaDebugError(
            f"DMA-API: device {self.name}: {op}: device driver frees DMA memory with different "
            f"direction [device address={handle:#x}] [size={size} bytes] "
            f"[mapped as {m.direction.name}] [unmapped as {DmaDirection(direction).name}]")

    def remove(self) -> None:
        """Tear the device down. DmaDebugError listing every leaked mapping if any is live
        (the device then stays registered)."""
        maps = self.mappings()
        if maps:
            raise DmaDebugError(
                f"DMA-API: device {self.name}: device removed with {len(maps)} leaked "
                f"mapping(s): " + "; ".join(m.describe() for m in maps))
        if self in self.machine.devices:
            self.machine.devices.remove(self)
        self.removed = True


# -- helpers ---------------------------------------------------------------------------------
def _direction(direction, op: str) -> DmaDirection:
    try:
        d = DmaDirection(direction)
    except ValueError:
        raise ValueError(f"{op}: direction {direction!r} is not a DmaDirection (0..2)") from None
    if d is DmaDirection.DMA_NONE:
        raise ValueError(f"{op}: direction DMA_NONE is not allowed")
    return d


def _size(size, op: str) -> int:
    if not isinstance(size, int) or isinstance(size, bool) or size <= 0:
        raise ValueError(f"{op}: size {size!r} must be >= 1 byte")
    return size


# -- masks -----------------------------------------------------------------------------------
def dma_set_mask(dev: Device, mask: int) -> int:
    """Set the streaming mask. ValueError for a mask with holes; returns -EIO (mask unchanged)
    when the mask is below `machine.min_dma_mask` (the last byte of the pool's lowest page: no
    memory that low can be handed out); 0 otherwise."""
    validate_mask(mask)
    if mask < dev.machine.min_dma_mask:
        return -EIO
    dev.dma_mask = mask
    return 0


def dma_set_coherent_mask(dev: Device, mask: int) -> int:
    """Set the coherent mask; same rule as dma_set_mask."""
    validate_mask(mask)
    if mask < dev.machine.min_dma_mask:
        return -EIO
    dev.coherent_dma_mask = mask
    return 0


def dma_set_mask_and_coherent(dev: Device, mask: int) -> int:
    """Set the streaming mask and, only if that worked, the coherent one."""
    rc = dma_set_mask(dev, mask)
    if rc == 0:
        rc = dma_set_coherent_mask(dev, mask)
    return rc


def dma_set_seg_boundary(dev: Device, mask: int) -> int:
    """Set the device's segment boundary mask (Linux dma_set_seg_boundary): no bounce mapping
    made for it crosses a multiple of mask + 1. Returns 0. ValueError for a mask with holes or
    below PAGE_SIZE - 1."""
    validate_mask(mask)
    if mask < PAGE_SIZE - 1:
        raise ValueError(f"dma_set_seg_boundary: mask {mask:#x} below PAGE_SIZE - 1 "
                         f"({PAGE_SIZE - 1:#x})")
    dev.seg_boundary_mask = mask
    return 0


def dma_get_seg_boundary(dev: Device) -> int:
    """The device's segment boundary mask (default 0xFFFFFFFF, a 4 GiB boundary)."""
    return dev.seg_boundary_mask


def dma_max_mapping_size(dev: Device) -> int:
    """Largest size one dma_map_single may map (Linux dma_max_mapping_size): 256 KiB (one
    swiotlb segment) when the device cannot reach all of RAM and swiotlb has slots, else
    2**64 - 1 (no limit)."""
    m = dev.machine
    if m.swiotlb.nslots and dev.dma_mask < m.ram_size - 1:
        return IO_TLB_MAX_MAPPING
    return DMA_MAPPING_ERROR


def dma_capable(dev: Device, addr: int, size: int) -> bool:
    """True iff [addr, addr + size) is non-empty, does not wrap, and ends <= dev.dma_mask."""
    if size <= 0 or addr < 0:
        return False
    last = addr + size - 1
    return last <= dev.dma_mask and last <= DMA_MAPPING_ERROR


def dma_mapping_error(dev: Device, handle: int) -> bool:
    """True iff `handle` is DMA_MAPPING_ERROR (0 is a valid handle)."""
    return handle == DMA_MAPPING_ERROR


# -- coherent --------------------------------------------------------------------------------
def _register_coherent(dev: Device, pfn: int | None, size: int) -> tuple[int, int] | None:
    if pfn is None:
        return None
    addr = pfn << PAGE_SHIFT
    pages = (max(size, 16) + PAGE_SIZE - 1) >> PAGE_SHIFT
    dev.machine.memory.zero(addr, pages * PAGE_SIZE)
    dev._add(DmaMapping(addr, size, DMA_BIDIRECTIONAL, MappingKind.COHERENT, addr))
    return addr, addr


def _coherent_gfp(dev: Device, gfp: int) -> int:
    """The gfp the coherent path hands to the mask allocator: the caller's, unchanged (the
    device's mask, not a zone flag, says where the memory must lie)."""
    # FAULT B2-zone-flags (models/faults.py): Kleen's x86-64 dma_alloc_coherent added GFP_DMA32
    # for every coherent mask <= 4 GiB and passed it on to the mask allocator.
    if faults.ACTIVE and faults.on("B2-zone-flags") and dev.coherent_dma_mask <= 0xFFFFFFFF:
        return gfp | GFP_DMA32
    return gfp


def dma_alloc_coherent(dev: Device, size: int, gfp: int) -> tuple[int, int] | None:
    """Zeroed memory below dev.coherent_dma_mask via alloc_pages_mask; returns
    (cpu_addr, dma_handle) (equal: no IOMMU) and registers a COHERENT mapping, or None.
    Never sleeps (see dma_alloc_coherent_async). ValueError for size 0 / above the pool /
    zone gfp flags."""
    _size(size, "dma_alloc_coherent")
    pfn = dev.machine.alloc_pages_mask(_coherent_gfp(dev, gfp), size, dev.coherent_dma_mask)
    return _register_coherent(dev, pfn, size)


async def dma_alloc_coherent_async(dev: Device, size: int, gfp: int) -> tuple[int, int] | None:
    """dma_alloc_coherent that sleeps for GFP_KERNEL (see Machine.alloc_pages_mask_async)."""
    _size(size, "dma_alloc_coherent")
    pfn = await dev.machine.alloc_pages_mask_async(_coherent_gfp(dev, gfp), size,
                                                   dev.coherent_dma_mask)
    return _register_coherent(dev, pfn, size)


def dma_free_coherent(dev: Device, size: int, cpu_addr: int, dma_handle: int) -> None:
    """Free a dma_alloc_coherent buffer; DmaDebugError for an unknown/double-freed handle, a
    size mismatch or a cpu_addr that does not belong to the handle."""
    m = dev._lookup(dma_handle, "dma_free_coherent", size, None, (MappingKind.COHERENT,))
    if m.cpu_addr != cpu_addr:
        raise DmaDebugError(
            f"DMA-API: device {dev.name}: dma_free_coherent: cpu address {cpu_addr:#x} does not "
            f"match [device address={dma_handle:#x}] (allocated at {m.cpu_addr:#x})")
    # FAULT B2-wrong-size-free (models/faults.py): Kleen's one-page free macro
    # __free_page_mask() used for a buffer of any size.
    if faults.ACTIVE and faults.on("B2-wrong-size-free"):
        dev.machine.free_pages_mask(cpu_addr, PAGE_SIZE)
    else:
        dev.machine.free_pages_mask(cpu_addr, size)
    dev._remove(m)


# -- streaming -------------------------------------------------------------------------------
def dma_map_single(dev: Device, cpu_addr: int, size: int, direction: DmaDirection,
                   nowarn: bool = False) -> int:
    """Map [cpu_addr, cpu_addr + size) for the device. Direct (STREAMING, handle == cpu_addr)
    when dma_capable, else bounced through swiotlb (BOUNCE, data copied in) into slots that
    cross no multiple of the device's segment boundary (a direct mapping is not split or
    bounced for the boundary, as in Linux's dma-direct). Returns DMA_MAPPING_ERROR when the
    bounce fails (swiotlb full, > 256 KiB, longer than a boundary segment). ValueError for
    size 0, DMA_NONE, or a buffer outside physical memory. The result is audited by
    dma_debug.check_mapping (KernelBugError). Never sleeps."""
    op = "dma_map_single"
    _size(size, op)
    direction = _direction(direction, op)
    dev.machine.memory._check(cpu_addr, size, op)
    # FAULT B1-start-only-mask (models/faults.py): Kleen's needs_mapping() tested the first
    # byte of the buffer against the mask, not the last.
    if faults.ACTIVE and faults.on("B1-start-only-mask"):
        direct = cpu_addr <= dev.dma_mask
    else:
        direct = dma_capable(dev, cpu_addr, size)
    # A direct handle equal to DMA_MAPPING_ERROR (the last byte of a 64-bit space) could never be
    # told from a failure, so such a buffer is bounced instead.
    if cpu_addr != DMA_MAPPING_ERROR and direct:
        check_mapping(dev, cpu_addr, size, False, op)
        dev._add(DmaMapping(cpu_addr, size, direction, MappingKind.STREAMING, cpu_addr))
        return cpu_addr
    swiotlb = dev.machine.swiotlb
    tlb = swiotlb.map(cpu_addr, size, direction, dev.dma_mask, nowarn=nowarn,
                      boundary_mask=dev.seg_boundary_mask, owner=dev.name)
    if tlb == DMA_MAPPING_ERROR:
        return DMA_MAPPING_ERROR
    try:
        check_mapping(dev, tlb, size, True, op)
    except BaseException:
        swiotlb.unmap(tlb)
        raise
    dev._add(DmaMapping(tlb, size, direction, MappingKind.BOUNCE, cpu_addr))
    return tlb


def dma_unmap_single(dev: Device, handle: int, size: int, direction: DmaDirection) -> None:
    """Unmap a dma_map_single mapping (bounce: copy back for FROM_DEVICE/BIDIRECTIONAL and
    release the slots). DmaDebugError for an unknown handle, double unmap, size or direction
    mismatch."""
    op = "dma_unmap_single"
    direction = _direction(direction, op)
    m = dev._lookup(handle, op, size, direction, (MappingKind.STREAMING, MappingKind.BOUNCE))
    if m.kind is MappingKind.BOUNCE:
        dev.machine.swiotlb.unmap(handle)
    dev._remove(m)


def _sync(dev: Device, handle: int, size: int, direction, op: str) -> DmaMapping:
    direction = _direction(direction, op)
    _size(size, op)
    kinds = (MappingKind.STREAMING, MappingKind.BOUNCE)
    cands = [m for m in dev._by_start.get(handle, ()) if m.kind in kinds]
    if not cands:
        raise DmaDebugError(f"DMA-API: device {dev.name}: {op}: device driver tries to sync DMA "
                            f"memory it has not allocated [device address={handle:#x}] "
                            f"[size={size} bytes]")
    m = cands[0]
    if size > m.size:
        raise DmaDebugError(f"DMA-API: device {dev.name}: {op}: device driver syncs DMA memory "
                            f"outside allocated range [device address={handle:#x}] "
                            f"[allocation size={m.size} bytes] [sync size={size} bytes]")
    if m.direction != DMA_BIDIRECTIONAL and m.direction != direction:
        raise DmaDebugError(f"DMA-API: device {dev.name}: {op}: device driver syncs DMA memory "
                            f"with different direction [device address={handle:#x}] "
                            f"[size={size} bytes] [mapped as {m.direction.name}] "
                            f"[synced as {direction.name}]")
    return m


def dma_sync_single_for_cpu(dev: Device, handle: int, size: int,
                            direction: DmaDirection) -> None:
    """Give the buffer back to the CPU (bounce: copy bounce -> original for FROM_DEVICE /
    BIDIRECTIONAL). DmaDebugError for an unknown handle, size above the mapping, or a direction
    different from the mapping's (unless it is BIDIRECTIONAL)."""
    m = _sync(dev, handle, size, direction, "dma_sync_single_for_cpu")
    if m.kind is MappingKind.BOUNCE:
        dev.machine.swiotlb.sync_for_cpu(handle, size)


def dma_sync_single_for_device(dev: Device, handle: int, size: int,
                               direction: DmaDirection) -> None:
    """Give the buffer to the device (bounce: copy original -> bounce for TO_DEVICE /
    BIDIRECTIONAL). Same checks as dma_sync_single_for_cpu."""
    m = _sync(dev, handle, size, direction, "dma_sync_single_for_device")
    if m.kind is MappingKind.BOUNCE:
        dev.machine.swiotlb.sync_for_device(handle, size)


# -- resources -------------------------------------------------------------------------------
def dma_map_resource(dev: Device, phys_addr: int, size: int, direction: DmaDirection) -> int:
    """Map device-visible memory (anywhere in machine.memory, e.g. [ram_size, memory_size))
    without bounce: the handle is phys_addr, or DMA_MAPPING_ERROR (nothing registered) if not
    dma_capable or if phys_addr itself equals DMA_MAPPING_ERROR (unmappable, as in Linux).
    ValueError for size 0, DMA_NONE or a range outside memory."""
    op = "dma_map_resource"
    _size(size, op)
    direction = _direction(direction, op)
    dev.machine.memory._check(phys_addr, size, op)
    if phys_addr == DMA_MAPPING_ERROR or not dma_capable(dev, phys_addr, size):
        return DMA_MAPPING_ERROR
    dev._add(DmaMapping(phys_addr, size, direction, MappingKind.RESOURCE, phys_addr))
    return phys_addr


def dma_unmap_resource(dev: Device, handle: int, size: int, direction: DmaDirection) -> None:
    """Unmap a dma_map_resource mapping; dma-debug checks as dma_unmap_single."""
    op = "dma_unmap_resource"
    direction = _direction(direction, op)
    m = dev._lookup(handle, op, size, direction, (MappingKind.RESOURCE,))
    dev._remove(m)

