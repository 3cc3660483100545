"""DmaDriver: the Linux-style side of a DMA driver, engine-free.

It sets the device's DMA mask from the engine's ``Capabilities`` with
``dma_set_mask_and_coherent(dev, DMA_BIT_MASK(addr_width))``, gets device-visible buffers only
through the models' DMA API (``dma_alloc_coherent``; ``dma_map_single`` -- bounced by swiotlb
when needed --; ``dma_map_resource``), gives them back (unmapping a bounced
FROM_DEVICE/BIDIRECTIONAL buffer copies the data back: the models do it), keeps ``dma_pool``s for
an adapter's descriptors, and reads and writes memory as the CPU sees it. Everything an engine
adds (registers, descriptors, interrupts) lives in its adapter (``bench.adapter``).

A device that cannot cross a segment boundary (a tg3-like NIC whose buffer address bits
[63:32] are fixed per ring) gets ``set_seg_boundary(mask)``: from then on a streaming buffer
whose DMA range crosses a multiple of mask + 1 is not handed to the device; the driver copies
it into pages of its own inside one segment and maps those (tg3's
``tigon3_dma_hwbug_workaround`` after ``tg3_4g_overflow_test``), copying back at unmap for
FROM_DEVICE/BIDIRECTIONAL.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Callable

import models
from models import faults
from models.dma_debug import crosses_boundary


@dataclass
class DmaBuffer:
    """One device-visible buffer: ``handle`` is what the device is given (bus address).

    ``kind``: "coherent" | "streaming" | "resource"; ``bounced``: the streaming mapping lives in
    a swiotlb slot; ``release``: gives the CPU-side memory back after unmapping (or None)."""

    cpu_addr: int
    handle: int
    size: int
    direction: int
    kind: str
    bounced: bool = False
    release: Callable[[], None] | None = None
    released: bool = False

    @property
    def last(self) -> int:
        """Last bus address of the buffer."""
        return self.handle + self.size - 1


@dataclass
class DriverStats:
    maps: int = 0
    bounced: int = 0
    unmaps: int = 0


class DmaDriver:
    """The DMA-API side of a driver for ``device`` on ``machine``; see the module docstring."""

    def __init__(self, machine, device, log: logging.Logger | None = None):
        self.machine = machine
        self.device = device
        self.log = log or logging.getLogger("cocotb.bench.driver")
        self.stats = DriverStats()
        self.pools: dict[str, object] = {}
        self._pool_params: dict[str, tuple[int, int, int]] = {}
        self.seg_boundary: int | None = None  # set_seg_boundary: the driver splits for it

    def rebind(self, machine, device) -> None:
        """Serve another machine (a test booted a new layout); pools must be destroyed first."""
        if self.pools:
            raise AssertionError(f"rebind with live dma pools {sorted(self.pools)}")
        self.machine = machine
        self.device = device

    # -- masks ---------------------------------------------------------------------------------
    def set_mask(self, addr_width: int) -> int:
        """``dma_set_mask_and_coherent(dev, DMA_BIT_MASK(addr_width))``; AssertionError naming
        the width and the return code when the models refuse it. Returns the mask."""
        mask = models.DMA_BIT_MASK(addr_width)
        rc = models.dma_set_mask_and_coherent(self.device, mask)
        if rc != 0:
            raise AssertionError(f"dma_set_mask_and_coherent(DMA_BIT_MASK({addr_width})) "
                                 f"returned {rc}")
        self.log.info("DMA mask set to 0x%x", self.device.dma_mask)
        return mask

    def set_seg_boundary(self, mask: int) -> None:
        """``dma_set_seg_boundary(dev, mask)``, and from now on keep every streaming buffer
        inside one segment (see the module docstring)."""
        models.dma_set_seg_boundary(self.device, mask)
        self.seg_boundary = mask
        self.log.info("segment boundary set to 0x%x", mask)

    # -- buffers -------------------------------------------------------------------------------
    def alloc_coherent(self, size: int, gfp=None) -> DmaBuffer:
        gfp = models.GFP_KERNEL if gfp is None else gfp
        got = models.dma_alloc_coherent(self.device, size, gfp)
        if got is None:
            raise MemoryError(f"dma_alloc_coherent({size}) failed")
        cpu, handle = got
        self.stats.maps += 1
        return DmaBuffer(cpu, handle, size, models.DMA_BIDIRECTIONAL, "coherent")

    def map_single(self, cpu_addr: int, size: int, direction,
                   release: Callable[[], None] | None = None) -> DmaBuffer:
        handle = models.dma_map_single(self.device, cpu_addr, size, direction)
        if models.dma_mapping_error(self.device, handle):
            raise MemoryError(f"dma_map_single(0x{cpu_addr:x}, {size}, {direction!r}) failed")
        if self.seg_boundary is not None and crosses_boundary(handle, size, self.seg_boundary):
            # FAULT B6-tg3-4g-crossing (models/faults.py): the driver skips its boundary test
            # (tg3_4g_overflow_test) and hands the crossing buffer to the device.
            if not (faults.ACTIVE and faults.on("B6-tg3-4g-crossing")):
                models.dma_unmap_single(self.device, handle, size, direction)
                return self._map_copy(cpu_addr, handle, size, direction, release)
        bounced = handle != cpu_addr
        self.stats.maps += 1
        self.stats.bounced += bounced
        return DmaBuffer(cpu_addr, handle, size, direction, "streaming", bounced, release)

    def _map_copy(self, cpu_addr: int, handle: int, size: int, direction,
                  release: Callable[[], None] | None) -> DmaBuffer:
        """The buffer at ``cpu_addr`` crossed the segment boundary at ``handle``: copy it into
        pages below the end of that segment and map those instead (MemoryError naming the
        buffer when there are none, or when their mapping crosses too)."""
        top = min(handle | self.seg_boundary, self.device.dma_mask)
        copy = self.machine.get_pages_mask(models.GFP_KERNEL | models.GFP_NOWARN, size, top)
        if copy is None:
            raise MemoryError(f"dma_map_single(0x{cpu_addr:x}, {size}) crosses the segment "
                              f"boundary (0x{self.seg_boundary:x}) and no {size} bytes below "
                              f"0x{top:x} are free for a copy")
        mem = self.machine.memory
        mem.write(copy, bytes(mem.read(cpu_addr, size)))
        h = models.dma_map_single(self.device, copy, size, direction)
        if models.dma_mapping_error(self.device, h) or crosses_boundary(h, size,
                                                                        self.seg_boundary):
            if not models.dma_mapping_error(self.device, h):
                models.dma_unmap_single(self.device, h, size, direction)
            self.machine.free_pages_mask(copy, size)
            raise MemoryError(f"dma_map_single(0x{cpu_addr:x}, {size}): its copy at 0x{copy:x} "
                              f"cannot be mapped inside one segment (0x{self.seg_boundary:x})")

        def give_back() -> None:
            if direction in (models.DMA_FROM_DEVICE, models.DMA_BIDIRECTIONAL):
                mem.write(cpu_addr, bytes(mem.read(copy, size)))
            self.machine.free_pages_mask(copy, size)
            if release is not None:
                release()

        self.stats.maps += 1
        self.stats.bounced += 1
        self.log.info("buffer 0x%x+%d crosses the segment boundary 0x%x: copied to 0x%x, "
                      "mapped at 0x%x", cpu_addr, size, self.seg_boundary, copy, h)
        return DmaBuffer(cpu_addr, h, size, direction, "streaming", True, give_back)

    def map_resource(self, phys: int, size: int, direction) -> DmaBuffer:
        handle = models.dma_map_resource(self.device, phys, size, direction)
        if models.dma_mapping_error(self.device, handle):
            raise MemoryError(f"dma_map_resource(0x{phys:x}, {size}) failed")
        self.stats.maps += 1
        return DmaBuffer(phys, handle, size, direction, "resource")

    def unmap(self, buf: DmaBuffer) -> None:
        """Give the mapping back (bounced data is copied back by the models), then the memory."""
        if buf.released:
            return
        buf.released = True
        self.stats.unmaps += 1
        if buf.kind == "coherent":
            models.dma_free_coherent(self.device, buf.size, buf.cpu_addr, buf.handle)
        elif buf.kind == "streaming":
            models.dma_unmap_single(self.device, buf.handle, buf.size, buf.direction)
        elif buf.kind == "resource":
            models.dma_unmap_resource(self.device, buf.handle, buf.size, buf.direction)
        else:
            raise ValueError(f"unknown DmaBuffer kind {buf.kind!r}")
        if buf.release is not None:
            buf.release()

    # -- dma pools (descriptors) ---------------------------------------------------------------
    def dma_pool(self, name: str, size: int, align: int, boundary: int = 4096):
        """The driver's ``dma_pool`` called ``name`` (created on first use, kept until
        ``destroy_pools``). Asking again with other parameters is a ValueError."""
        pool = self.pools.get(name)
        if pool is None:
            pool = models.dma_pool_create(name, self.device, size, align, boundary)
            self.pools[name] = pool
            self._pool_params[name] = (size, align, boundary)
        elif self._pool_params[name] != (size, align, boundary):
            raise ValueError(f"dma pool {name!r} exists with (size, align, boundary) "
                             f"{self._pool_params[name]}, asked {(size, align, boundary)}")
        return pool

    def destroy_pools(self) -> None:
        for pool in self.pools.values():
            pool.destroy()
        self.pools.clear()
        self._pool_params.clear()

    # -- memory as the CPU sees it -------------------------------------------------------------
    def cpu_write(self, addr: int, data: bytes) -> None:
        self.machine.memory.write(addr, bytes(data))

    def cpu_read(self, addr: int, n: int) -> bytes:
        return bytes(self.machine.memory.read(addr, n))
