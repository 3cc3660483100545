"""`make bench` section 3: allocator speed and page waste.

Speed: ``benchmarks.bench_models.run_bench`` (the models engineer's: mask pool vs cocotbext-axi's
BuddyAllocator on one alloc/free trace -- sizes 1..64 pages, ~70 % of a 64 MiB pool live) is
imported as is and extended here with the other allocators of ``models`` on the SAME trace
(``bench_models.make_trace``, same seed):
- ``buddy``: ``models.BuddyAllocator`` over the same 64 MiB, order = ceil(log2(pages));
- ``mempool``: ``Machine.mempool_create_pool_pmask`` -- one mempool per size in the trace
  (min_nr 1, mask DMA_BIT_MASK(32)), on a machine booted with ``force=True`` so that elements
  come from the mask pool (alloc tries the allocator, then the reserve); alloc(GFP_ATOMIC)/free;
- ``swiotlb``: ``models.Swiotlb`` with 128 MiB of slots (with 64 MiB, i.e. ~70 % full, the
  trace's 256 KiB mappings -- a whole 128-slot segment each -- stop fitting after a while: swiotlb
  fragments, which is itself a finding), map of pages*4096 bytes TO_DEVICE / unmap -- including
  the map-time copy of the data into the bounce buffer that swiotlb always does.
Each is timed over the whole trace loop (best of ``repeat``; swiotlb: one run, its copies make
it ~50x slower), pairs/s = allocs / seconds.

Waste: a realistic DMA size trace (network buffers 1.5-9 KiB, block I/O 64-256 KiB in 4 KiB
steps, 4 KiB descriptor pages) is allocated -- all live at once -- from the mask pool
(``MaskAllocator.alloc``) and from the buddy allocator at power-of-two orders; pages consumed are
measured as the drop of each allocator's free-page count, and divided by the pages requested
(ceil(size / 4096): what any page allocator must take) and by the bytes requested / 4096.
"""

from __future__ import annotations

import random
import time

import models
from benchmarks import bench_models
from models import DMA_BIT_MASK, PAGE_SIZE

NPAGES = bench_models.POOL_BYTES // PAGE_SIZE


def _order(n: int) -> int:
    return (n - 1).bit_length()


def _best(fn, trace, repeat):
    return min(fn(trace) for _ in range(repeat))


def _run_buddy(trace) -> float:
    b = models.BuddyAllocator([(0, NPAGES)], policy="high")
    alloc, free = b.alloc_pages, b.free_pages
    gfp = models.GFP_ATOMIC
    addrs, orders = [], []
    t0 = time.perf_counter()
    for op, arg in trace:
        if op:
            o = _order(arg)
            p = alloc(gfp, o)
            if p is None:
                raise RuntimeError(f"buddy: order-{o} allocation failed on the trace")
            addrs.append(p)
            orders.append(o)
        else:
            free(addrs[arg], orders[arg])
    dt = time.perf_counter() - t0
    assert b.nr_free_pages == NPAGES
    return dt


def _run_mempool(trace) -> float:
    sizes = sorted({arg for op, arg in trace if op})
    reserve = sum(sizes)
    pool_pages = NPAGES + reserve + 1024
    m = models.Machine(ram_size=(pool_pages + 4096) * PAGE_SIZE, pool_size=pool_pages * PAGE_SIZE,
                       swiotlb_size=0, force=True)
    mask = DMA_BIT_MASK(32)
    pools = {n: m.mempool_create_pool_pmask(1, n * PAGE_SIZE, mask) for n in sizes}
    gfp = models.GFP_ATOMIC
    addrs, owner = [], []
    t0 = time.perf_counter()
    for op, arg in trace:
        if op:
            mp = pools[arg]
            a = mp.alloc(gfp)
            if a is None:
                raise RuntimeError(f"mempool: element of {arg} pages not available")
            addrs.append(a)
            owner.append(mp)
        else:
            owner[arg].free(addrs[arg])
    dt = time.perf_counter() - t0
    for mp in pools.values():
        mp.destroy()
    m.check_quiescent()
    return dt


SWIOTLB_SCALE = 2  # slot area = 2 x the pool: at 70 % of 64 MiB, 128-slot runs get too rare


