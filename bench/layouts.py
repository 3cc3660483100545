"""Machine layouts the bench boots, chosen per address width and per purpose.

Every layout goes through ``models.Machine``: the bench never places a buffer by hand. The
purpose decides where the allocators will put things:

- ``default``: a real-looking machine -- 8 GiB RAM, the 16 MiB mask pool at 0 (swiotlb carved
  out of it), buddy handing out high memory first. For widths whose limit lies beyond RAM the
  memory is extended (sparse) ``EDGE_ROOM`` past the limit (up to 2^64), memory no allocator
  owns: ``dma_map_resource`` hands out buffers that end exactly at the limit from it, and the
  ``straddle-limit`` placement (bench.jobs) takes CPU buffers that cross the limit from it
  (docs/models-api.md, Machine ``memory_size``).
- ``limit``: widths whose limit lies inside RAM: the pool is moved so that it ends exactly at the
  limit, with Kleen's downward placement and ``force`` (pool only), so the first allocation ends
  at the limit. Wider devices use ``default`` + ``dma_map_resource``.
- ``bottom``: pool at 0, next-fit, no swiotlb, ``force``: the first allocation is page 0.
- ``around4g``: pool straddling 4 GiB (widths > 32), next-fit, ``force``.
- ``straddle``: RAM ends ``EDGE_ROOM`` below the limit (widths <= 32; wider devices: as
  ``default``) and device-visible memory runs ``EDGE_ROOM`` past it, so that at every width a CPU
  buffer can start at or below the limit and end above it, and one can end exactly at it.
- ``edge``: the limit cuts through the mask pool and through the swiotlb slot area (widths <= 31;
  the slot area must lie below 4 GiB): a 16 MiB pool from ``2^W - 8 MiB`` (from 0 for narrow
  devices) with Kleen's placement, whose boot-time carve puts the slot area at the pool's top so
  that it runs from ``min(4 MiB, 2^W / 2)`` below the limit to the pool's end above it; the free
  pool pages all lie below the limit. Bounces must take slots below the limit while free slots
  above it remain.
- ``teeth``: ``default`` with memory above the limit even for wide devices (the teeth test's
  naive driver puts buffers there).
"""

from __future__ import annotations

GiB, MiB = 1 << 30, 1 << 20
RAM = 8 * GiB
EDGE_ROOM = 1 * MiB  # device-visible memory on each side of the limit (straddle placements)
POOL = 16 * MiB


def limit_of(width: int) -> int:
    return (1 << width) - 1


def ram_for(width: int) -> int:
    """RAM size: 8 GiB, except that the limit must not fall on the last RAM page for w == 33."""
    return 4 * GiB if (1 << width) == RAM else RAM


def limit_in_ram(width: int) -> bool:
    return (1 << width) < ram_for(width)


def edge_layout_applies(width: int) -> bool:
    """The ``edge`` layout exists: the limit can cut a slot area that must lie below 4 GiB."""
    return width <= 31


def straddle_room(machine, limit: int) -> tuple[int, int] | None:
    """(first, last) of the memory around ``limit`` that no allocator owns and that extends at
    least 64 KiB on both sides of it, or None (the layout has none)."""
    lo = max(machine.ram_size, limit + 1 - EDGE_ROOM)
    hi = min(machine.memory.size - 1, limit + EDGE_ROOM)
    if limit - lo + 1 >= 64 << 10 and hi - limit >= 64 << 10:
        return lo, hi
    return None


def _page_floor(n: int) -> int:
    return n // 4096 * 4096


def machine_kwargs(width: int, purpose: str = "default") -> dict:
    top = 1 << width
    if purpose == "straddle" and top > ram_for(width):
        purpose = "default"
    if purpose == "default" or (purpose == "limit" and not limit_in_ram(width)):
        ram = ram_for(width)
        pool = min(POOL, top, ram)
        kw = {"ram_size": ram, "pool_size": pool, "pool_start": 0,
              "swiotlb_size": min(4 * MiB, _page_floor(pool // 4))}
        if top > ram:
            kw["memory_size"] = min(top + EDGE_ROOM, 1 << 64)
        return kw
    if purpose == "straddle":
        ram = top - min(EDGE_ROOM, top // 4)
        pool = min(POOL, _page_floor(ram // 2))
        return {"ram_size": ram, "pool_size": pool, "pool_start": 0,
                "swiotlb_size": min(4 * MiB, _page_floor(pool // 4)),
                "memory_size": top + EDGE_ROOM}
    if purpose == "edge":
        if not edge_layout_applies(width):
            raise ValueError(f"the edge layout needs a device of at most 31 bits (the swiotlb "
                             f"slot area lies below 4 GiB); got {width}")
        start = max(0, top - POOL // 2)
        below = min(4 * MiB, top // 2)
        return {"ram_size": RAM, "pool_size": POOL, "pool_start": start,
                "swiotlb_size": start + POOL - (top - below), "placement": "kleen"}
    if purpose == "teeth":
        # default, plus memory above the limit for the naive driver's buffers when the limit
        # lies above RAM (w >= 33); below that, RAM above the limit is already there.
        kw = machine_kwargs(width, "default")
        if top > kw["ram_size"] and width < 64:
            kw["memory_size"] = 2 * top
        return kw
    if purpose == "limit":
        pool = min(16 * MiB, top)
        return {"ram_size": RAM, "pool_size": pool, "pool_start": top - pool, "swiotlb_size": 0,
                "force": True, "placement": "kleen"}
    if purpose == "bottom":
        pool = min(16 * MiB, top)
        return {"ram_size": RAM, "pool_size": pool, "pool_start": 0, "swiotlb_size": 0,
                "force": True, "placement": "nextfit"}
    if purpose == "around4g":
        if width <= 32:
            raise ValueError("around4g needs a device wider than 32 bits")
        return {"ram_size": RAM, "pool_size": 16 * MiB, "pool_start": 4 * GiB - 8 * MiB,
                "swiotlb_size": 0, "force": True, "placement": "nextfit"}
    raise ValueError(f"unknown machine layout purpose {purpose!r}")
