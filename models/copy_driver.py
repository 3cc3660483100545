"""A Linux-style driver of a memory-to-memory copy engine, with the engine's copy done directly
in memory (no simulator): the models-level scenario driver of the fault catalogue.

`CopyDriver(dev).run(CopyJob(src, dst, length))` does what a driver does per job:
1. cut the transfer into pieces of at most `dma_max_mapping_size(dev)` bytes (one swiotlb
   segment, 256 KiB, when the device cannot reach all of RAM);
2. map every source piece DMA_TO_DEVICE and every destination piece DMA_FROM_DEVICE with
   `dma_map_single` (bounced by swiotlb where the device cannot reach the buffer);
3. let the "device" copy between the DMA addresses (physical memory, no IOMMU);
4. on completion unmap every destination piece (bounced data is copied back) and every source
   piece.
A mapping failure unmaps what the job had mapped and raises MemoryError naming the device, the
piece and swiotlb's message with its live-mapping report. Faults B4-swiotlb-leak and
B4-oversize-mapping (models/faults.py) switch steps 4 and 1.
"""
from __future__ import annotations

from dataclasses import dataclass

from . import faults
from .dma_mapping import (Device, dma_map_single, dma_mapping_error, dma_max_mapping_size,
                          dma_unmap_single)
from .gfp import DMA_FROM_DEVICE, DMA_TO_DEVICE, DmaDirection


@dataclass(frozen=True)
class CopyJob:
    """Copy `length` bytes from CPU address `src` to CPU address `dst`."""
    src: int
    dst: int
    length: int


@dataclass(frozen=True)
class _Mapped:
    handle: int
    size: int
    direction: DmaDirection


class CopyDriver:
    """Runs CopyJobs for `dev`; `jobs_done` counts completed jobs."""

    def __init__(self, dev: Device) -> None:
        self.dev = dev
        self.jobs_done = 0

    def _pieces(self, length: int) -> list[tuple[int, int]]:
        """(offset, size) pieces of at most dma_max_mapping_size bytes covering `length`."""
        # FAULT B4-oversize-mapping (models/faults.py): the whole transfer as one mapping,
        # whatever dma_max_mapping_size() says.
        if faults.ACTIVE and faults.on("B4-oversize-mapping"):
            return [(0, length)]
        step = dma_max_mapping_size(self.dev)
        return [(off, min(step, length - off)) for off in range(0, length, step)]

    def _map(self, addr: int, size: int, direction: DmaDirection, done: list[_Mapped]) -> int:
        """Map one piece and append it to `done`; on failure unmap `done` and raise."""
        h = dma_map_single(self.dev, addr, size, direction)
        if dma_mapping_error(self.dev, h):
            self._unmap(done)
            sw = self.dev.machine.swiotlb
            raise MemoryError(f"copy job {self.jobs_done}: device {self.dev.name}: "
                              f"dma_map_single({addr:#x}, {size}, {direction.name}) failed: "
                              f"{sw.last_error}; {sw.live_report()}")
        done.append(_Mapped(h, size, direction))
        return h

    def _unmap(self, maps: list[_Mapped]) -> None:
        for m in maps:
            dma_unmap_single(self.dev, m.handle, m.size, m.direction)

    def run(self, job: CopyJob) -> None:
        """Map, copy, unmap one job. ValueError for a length < 1; MemoryError (nothing left
        mapped by this job) when a mapping fails."""
        if not isinstance(job.length, int) or job.length < 1:
            raise ValueError(f"copy job: length {job.length!r} must be >= 1 byte")
        mapped: list[_Mapped] = []
        for off, n in self._pieces(job.length):
            s = self._map(job.src + off, n, DMA_TO_DEVICE, mapped)
            d = self._map(job.dst + off, n, DMA_FROM_DEVICE, mapped)
            self.dev.machine.memory.copy(d, s, n)  # the device's work
        self._unmap([m for m in mapped if m.direction is DMA_FROM_DEVICE])
        # FAULT B4-swiotlb-leak (models/faults.py): the completion path never unmaps the
        # source pieces.
        if not (faults.ACTIVE and faults.on("B4-swiotlb-leak")):
            self._unmap([m for m in mapped if m.direction is DMA_TO_DEVICE])
        self.jobs_done += 1