def _run_swiotlb(trace) -> float:
    area = SWIOTLB_SCALE * NPAGES * PAGE_SIZE
    mem = models.PhysicalMemory(area + (1 << 20))
    orig = area  # one 256 KiB source buffer above the slot area
    mem.write(orig, random.Random(5).randbytes(64 * PAGE_SIZE))
    tlb = models.Swiotlb(mem, 0, area // 2048)
    mask = DMA_BIT_MASK(64)
    to_dev = models.DMA_TO_DEVICE
    err = models.DMA_MAPPING_ERROR
    mp, unmap = tlb.map, tlb.unmap
    addrs = []
    t0 = time.perf_counter()
    for op, arg in trace:
        if op:
            a = mp(orig, arg * PAGE_SIZE, to_dev, mask)
            if a == err:
                raise RuntimeError(f"swiotlb: map of {arg} pages failed: {tlb.last_error}")
            addrs.append(a)
        else:
            unmap(addrs[arg])
    dt = time.perf_counter() - t0
    assert tlb.used == 0
    return dt


def speed(quick: bool = False) -> dict:
    base = bench_models.run_bench(quick=quick)
    nallocs = base["allocs"]
    repeat = base["repeat"]
    trace = bench_models.make_trace(NPAGES, nallocs, 1)
    out = {"trace": {k: base[k] for k in ("pool_bytes", "pool_pages", "sizes_pages", "fill",
                                          "allocs", "repeat")},
           "mask_pool": base["mask_pool"], "cocotbext_buddy": base["cocotbext_buddy"],
           "bench_models_speedup": base["speedup"]}
    for name, fn, rep in (("buddy", _run_buddy, repeat), ("mempool", _run_mempool, repeat),
                          ("swiotlb", _run_swiotlb, 1)):  # swiotlb: one run (~20 s, copies)
        dt = _best(fn, trace, rep)
        out[name] = {"pairs_per_s": nallocs / dt, "seconds": dt, "repeat": rep}
    out["swiotlb"]["slot_area_bytes"] = SWIOTLB_SCALE * bench_models.POOL_BYTES
    ref = out["cocotbext_buddy"]["pairs_per_s"]
    for name in ("mask_pool", "buddy", "mempool", "swiotlb", "cocotbext_buddy"):
        out[name]["vs_cocotbext_buddy"] = out[name]["pairs_per_s"] / ref
    return out


# ---- waste on a realistic DMA size trace ----------------------------------------------------
CLASSES = (
    # name, weight, sampler
    ("network 1.5-9 KiB", 0.60, lambda r: r.randint(1536, 9216)),
    ("block I/O 64-256 KiB", 0.25, lambda r: r.randint(16, 64) * PAGE_SIZE),
    ("descriptor page 4 KiB", 0.15, lambda r: PAGE_SIZE),
)


def dma_size_trace(n: int, seed: int = 7) -> list[tuple[str, int]]:
    r = random.Random(seed)
    names = [c[0] for c in CLASSES]
    weights = [c[1] for c in CLASSES]
    samplers = {c[0]: c[2] for c in CLASSES}
    out = []
    for _ in range(n):
        k = r.choices(names, weights)[0]
        out.append((k, samplers[k](r)))
    return out


def waste(quick: bool = False) -> dict:
    trace = dma_size_trace(500 if quick else 5000)
    need = [(s + PAGE_SIZE - 1) // PAGE_SIZE for _, s in trace]
    total_pages = sum(1 << _order(n) for n in need) + 1024
    pool = models.MaskAllocator(0, total_pages)
    buddy = models.BuddyAllocator([(0, 1 << (total_pages - 1).bit_length())], policy="high")
    mask = DMA_BIT_MASK(64)
    per = {}
    live_p, live_b = [], []
    for (cls, size), n in zip(trace, need):
        f0, g0 = pool.nr_free, buddy.nr_free_pages
        p = pool.alloc(n, mask)
        o = _order(n)
        b = buddy.alloc_pages(models.GFP_ATOMIC, o)
        if p is None or b is None:
            raise RuntimeError("waste trace: allocation failed")
        live_p.append((p, n))
        live_b.append((b, o))
        d = per.setdefault(cls, {"buffers": 0, "bytes": 0, "pages_needed": 0,
                                 "mask_pool_pages": 0, "pow2_pages": 0})
        d["buffers"] += 1
        d["bytes"] += size
        d["pages_needed"] += n
        d["mask_pool_pages"] += f0 - pool.nr_free
        d["pow2_pages"] += g0 - buddy.nr_free_pages
    for p, n in live_p:
        pool.free(p, n)
    for b, o in live_b:
        buddy.free_pages(b, o)
    tot = {"buffers": 0, "bytes": 0, "pages_needed": 0, "mask_pool_pages": 0, "pow2_pages": 0}
    for d in per.values():
        for k in tot:
            tot[k] += d[k]
    per["all"] = tot
    for d in per.values():
        req = d["bytes"] / PAGE_SIZE
        d["mask_pool_per_page_needed"] = d["mask_pool_pages"] / d["pages_needed"]
        d["pow2_per_page_needed"] = d["pow2_pages"] / d["pages_needed"]
        d["mask_pool_per_page_of_bytes"] = d["mask_pool_pages"] / req
        d["pow2_per_page_of_bytes"] = d["pow2_pages"] / req
    return {"buffers": len(trace), "classes": {c[0]: {"weight": c[1]} for c in CLASSES},
            "per_class": per}


def run(quick: bool = False) -> dict:
    return {"speed": speed(quick), "waste": waste(quick)}


if __name__ == "__main__":
    import json
    import sys

    print(json.dumps(run("--quick" in sys.argv), indent=1))
