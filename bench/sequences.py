"""pyuvm sequences of jobs (items: bench.env.DmaJobItem); every one respects the engine's
``Capabilities`` (no chains for an engine without them, no unaligned offsets for an aligned-only
engine, lengths up to ``max_length``).

- ``RandomJobsSeq``: the random regression -- n jobs, seeded, mixed placements/sizes/offsets,
  15 % chains when the engine has them;
- ``PlacedJobsSeq``: jobs with given placements (boundary placement, bounce traffic), adapted
  to the engine (``adapt_segment``; a chain runs as single jobs on an engine without chains);
- ``ActionSeq``: runs ``async def step(tb)`` callables as items (boot a layout, provoke
  faults) so that every test goes through the same agent.
"""

from __future__ import annotations

import random

from pyuvm import uvm_sequence

from bench.env import DmaJobItem
from bench.layouts import limit_in_ram, straddle_room


def placements_for(tb) -> list[str]:
    """Placements the booted layout supports for this width (see bench.jobs): ``limit`` where
    memory beyond RAM reaches the limit, ``straddle-limit`` where memory no allocator owns
    surrounds it."""
    places = ["low", "low", "high", "coherent", "straddle4k"]
    m = tb.machine
    if not limit_in_ram(tb.width) and m.memory.size > m.ram_size:
        places.append("limit")
    if straddle_room(m, tb.device.dma_mask) is not None:
        places.append("straddle-limit")
    return places


class RandomJobsSeq(uvm_sequence):
    def __init__(self, name="random_jobs", n: int = 200, seed: int = 0, places=None, caps=None,
                 chain_prob: float = 0.15):
        super().__init__(name)
        if caps is None:
            raise ValueError("RandomJobsSeq needs the engine's Capabilities (caps=)")
        self.n, self.seed, self.places, self.caps = n, seed, places, caps
        self.chain_prob = chain_prob

    async def body(self):
        rng = random.Random(self.seed)
        for i in range(self.n):
            item = DmaJobItem(f"rnd{i}").randomize_job(rng, self.places, self.caps,
                                                       self.chain_prob)
            await self.start_item(item)
            await self.finish_item(item)


def adapt_segment(segment: dict, caps) -> dict:
    """``segment`` as ``caps``'s engine can run it: size and offsets rounded up to its
    ``alignment`` (the size at least one granule, at most ``max_length`` rounded down)."""
    top = caps.max_length - caps.max_length % caps.alignment
    return {**segment, "size": min(top, caps.round_up(max(1, segment["size"]))),
            "src_off": caps.round_up(segment["src_off"]),
            "dst_off": caps.round_up(segment["dst_off"])}


class PlacedJobsSeq(uvm_sequence):
    """``specs``: list of segment lists (dicts as in DmaJobItem; more than one segment is a
    chain) or of ("chain", segments). With ``caps`` every segment is adapted to the engine
    (``adapt_segment``) and, on an engine without chains, a chain runs as one single job per
    segment; without, the specs run as given."""

    def __init__(self, name="placed_jobs", specs=(), expect_error: str | None = None, caps=None):
        super().__init__(name)
        self.specs = list(specs)
        self.expect_error = expect_error
        self.caps = caps
        self.items: list[DmaJobItem] = []

    def jobs(self) -> list[tuple[bool, list[dict]]]:
        """(chain, segments) of every job to run, adapted to the engine."""
        out = []
        for spec in self.specs:
            chain, segs = (spec[0] == "chain", spec[1]) if isinstance(spec, tuple) else (
                len(spec) > 1, spec)
            if self.caps is None:
                out.append((chain, segs))
                continue
            segs = [adapt_segment(sg, self.caps) for sg in segs]
            if chain and not self.caps.chains:
                out += [(False, [sg]) for sg in segs]
            else:
                out.append((chain, segs))
        return out

    async def body(self):
        for i, (chain, segs) in enumerate(self.jobs()):
            item = DmaJobItem(f"{self.get_name()}{i}")
            item.chain, item.segments, item.expect_error = chain, segs, self.expect_error
            self.items.append(item)
            await self.start_item(item)
            await self.finish_item(item)


class ActionSeq(uvm_sequence):
    def __init__(self, name="actions", steps=()):
        super().__init__(name)
        self.steps = list(steps)

    async def body(self):
        for step in self.steps:
            item = DmaJobItem(getattr(step, "__name__", "action"))
            item.action = step
            await self.start_item(item)
            await self.finish_item(item)


def seg(size: int, src: str = "low", dst: str = "low", so: int = 0, do: int = 0) -> dict:
    return {"size": size, "src_place": src, "dst_place": dst, "src_off": so, "dst_off": do}


__all__ = ["RandomJobsSeq", "PlacedJobsSeq", "ActionSeq", "adapt_segment", "seg",
           "placements_for"]
