"""dma-debug style audits: what the kernel side hands to a device, checked independently of the
code that chose it.

- `check_mapping`: a mapping made by dma_map_single ends <= the device's DMA mask, and a bounce
  mapping does not cross the device's segment boundary (`dma_set_seg_boundary`).
- `check_pool_chunk`: a dma_pool chunk yields exactly the blocks its boundary allows (capacity)
  and none of them crosses a boundary.
- `crosses_boundary`: the segment-boundary rule itself, written so that no `mask + 1` is formed
  (a boundary mask of all ones cannot overflow it).

They raise KernelBugError with one message naming the rule, the device or pool, and the values.
Without a switched-on fault (models/faults.py) they never fire; each costs a few comparisons.
`set_enabled(False)` models a kernel built without CONFIG_DMA_API_DEBUG (Linux's default):
`check_mapping` then checks nothing, so a bad mapping reaches the device.
"""
from __future__ import annotations

from .errors import KernelBugError


def crosses_boundary(addr: int, size: int, boundary_mask: int) -> bool:
    """True iff [addr, addr + size) crosses a multiple of boundary_mask + 1, i.e. its last byte
    lies beyond the end (addr | boundary_mask) of the segment holding addr."""
    return addr + size - 1 > (addr | boundary_mask)


ENABLED = True  # the mapping audit (CONFIG_DMA_API_DEBUG); set_enabled switches it


def set_enabled(on: bool) -> bool:
    """Switch the mapping audit of `check_mapping` on or off; returns the previous setting."""
    global ENABLED
    old, ENABLED = ENABLED, bool(on)
    return old


def check_mapping(dev, dma_addr: int, size: int, bounce: bool, op: str) -> None:
    """KernelBugError unless [dma_addr, dma_addr + size) is reachable by `dev` (last byte <=
    dev.dma_mask) and, for a bounce mapping, stays inside one segment of
    dev.seg_boundary_mask. Checks nothing while the audit is disabled (`set_enabled`)."""
    if not ENABLED:
        return
    last = dma_addr + size - 1
    if last > dev.dma_mask:
        raise KernelBugError(
            f"DMA-API: device {dev.name}: {op}: DMA addr {dma_addr:#x}+{size} overflow (mask "
            f"{dev.dma_mask:#x}): last byte {last:#x} is above the mask [rule: a mapping's last "
            f"byte <= the device's DMA mask]")
    if bounce and crosses_boundary(dma_addr, size, dev.seg_boundary_mask):
        edge = (dma_addr | dev.seg_boundary_mask) + 1
        raise KernelBugError(
            f"DMA-API: device {dev.name}: {op}: mapping [{dma_addr:#x}..{last:#x}] size={size} "
            f"crosses the segment boundary at {edge:#x} (seg_boundary_mask "
            f"{dev.seg_boundary_mask:#x}) [rule: a mapping stays inside one segment]")


def pool_capacity(chunk_bytes: int, block: int, boundary: int) -> int:
    """Blocks of `block` bytes that fit in an aligned chunk of `chunk_bytes` when none may cross
    a multiple of `boundary` (0: no boundary): each boundary segment holds
    floor(segment / block) blocks."""
    seg = boundary if 0 < boundary < chunk_bytes else chunk_bytes
    return (chunk_bytes // seg) * (seg // block) + (chunk_bytes % seg) // block


def check_pool_chunk(pool, base: int, blocks: list[int]) -> None:
    """KernelBugError if a block of the chunk at `base` crosses a multiple of pool.boundary or
    the chunk yields fewer blocks than pool_capacity allows (naming the unused ranges)."""
    b, size = pool.boundary, pool.size
    if b:
        for a in blocks:
            if crosses_boundary(a, size, b - 1):
                raise KernelBugError(
                    f"dma_pool {pool.name}: block [{a:#x}..{a + size - 1:#x}] (size {size}) "
                    f"crosses the boundary at {(a | (b - 1)) + 1:#x} (boundary {b}) "
                    f"[rule: no block crosses a multiple of the pool's boundary]")
    want = pool_capacity(pool.allocation, size, b)
    if len(blocks) != want:
        used = set(blocks)
        idle = [a for a in range(base, base + pool.allocation - size + 1, size)
                if a not in used and not (b and crosses_boundary(a, size, b - 1))]
        shown = ", ".join(f"[{a:#x}..{a + size - 1:#x}]" for a in idle[:4]) or "-"
        more = f" and {len(idle) - 4} more" if len(idle) > 4 else ""
        raise KernelBugError(
            f"dma_pool {pool.name}: chunk at {base:#x} yields {len(blocks)} blocks of {size} "
            f"bytes, capacity is {want} (chunk {pool.allocation}, boundary {b}); never used: "
            f"{shown}{more} [rule: a chunk yields every block the boundary allows]")
