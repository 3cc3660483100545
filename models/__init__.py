"""maskdma kernel-side models: physical memory, buddy, Kleen's mask allocator, mempool, swiotlb,
the DMA mapping API. Pure Python: never imports cocotb or bench. Contract: docs/models-api.md."""
from .buddy import BuddyAllocator
from .dma_mapping import (Device, DmaMapping, MappingKind, dma_alloc_coherent,
                          dma_alloc_coherent_async, dma_capable, dma_free_coherent,
                          dma_get_seg_boundary, dma_map_resource, dma_map_single,
                          dma_mapping_error, dma_max_mapping_size, dma_set_coherent_mask,
                          dma_set_mask, dma_set_mask_and_coherent, dma_set_seg_boundary,
                          dma_sync_single_for_cpu, dma_sync_single_for_device,
                          dma_unmap_resource, dma_unmap_single)
from .copy_driver import CopyDriver, CopyJob
from .dma_pool import DmaPool, dma_pool_create
from .errors import BadFreeError, DmaDebugError, KernelBugError, ModelError
from .gfp import (DMA_BIDIRECTIONAL, DMA_BIT_MASK, DMA_FROM_DEVICE, DMA_MAPPING_ERROR,
                  DMA_NONE, DMA_TO_DEVICE, EIO, GFP_ATOMIC, GFP_COMP, GFP_DIRECT_RECLAIM,
                  GFP_DMA, GFP_DMA32, GFP_KERNEL, GFP_NOWAIT, GFP_NOWARN, GFP_ZERO, MAX_ORDER,
                  PAGE_SHIFT, PAGE_SIZE, DmaDirection, __GFP_COMP, __GFP_DIRECT_RECLAIM,
                  __GFP_NOWARN, __GFP_ZERO, check_gfp, gfp_may_sleep, pages_for,
                  validate_mask)
from .machine import FreeCounts, Machine
from .mask_allocator import MaskAllocator
from .mempool import Mempool
from .physical_memory import PhysicalMemory
from .sleeper import AsyncioSleeper, Sleeper, WaitQueue
from .swiotlb import IO_TLB_SEGSIZE, IO_TLB_SIZE, BounceSlot, Swiotlb

__all__ = [
    "BuddyAllocator", "Device", "DmaMapping", "MappingKind", "dma_alloc_coherent",
    "dma_alloc_coherent_async", "dma_capable", "dma_free_coherent", "dma_map_resource",
    "dma_map_single", "dma_mapping_error", "dma_set_coherent_mask", "dma_set_mask",
    "dma_set_mask_and_coherent", "dma_sync_single_for_cpu", "dma_sync_single_for_device",
    "dma_unmap_resource", "dma_unmap_single", "DmaPool", "dma_pool_create", "BadFreeError",
    "DmaDebugError", "ModelError", "DMA_BIDIRECTIONAL", "DMA_BIT_MASK", "DMA_FROM_DEVICE",
    "DMA_MAPPING_ERROR", "DMA_NONE", "DMA_TO_DEVICE", "EIO", "GFP_ATOMIC", "GFP_COMP",
    "GFP_DIRECT_RECLAIM", "GFP_DMA", "GFP_DMA32", "GFP_KERNEL", "GFP_NOWAIT", "GFP_NOWARN",
    "GFP_ZERO", "MAX_ORDER", "PAGE_SHIFT", "PAGE_SIZE", "DmaDirection", "__GFP_COMP",
    "__GFP_DIRECT_RECLAIM", "__GFP_NOWARN", "__GFP_ZERO", "check_gfp", "gfp_may_sleep",
    "pages_for", "validate_mask", "FreeCounts", "Machine", "MaskAllocator", "Mempool",
    "PhysicalMemory", "AsyncioSleeper", "Sleeper", "WaitQueue", "IO_TLB_SEGSIZE", "IO_TLB_SIZE",
    "BounceSlot", "Swiotlb", "dma_get_seg_boundary", "dma_set_seg_boundary",
    "dma_max_mapping_size", "CopyDriver", "CopyJob", "KernelBugError",
]
