"""Buffer placements for the memory-map picture of `make bench`.

Preferred source: the bench's random-regression results JSON
(build/sim/results/w<W>_random_regression.json) if its records carry the buffers each job used (a list under "buffers" with dma_addr/cpu_addr/size/bounced -- requested
in build/bench-requests.md). Otherwise a regression-like job mix is run here through the models
only (Machine/Device/DMA API, the bench's machine layouts from ``bench.layouts``) for several
device widths: per job a source (TO_DEVICE) and a destination (FROM_DEVICE) buffer, each placed
as the bench's random regression places them -- ``low`` (``get_pages_mask`` below the mask, then
``dma_map_single``), ``high`` (a buddy block from the top of RAM, ``dma_map_single``: swiotlb
bounces it when it ends above the mask), ``coherent`` (``dma_alloc_coherent``) -- and freed after
the job, as a driver would.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import models
from bench.layouts import machine_kwargs

WIDTHS = (24, 30, 32, 36, 40)
PLACES = ("low", "low", "high", "high", "coherent")
SIZES = ((1, 256, 30), (256, 2048, 45), (2048, 16384, 20), (16384, 65536, 5))


def _size(r: random.Random) -> int:
    lo, hi, _ = r.choices(SIZES, weights=[w for *_, w in SIZES])[0]
    return r.randrange(lo, hi)


def from_sim_results(results_dir: Path) -> list[dict] | None:
    """Buffers of the bench's random regression (``w<W>_random_regression.json``), if recorded."""
    out = []
    for f in sorted(results_dir.glob("w*_random_regression.json")):
        try:
            rec = json.loads(f.read_text())
        except (OSError, ValueError):
            continue
        for b in rec.get("buffers") or []:
            dma = b.get("dma_addr", b.get("handle"))
            if dma is None or "size" not in b:
                continue
            cpu = b.get("cpu_addr", dma)
            out.append({"width": rec.get("width"), "dma_addr": dma, "cpu_addr": cpu,
                        "size": b["size"], "bounced": bool(b.get("bounced", cpu != dma)),
                        "kind": str(b.get("kind", "streaming")), "job": b.get("job", 0),
                        "source": f.name})
    return out or None


def regions(width: int = 32) -> dict:
    """The machine layout the job mix (and the bench) boots: pool, swiotlb slots, RAM top."""
    m = models.Machine(**machine_kwargs(width, "default"))
    return {"pool": [m.pool_start, m.pool_end],
            "swiotlb": [m.swiotlb.base, m.swiotlb.end], "ram_top": m.ram_size}


def job_mix(widths=WIDTHS, jobs: int = 60, seed: int = 2008) -> list[dict]:
    out = []
    for w in widths:
        r = random.Random(seed * 1000 + w)
        m = models.Machine(seed=seed, **machine_kwargs(w, "default"))
        dev = models.Device(m, f"dma{w}")
        mask = models.DMA_BIT_MASK(w)
        if models.dma_set_mask_and_coherent(dev, mask) != 0:
            raise RuntimeError(f"width {w}: mask refused")
        for j in range(jobs):
            live = []
            for direction in (models.DMA_TO_DEVICE, models.DMA_FROM_DEVICE):
                size = _size(r)
                place = r.choice(PLACES)
                if place == "low":
                    addr = m.get_pages_mask(models.GFP_KERNEL, size, mask)
                    h = models.dma_map_single(dev, addr, size, direction)
                    live.append(("low", addr, h, size, direction,
                                 lambda a=addr, s=size: m.free_pages_mask(a, s)))
                elif place == "high":
                    order = max(0, (size - 1) // 4096).bit_length()
                    pfn = m.buddy.alloc_pages(models.GFP_KERNEL, order)
                    addr = pfn << 12
                    h = models.dma_map_single(dev, addr, size, direction)
                    live.append(("high", addr, h, size, direction,
                                 lambda p=pfn, o=order: m.buddy.free_pages(p, o)))
                else:
                    cpu, h = models.dma_alloc_coherent(dev, size, models.GFP_KERNEL)
                    live.append(("coherent", cpu, h, size, direction, None))
                if models.dma_mapping_error(dev, h):
                    raise RuntimeError(f"width {w}: mapping of {size} B ({place}) failed")
            for place, cpu, h, size, direction, release in live:
                out.append({"width": w, "kind": place, "cpu_addr": cpu, "dma_addr": h,
                            "size": size, "bounced": h != cpu, "job": j,
                            "ok": h + size - 1 <= mask})
                if place == "coherent":
                    models.dma_free_coherent(dev, size, cpu, h)
                else:
                    models.dma_unmap_single(dev, h, size, direction)
                    release()
        m.check_quiescent()
    return out


def placements(results_dir: Path, quick: bool = False) -> dict:
    got = from_sim_results(results_dir)
    if got:
        return {"source": f"bench results JSON ({results_dir})", "buffers": got,
                "regions": regions()}
    return {"source": "models job mix (benchmarks/memmap.py; the bench's results JSON records "
                      "no buffer placements)",
            "buffers": job_mix(jobs=20 if quick else 60), "regions": regions()}
