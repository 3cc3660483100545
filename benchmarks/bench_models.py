#!/usr/bin/env python3
"""Speed and packing of the mask pool against cocotbext-axi's BuddyAllocator.

One deterministic trace of alloc/free operations (sizes 1..64 pages, uniformly random; frees of
random live blocks whenever the live requested pages would exceed ~70 % of a 64 MiB pool) is
replayed on both allocators. Reported per allocator: alloc+free pairs per second (best of
`repeat` runs, timing only the allocator calls' loop), and pages consumed / pages requested
(the mask pool takes exactly the pages asked for; the buddy rounds to a power of two).

Importable: `run_bench(quick=False) -> dict`. `python -m benchmarks.bench_models [--quick]` prints it.
"""
from __future__ import annotations

import argparse
import random
import time

from models import DMA_BIT_MASK, PAGE_SIZE, MaskAllocator

POOL_BYTES = 64 << 20
MAX_PAGES = 64
FILL = 0.70


def make_trace(npages: int, nallocs: int, seed: int = 1) -> list[tuple[int, int]]:
    """[(op, arg)]: op 1 = alloc of arg pages (slot id = index of that alloc), op 0 = free of
    the block allocated by alloc number arg. Live requested pages stay <= FILL * npages."""
    rng = random.Random(seed)
    target = int(FILL * npages)
    live: list[tuple[int, int]] = []
    used = 0
    trace: list[tuple[int, int]] = []
    for i in range(nallocs):
        n = rng.randint(1, MAX_PAGES)
        while used + n > target and live:
            j = rng.randrange(len(live))
            k, m = live[j]
            live[j] = live[-1]
            live.pop()
            used -= m
            trace.append((0, k))
        trace.append((1, n))
        live.append((i, n))
        used += n
    for k, _ in live:
        trace.append((0, k))
    return trace


def _run_mask(trace, npages: int) -> tuple[float, int, int]:
    pool = MaskAllocator(0, npages)
    mask = DMA_BIT_MASK(64)
    alloc, free = pool.alloc, pool.free
    addrs: list[int] = []
    sizes: list[int] = []
    push_a, push_s = addrs.append, sizes.append
    t0 = time.perf_counter()
    for op, arg in trace:
        if op:
            p = alloc(arg, mask)
            if p is None:
                raise RuntimeError(f"mask pool: trace allocation of {arg} pages failed")
            push_a(p)
            push_s(arg)
        else:
            free(addrs[arg], sizes[arg])
    dt = time.perf_counter() - t0
    if pool.nr_free != npages:
        raise RuntimeError("mask pool: pages lost over the trace")
    req = sum(sizes)
    return dt, req, req


def _run_cocotbext(trace, npages: int) -> tuple[float, int, int]:
    from cocotbext.axi.buddy_allocator import BuddyAllocator
    b = BuddyAllocator(npages)
    alloc, free = b.alloc, b.free
    addrs: list[int] = []
    push_a = addrs.append
    t0 = time.perf_counter()
    for op, arg in trace:
        if op:
            push_a(alloc(arg))
        else:
            free(addrs[arg])
    dt = time.perf_counter() - t0
    req = sum(arg for op, arg in trace if op)
    consumed = sum(1 << (arg - 1).bit_length() for op, arg in trace if op)
    return dt, req, consumed


def run_bench(quick: bool = False, repeat: int | None = None, seed: int = 1) -> dict:
    """Replay the trace on both allocators; return the figures as a dict."""
    npages = POOL_BYTES // PAGE_SIZE
    nallocs = 4000 if quick else 100_000
    repeat = repeat if repeat is not None else (1 if quick else 3)
    trace = make_trace(npages, nallocs, seed)
    res: dict = {"pool_bytes": POOL_BYTES, "pool_pages": npages, "sizes_pages": f"1..{MAX_PAGES}",
                 "fill": FILL, "allocs": nallocs, "repeat": repeat}
    for name, fn in (("mask_pool", _run_mask), ("cocotbext_buddy", _run_cocotbext)):
        best = None
        for _ in range(repeat):
            dt, req, cons = fn(trace, npages)
            best = dt if best is None or dt < best else best
        res[name] = {"pairs_per_s": nallocs / best, "seconds": best,
                     "pages_requested": req, "pages_consumed": cons,
                     "consumed_per_requested": cons / req}
    res["speedup"] = res["mask_pool"]["pairs_per_s"] / res["cocotbext_buddy"]["pairs_per_s"]
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="short trace, one run (smoke test)")
    args = ap.parse_args(argv)
    r = run_bench(quick=args.quick)
    print(f"trace: {r['allocs']} alloc+free pairs, sizes {r['sizes_pages']} pages, "
          f"pool {r['pool_bytes'] >> 20} MiB ({r['pool_pages']} pages), ~{r['fill']:.0%} full, "
          f"best of {r['repeat']}")
    for name in ("mask_pool", "cocotbext_buddy"):
        x = r[name]
        print(f"{name:16s} {x['pairs_per_s']:12,.0f} pairs/s   pages consumed/requested "
              f"{x['consumed_per_requested']:.3f} ({x['pages_consumed']}/{x['pages_requested']})")
    print(f"speedup (mask_pool / cocotbext_buddy): {r['speedup']:.2f}x  (target >= 2.00x; "
          f"packing target <= 1.02)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
