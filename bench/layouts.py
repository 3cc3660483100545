"""Machine layouts the bench boots, chosen per address width and per purpose.

Every layout goes through ``models.Machine``: the bench never places a buffer by hand. The
purpose decides where the allocators will put things:

- ``default``: a real-looking machine -- 8 GiB RAM, the 16 MiB mask pool at 0 (swiotlb carved
  out of it), buddy handing out high memory first. For widths whose limit lies beyond RAM the
  memory is extended (sparse) up to the limit so that ``dma_map_resource`` can hand out buffers
  that end exactly at it (docs/models-api.md, Machine ``memory_size``).
- ``limit``: widths whose limit lies inside RAM: the pool is moved so that it ends exactly at the
  limit, with Kleen's downward placement and ``force`` (pool only), so the first allocation ends
  at the limit. Wider devices use ``default`` + ``dma_map_resource``.
- ``bottom``: pool at 0, next-fit, no swiotlb, ``force``: the first allocation is page 0.
- ``around4g``: pool straddling 4 GiB (widths > 32), next-fit, ``force``.
- ``teeth``: ``default`` with memory above the limit even for wide devices (the teeth test's
  naive driver puts buffers there).
"""

from __future__ import annotations

GiB, MiB = 1 << 30, 1 << 20
RAM = 8 * GiB


def limit_of(width: int) -> int:
    return (1 << width) - 1


def ram_for(width: int) -> int:
    """RAM size: 8 GiB, except that the limit must not fall on the last RAM page for w == 33."""
    return 4 * GiB if (1 << width) == RAM else RAM


def limit_in_ram(width: int) -> bool:
    return (1 << width) < ram_for(width)


def machine_kwargs(width: int, purpose: str = "default") -> dict:
    top = 1 << width
    if purpose == "default" or (purpose == "limit" and not limit_in_ram(width)):
        ram = ram_for(width)
        pool = min(16 * MiB, top, ram)
        kw = {"ram_size": ram, "pool_size": pool, "pool_start": 0,
              "swiotlb_size": min(4 * MiB, pool // 4 // 4096 * 4096)}
        if top > ram:
            kw["memory_size"] = top
        return kw
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
