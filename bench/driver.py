"""DmaDriver: the Linux-style side of a DMA driver, engine-free.

It sets the device's DMA mask from the engine's ``Capabilities`` with
``dma_set_mask_and_coherent(dev, DMA_BIT_MASK(addr_width))``, gets device-visible buffers only
through the models' DMA API (``dma_alloc_coherent``; ``dma_map_single`` -- bounced by swiotlb
when needed --; ``dma_map_resource``), gives them back (unmapping a bounced
FROM_DEVICE/BIDIRECTIONAL buffer copies the data back: the models do it), keeps ``dma_pool``s for
an adapter's descriptors, and reads and writes memory as the CPU sees it. Everything an engine
adds (registers, descriptors, interrupts) lives in its adapter (``bench.adapter``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Callable

import models


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
        bounced = handle != cpu_addr
        self.stats.maps += 1
        self.stats.bounced += bounced
        return DmaBuffer(cpu_addr, handle, size, direction, "streaming", bounced, release)

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
