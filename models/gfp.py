"""Constants shared by every model: page geometry, DMA masks, GFP flags, DMA directions.

GFP flag values follow modern Linux's bit layout; only the semantics below matter:
- `gfp_may_sleep(gfp)` is true iff `__GFP_DIRECT_RECLAIM` is set (GFP_KERNEL has it;
  GFP_ATOMIC and GFP_NOWAIT do not).
- `__GFP_NOWARN` suppresses the allocation-failure / "swiotlb buffer is full" warning.
- `__GFP_ZERO` zeroes the returned memory.
- Zone flags `GFP_DMA`, `GFP_DMA32` and `__GFP_COMP` are *rejected* with ValueError by the mask
  allocator API (`check_gfp`): Kleen's 2008 code hit a BUG_ON on them; a deterministic error is
  the documented choice here. Use a device mask (e.g. DMA_BIT_MASK(24) for old GFP_DMA users).

Names starting with two underscores are mangled when referenced inside a class body; use the
aliases without underscores there (`GFP_NOWARN`, `GFP_ZERO`, `GFP_COMP`, `GFP_DIRECT_RECLAIM`).
"""
from __future__ import annotations

from enum import IntEnum

PAGE_SHIFT = 12
PAGE_SIZE = 1 << PAGE_SHIFT
MAX_ORDER = 10  # largest buddy block: 2**10 pages = 4 MiB
DMA_MAPPING_ERROR = (1 << 64) - 1
EIO = 5

__GFP_DMA = 0x01
__GFP_HIGHMEM = 0x02
__GFP_DMA32 = 0x04
__GFP_HIGH = 0x20
__GFP_IO = 0x40
__GFP_FS = 0x80
__GFP_NOWARN = 0x200
__GFP_DIRECT_RECLAIM = 0x400
__GFP_KSWAPD_RECLAIM = 0x800
__GFP_COMP = 0x4000
__GFP_ZERO = 0x8000
__GFP_RECLAIM = __GFP_DIRECT_RECLAIM | __GFP_KSWAPD_RECLAIM
__GFP_WAIT = __GFP_DIRECT_RECLAIM  # the 2008 name

GFP_ATOMIC = __GFP_HIGH | __GFP_KSWAPD_RECLAIM
GFP_NOWAIT = __GFP_KSWAPD_RECLAIM
GFP_KERNEL = __GFP_RECLAIM | __GFP_IO | __GFP_FS
GFP_DMA = __GFP_DMA
GFP_DMA32 = __GFP_DMA32

# Aliases usable inside class bodies (no name mangling).
GFP_NOWARN = __GFP_NOWARN
GFP_ZERO = __GFP_ZERO
GFP_COMP = __GFP_COMP
GFP_DIRECT_RECLAIM = __GFP_DIRECT_RECLAIM

_REJECTED = {__GFP_DMA: "GFP_DMA", __GFP_DMA32: "GFP_DMA32", __GFP_COMP: "__GFP_COMP",
             __GFP_HIGHMEM: "__GFP_HIGHMEM"}


class DmaDirection(IntEnum):
    """Linux `enum dma_data_direction`."""
    DMA_BIDIRECTIONAL = 0
    DMA_TO_DEVICE = 1
    DMA_FROM_DEVICE = 2
    DMA_NONE = 3


DMA_BIDIRECTIONAL = DmaDirection.DMA_BIDIRECTIONAL
DMA_TO_DEVICE = DmaDirection.DMA_TO_DEVICE
DMA_FROM_DEVICE = DmaDirection.DMA_FROM_DEVICE
DMA_NONE = DmaDirection.DMA_NONE


def DMA_BIT_MASK(n: int) -> int:  # noqa: N802 - Linux name
    """Return 2**n - 1 for n in 1..64; any other n (or a non-int) raises ValueError naming n."""
    if not isinstance(n, int) or isinstance(n, bool) or not 1 <= n <= 64:
        raise ValueError(f"DMA_BIT_MASK({n!r}): n must be an int in 1..64")
    return (1 << n) - 1


def validate_mask(mask: int) -> int:
    """Return the number of address bits n of `mask` == 2**n - 1 (1 <= n <= 64).

    Raises ValueError for a non-int, a mask with holes ("must be 2^n - 1") or one outside
    1..64 bits; the message names the mask.
    """
    if not isinstance(mask, int) or isinstance(mask, bool):
        raise ValueError(f"mask {mask!r} is not an int")
    if mask <= 0 or mask > DMA_MAPPING_ERROR:
        raise ValueError(f"mask {mask:#x} outside 1..64 bits (allowed 0x1..{DMA_MAPPING_ERROR:#x})")
    if mask & (mask + 1):
        raise ValueError(f"mask {mask:#x} has holes: must be 2^n - 1")
    return mask.bit_length()


def gfp_may_sleep(gfp: int) -> bool:
    """True if an allocation with `gfp` may sleep (GFP_KERNEL); False for atomic/nowait."""
    return bool(gfp & __GFP_DIRECT_RECLAIM)


def check_gfp(gfp: int, caller: str) -> None:
    """Raise ValueError if `gfp` is not an int or carries a zone flag / __GFP_COMP."""
    if not isinstance(gfp, int) or gfp < 0:
        raise ValueError(f"{caller}: gfp {gfp!r} is not a non-negative int")
    for bit, name in _REJECTED.items():
        if gfp & bit:
            raise ValueError(f"{caller}: gfp {gfp:#x} contains {name}, which the mask allocator "
                             f"rejects: give the device a DMA mask instead")


def pages_for(size: int) -> int:
    """ceil(size / PAGE_SIZE) for size >= 1."""
    return (size + PAGE_SIZE - 1) >> PAGE_SHIFT
