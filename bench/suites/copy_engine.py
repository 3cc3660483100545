"""Device-level pyuvm tests of a memory-to-memory copy engine, one class per test.

Run on ``hdl/dma_engine.v`` (the default adapter) for every address width by tests/sim
(``bench.sim_runner``); width, legacy mode and seed come from the environment. Any other engine
runs them through its adapter: ``suite_tests(MyAdapter)`` makes the cocotb tests (for the
user's test module) and ``bench.suites.runner.run_suite`` runs those that apply.

Every test follows the engine's ``Capabilities`` (``bench.suites.COPY_ENGINE_TESTS`` lists what
each needs and what it adapts to): lengths and offsets in ``alignment`` granules, chains only
with ``chains`` (else the same copies as single jobs), a reported value (``bytes_done``,
``error_addr``) checked only when the engine reports it, and a step that needs something the
engine lacks skipped with a log line naming it. A test whose ``needs`` the engine lacks fails at
once naming them (the runner deselects it before).

Every test ends with the adapter's ``shutdown``, ``tb.retire()`` (no live mappings,
buddy/pool/swiotlb free counts back to boot values), the scoreboard's check (every piece of work
predicted, judged and retired) and the guard's (no violation unless provoked; at least one burst
checked unless no traffic is expected). Error expectations are error names
(``Capabilities.error_names``).
"""

from __future__ import annotations

import inspect
import os

import cocotb
import pyuvm
from cocotb.triggers import ClockCycles, Timer

import models

from bench.adapter import ANY_RESULT, Copy, EngineAdapter
from bench.env import DmaBaseTest
from bench.suites import BULK_PIECE, COPY_ENGINE_TESTS, TESTS_BY_NAME, bulk_budget
from bench.jobs import Pair, edge_failure, poison
from bench.layouts import edge_layout_applies
from bench.sequences import ActionSeq, PlacedJobsSeq, RandomJobsSeq, placements_for, seg

TO, FROM = models.DMA_TO_DEVICE, models.DMA_FROM_DEVICE


def _check(cond, msg):
    if not cond:
        raise AssertionError(msg)


def _up(tb, n: int) -> int:
    """``n`` (a length or offset) rounded up to the engine's alignment, at most its
    ``max_length``."""
    caps = tb.caps
    return min(caps.round_up(n), caps.max_length - caps.max_length % caps.alignment)


def _distinct(values) -> list:
    return list(dict.fromkeys(values))


class CopyEngineTest(DmaBaseTest):
    """A test of the suite: ``scenario()`` runs once the engine was probed and has what the
    test ``needs`` (``bench.suites.TESTS_BY_NAME``; AssertionError naming what it lacks)."""

    @classmethod
    def suite_name(cls) -> str:
        """The suite test this class is (or derives from)."""
        return next(c.__name__ for c in cls.__mro__
                    if c.__module__ == __name__ and c.__name__ in TESTS_BY_NAME)

    async def body(self):
        reason = TESTS_BY_NAME[self.suite_name()].reason_not_run(self.tb.caps, self.tb.width)
        _check(reason is None, f"{reason} (the suite runner deselects such a test)")
        await self.scenario()

    async def scenario(self):
        raise NotImplementedError


def _pair(tb, src, so, dst, do, n, data) -> Pair:
    """A Pair over buffers the test placed itself (data already written by the CPU)."""
    return Pair(src, so, dst, do, n, data, tb.driver.cpu_read(dst.cpu_addr + do, n))


def _follow_edges(test) -> None:
    """Count the job runner's edge outcomes (straddles bounced/refused, exact fits) in the
    coverage model of ``test`` (call in ``body``: the model exists once the engine is probed)."""
    model = test.env.coverage.model
    test.tb.jobs.edge_listeners.append(lambda outcome: model.sample("edge", outcome))


async def _run_raw(tb, name: str, copies: list[Copy], expect_error: str | None, **fields):
    """Run work on raw bus addresses (no buffers of its own): the guard grants the copies'
    ranges."""
    work = tb.work.make(copies, name=name, expect_error=expect_error, **fields)
    result = await tb.work.run(work)
    tb.work.retired(work)
    return result


@pyuvm.test(timeout_time=40, timeout_unit="ms")
class random_regression(CopyEngineTest):
    """>= 200 random jobs (seeded; SEED= overrides; the seed is in every failure message),
    placements low/high(bounce)/coherent/straddle-4K(/limit when mappable/straddle-limit where
    memory no allocator owns surrounds the limit: widths 33..63), 15 % chains."""

    async def scenario(self):
        tb = self.tb
        _follow_edges(self)
        n = int(os.environ.get("MASKDMA_JOBS", "200"))
        await RandomJobsSeq("rnd", n=n, seed=tb.rng.randrange(1 << 30), places=placements_for(tb),
                            caps=tb.caps).start(self.seqr)
        _check(tb.work.stats.jobs >= n, f"only {tb.work.stats.jobs} of {n} jobs ran")


@pyuvm.test(timeout_time=40, timeout_unit="ms")
class limit_placement(CopyEngineTest):
    """Boundary placement: buffers whose last byte is exactly the device limit (source and
    destination, aligned and unaligned ends, one crossing a page below the limit), the bottom
    page (address 0), buffers straddling 4 KiB and, for devices wider than 32 bits, 4 GiB.
    Sizes and offsets in the engine's alignment granules."""

    layout = "limit"

    async def scenario(self):
        tb = self.tb
        limit = tb.caps.limit
        _follow_edges(self)

        async def at_limit(tb):
            for n in _distinct(_up(tb, k) for k in (1, 7, 8, 100, 4100)):
                if n == 1 and tb.width == 64:
                    # A 1-byte buffer at 2^64-1 has handle == DMA_MAPPING_ERROR (as in Linux).
                    tb.log.info("no 1-byte buffer at 2^64-1 (handle would be DMA_MAPPING_ERROR)")
                    continue
                for src_at_limit in (True, False):
                    data = tb.rng.randbytes(n)
                    old = poison(n, n)
                    so, do = _up(tb, 5), _up(tb, 3)
                    if src_at_limit:
                        src = tb.jobs.alloc_at_limit(n, TO, fill=(0, data))
                        dst = tb.jobs.alloc("low", n + do, FROM, fill=(do, old))
                        pair = _pair(tb, src, 0, dst, do, n, data)
                    else:
                        src = tb.jobs.alloc("low", n + so, TO, fill=(so, data))
                        dst = tb.jobs.alloc_at_limit(n, FROM, fill=(0, old))
                        pair = _pair(tb, src, so, dst, 0, n, data)
                    end = (src if src_at_limit else dst).handle + n - 1
                    _check(end == limit, f"buffer meant to end at the limit ends at 0x{end:x} "
                                         f"(limit 0x{limit:x})")
                    await tb.jobs.run(f"limit{n}{'src' if src_at_limit else 'dst'}", [pair],
                                      label="limit")

        async def bottom_page(tb):
            await tb.boot("bottom")
            p = tb.jobs.pair("pool", "pool", _up(tb, 300), 0, _up(tb, 5))
            _check(p.src.handle == 0, f"bottom-page buffer at 0x{p.src.handle:x}, expected 0")
            await tb.jobs.run("bottom", [p], label="bottom")
            p = tb.jobs.pair("straddle4k", "straddle4k", _up(tb, 777), _up(tb, 3), 0)
            await tb.jobs.run("straddle4k", [p], label="straddle4k")

        async def around_4g(tb):
            if tb.width <= 32:
                tb.log.info("around 4 GiB: not reachable by a %d-bit device", tb.width)
                return
            await tb.boot("around4g")
            m = tb.machine
            filler_size = (4 << 30) - m.pool_start - 4096
            filler = m.get_pages_mask(models.GFP_KERNEL, filler_size, tb.device.dma_mask)
            try:
                n = _up(tb, 6000)
                p = tb.jobs.pair("pool", "pool", n, 0, _up(tb, 1))
                _check(p.src.handle < 1 << 32 < p.src.handle + n,
                       f"buffer meant to straddle 4 GiB at 0x{p.src.handle:x}")
                await tb.jobs.run("around4g", [p], label="around4g")
            finally:
                m.free_pages_mask(filler, filler_size)

        await ActionSeq("boundary", [at_limit, bottom_page, around_4g]).start(self.seqr)
        hits = self.env.coverage.model.hits["bucket"]
        _check(hits["top_page"] > 0 and hits["bottom_page"] > 0,
               f"boundary buckets not hit: {hits}")


@pyuvm.test(timeout_time=40, timeout_unit="ms")
class limit_edge(CopyEngineTest):
    """The limit's edge, at every width (layout ``straddle``: RAM below the limit and memory no
    allocator owns around it; a 64-bit device: ``default``):

    - exact fits: buffers whose last byte is 2^W - 1, as source and as destination, mapped with
      ``dma_map_resource`` and with ``dma_map_single``: accepted, data checked;
    - one byte beyond: the same buffer one byte higher: ``dma_map_resource`` refuses it,
      ``dma_map_single`` bounces it (data checked through the bounce); the engine programmed
      with it raw ends in ADDR_RANGE at its start with no burst. At 64 bits the raw range wraps
      2^64, and the candidate the models must refuse/bounce is the byte at 2^64 - 1 (its direct
      handle would be DMA_MAPPING_ERROR);
    - straddles (widths < 64): CPU buffers with 1, 7, 8, half and all but one of their bytes at or
      below the limit, refused and bounced, as sources and destinations, one crossing a page
      above the limit, in a chain, and a few random jobs with ``straddle-limit`` in the mix;
    - widths <= 31, layout ``edge``: the limit cuts the mask pool and the swiotlb slot area;
      bounce traffic lands in slots below the limit, and once those are taken the next bounce is
      refused although free slots remain above the limit.
    Every failure names the placement, the candidate's first and last byte, the limit and the
    rule; the guard (limit / outside-job) and the scoreboard check every job. On an aligned-only
    engine sizes, offsets and the bytes below the limit are whole granules and "one beyond" is
    one granule beyond; the raw refusal runs only on a strict engine, its error address is
    checked only when the engine reports one."""

    layout = "straddle"

    async def scenario(self):
        tb = self.tb
        limit = tb.caps.limit
        _follow_edges(self)
        wide = tb.width == 64

        async def exact_fits(tb):
            for n, via in _distinct((_up(tb, n), via) for n, via in (
                    (64, "resource"), (4100, "single"), (7, "single"), (1, "resource"))):
                if n == 1 and wide:
                    continue  # the byte at 2^64-1 is the mapping-error candidate below
                so, do = _up(tb, 2), _up(tb, 1)
                for src_at_limit in (True, False):
                    data = tb.rng.randbytes(n)
                    old = poison(n, n)
                    if src_at_limit:
                        src = tb.jobs.alloc_at_limit(n, TO, fill=(0, data), via=via)
                        dst = tb.jobs.alloc("low", n + do, FROM, fill=(do, old))
                        pair, edge = _pair(tb, src, 0, dst, do, n, data), src
                    else:
                        src = tb.jobs.alloc("low", n + so, TO, fill=(so, data))
                        dst = tb.jobs.alloc_at_limit(n, FROM, fill=(0, old), via=via)
                        pair, edge = _pair(tb, src, so, dst, 0, n, data), dst
                    _check(edge.last == limit, edge_failure(
                        f"limit via {via}", edge.cpu_addr, edge.cpu_addr + n - 1, limit,
                        "a buffer whose last byte is the limit is handed over unchanged",
                        f"the device got [0x{edge.handle:x}..0x{edge.last:x}]"))
                    await tb.jobs.run(f"exact{n}{via}{'src' if src_at_limit else 'dst'}",
                                      [pair], label="limit")

        async def one_beyond(tb):
            a, n = tb.caps.alignment, _up(tb, 100)
            cand = [(limit + 1 - n + a, n, "one-beyond"), (limit + 1, a, "one-beyond")]
            if wide:
                # Nothing lies above 2^64 - 1; the candidate is the byte whose direct handle
                # would be DMA_MAPPING_ERROR, which an aligned-only engine cannot be given.
                cand = [(limit, 1, "mapping-error-byte")] if a == 1 else []
                if not cand:
                    tb.log.info("64-bit aligned-only engine: no one-beyond candidate")
            for cpu, size, place in cand:
                for as_src in (True, False):
                    data = tb.rng.randbytes(size)
                    old = poison(size, 3)
                    if as_src:
                        src = tb.jobs.map_beyond(place, cpu, size, TO, fill=(0, data))
                        dst = tb.jobs.alloc("low", size, FROM, fill=(0, old))
                    else:
                        src = tb.jobs.alloc("low", size, TO, fill=(0, data))
                        dst = tb.jobs.map_beyond(place, cpu, size, FROM, fill=(0, old))
                    rec = await tb.jobs.run(f"{place}{size}{'src' if as_src else 'dst'}",
                                            [_pair(tb, src, 0, dst, 0, size, data)],
                                            label=place)
                    _check(rec.actual[0] == data, edge_failure(
                        place, cpu, cpu + size - 1, limit, "a bounced buffer's data reaches "
                        "the CPU", "the destination read back differs from the source"))

        async def raw_one_beyond(tb):
            if not tb.caps.strict:
                tb.log.info("%s truncates addresses: no raw refusal to check", tb.caps.name)
                return
            n = _up(tb, 64)
            ok = tb.jobs.pair("low", "low", n)
            start = limit + 1 - n + tb.caps.alignment  # one granule beyond (wraps 2^64 at 64)
            for what, cp in (("src one byte beyond", Copy(start, ok.dst_bus, n)),
                             ("dst one byte beyond", Copy(ok.src_bus, start, n))):
                before = tb.guard.bursts_checked
                res = await _run_raw(tb, what, [cp], "ADDR_RANGE")
                rule = ("in strict mode work whose last byte is above the limit ends in "
                        "ERR_CODE 1 ADDR_RANGE at its start, before any burst")
                _check(not res.ok and res.error_name == "ADDR_RANGE" and (
                       res.error_addr == start or not tb.caps.error_address),
                       edge_failure(f"raw {what}", start, start + n - 1, limit, rule,
                                    f"the engine ended {res.describe()}"))
                await ClockCycles(tb.ctx.clock, 20)
                _check(tb.guard.bursts_checked == before, edge_failure(
                    f"raw {what}", start, start + n - 1, limit, rule,
                    f"{tb.guard.bursts_checked - before} burst(s) issued"))
            tb.jobs.release([ok])

        async def straddles(tb):
            if wide:
                tb.log.info("64-bit device: nothing lies above the limit, no straddle")
                return
            a, n = tb.caps.alignment, _up(tb, 100)
            so, do = _up(tb, 1), _up(tb, 3)
            for below in _distinct(min(n - a, max(a, b - b % a)) for b in (1, 7, 8, n // 2,
                                                                           n - 1)):
                for as_src in (True, False):
                    data = tb.rng.randbytes(n)
                    if as_src:
                        src = tb.jobs.alloc_straddle(n, TO, fill=(0, data), below=below)
                        dst = tb.jobs.alloc("low", n + do, FROM, fill=(do, poison(n, 4)))
                        pair = _pair(tb, src, 0, dst, do, n, data)
                    else:
                        src = tb.jobs.alloc("coherent", n + so, TO, fill=(so, data))
                        dst = tb.jobs.alloc_straddle(n, FROM, fill=(0, poison(n, 5)),
                                                     below=below)
                        pair = _pair(tb, src, so, dst, 0, n, data)
                    await tb.jobs.run(f"straddle{below}{'src' if as_src else 'dst'}", [pair],
                                      label="straddle-limit")
        async def boot_cut_layout(tb):
            await tb.boot("edge")
            m = tb.machine
            tlb = m.swiotlb
            _check(m.pool_start <= limit < m.pool_end - 1 and tlb.base <= limit < tlb.end - 1,
                   f"edge layout: limit 0x{limit:x} does not cut the pool [0x{m.pool_start:x}, "
                   f"0x{m.pool_end:x}) and the slot area [0x{tlb.base:x}, 0x{tlb.end:x})")

        async def slots_above_limit_unused(tb):
            # Take every run of 128 slots below the limit; the next bounce must be refused
            # although slots above the limit are free.
            m = tb.machine
            tlb = m.swiotlb
            size, order = 128 * 2048, 6
            expect = (limit + 1 - tlb.base) // size
            held = []
            try:
                while True:
                    pfn = m.buddy.alloc_pages(models.GFP_KERNEL, order)
                    cpu = pfn << 12
                    h = models.dma_map_single(tb.device, cpu, size, TO, nowarn=True)
                    held.append((pfn, h))
                    if models.dma_mapping_error(tb.device, h):
                        break
                    _check(h + size - 1 <= limit, edge_failure(
                        "high (edge layout)", cpu, cpu + size - 1, limit, "a bounce buffer "
                        "ends at or below the limit", f"slot run [0x{h:x}..0x{h + size - 1:x}]"))
                    _check(len(held) <= expect, f"edge layout: {len(held)} runs of 128 slots "
                                                f"below the limit 0x{limit:x}, only {expect} fit")
                _check(len(held) - 1 == expect and tlb.free_slots > 0, edge_failure(
                    "high (edge layout)", cpu, cpu + size - 1, limit,
                    "a bounce that fits only above the limit is refused",
                    f"{len(held) - 1} runs mapped (expected {expect}), {tlb.free_slots} free "
                    f"slots left above the limit"))
                self.extra["edge_slot_runs_below_limit"] = expect
                self.extra["edge_free_slots_above_limit_at_refusal"] = tlb.free_slots
            finally:
                for pfn, h in held:
                    if not models.dma_mapping_error(tb.device, h):
                        models.dma_unmap_single(tb.device, h, size, TO)
                    m.buddy.free_pages(pfn, order)

        await ActionSeq("edge", [exact_fits, one_beyond, raw_one_beyond, straddles]
                        ).start(self.seqr)
        if not wide:
            # A 4100-byte buffer crossing the limit and, above it, a page boundary; a chain
            # with two straddles (the second falls back: one can be live); random jobs.
            await PlacedJobsSeq("straddle_big", [[seg(4100, "straddle-limit", "high", 0, 5)],
                                                 ("chain", [seg(300, "low", "straddle-limit"),
                                                            seg(200, "coherent", "high", 1),
                                                            seg(64, "straddle-limit", "low")])],
                                caps=tb.caps).start(self.seqr)
            await RandomJobsSeq("edge_rnd", n=8, seed=tb.rng.randrange(1 << 30),
                                places=placements_for(tb), caps=tb.caps).start(self.seqr)
        if edge_layout_applies(tb.width):
            await ActionSeq("cut", [boot_cut_layout]).start(self.seqr)
            bounced = tb.driver.stats.bounced
            await PlacedJobsSeq("cut", [[seg(3000, "high", "high", 1, 2)],
                                        [seg(700, "low", "high", 3, 0)],
                                        [seg(100, "coherent", "high")],
                                        ("chain", [seg(200, "high", "low"),
                                                   seg(5000, "high", "coherent", 0, 7)])],
                                caps=tb.caps).start(self.seqr)
            _check(tb.driver.stats.bounced - bounced >= 6,
                   f"edge layout: {tb.driver.stats.bounced - bounced} bounces, expected >= 6")
            await ActionSeq("cut_slots", [slots_above_limit_unused]).start(self.seqr)
        else:
            tb.log.info("ADDR_WIDTH %d: the swiotlb slot area lies below 4 GiB, no limit can "
                        "cut it", tb.width)
        hits = self.env.coverage.model.hits["edge"]
        _check(all(hits.values()), f"edge bins not all hit: {hits}")
        self.extra["edge"] = dict(hits)


@pyuvm.test(timeout_time=40, timeout_unit="ms")
class bounce_high_memory(CopyEngineTest):
    """Buffers from the top of RAM (buddy, policy high) mapped with dma_map_single: bounced
    through swiotlb exactly when they lie above the device limit, data copied back at unmap."""

    async def scenario(self):
        tb = self.tb
        sizes = (1, 15, 64, 333, 2048, 2049, 4096, 7000)
        specs = [[seg(n, "high", "high", so=n % 8, do=(n * 3) % 8)] for n in sizes]
        specs.append(("chain", [seg(500, "high", "high"), seg(3000, "high", "low"),
                                seg(64, "low", "high", 1, 2)]))
        await PlacedJobsSeq("bounce", specs, caps=tb.caps).start(self.seqr)
        above = tb.machine.ram_size - 1 > tb.caps.limit
        bounced = tb.driver.stats.bounced
        if above:
            _check(bounced > 0 and tb.machine.stats["swiotlb_bounce"] > 0,
                   f"RAM above the limit but nothing bounced ({bounced} bounced mappings)")
        else:
            _check(bounced == 0, f"{bounced} mappings bounced although all RAM is below the "
                                 f"limit")
        self.extra["bounce_expected"] = above


@pyuvm.test(timeout_time=40, timeout_unit="ms")
class strict_rejection(CopyEngineTest):
    """Work with an out-of-range source, destination or descriptor, or a range that wraps:
    ADDR_RANGE with the error address = the start as written (when the engine reports one), and
    the guard sees no burst at all. A zero length gives LEN_ZERO (when the engine names such an
    error). Addresses and lengths in the engine's alignment granules; the descriptor case only
    for an adapter with ``descriptor_faults``."""

    expect = {"bursts": False}

    async def scenario(self):
        tb = self.tb
        caps = tb.caps
        limit = caps.limit
        _check(caps.has_error("ADDR_RANGE"), f"{caps.name} is strict but names no error "
                                             f"ADDR_RANGE (error_names: {dict(caps.error_names)})")
        up = caps.round_up
        ok = tb.jobs.pair("low", "low", up(64))
        good_src, good_dst = ok.src_bus, ok.dst_bus

        def crossing(top: int, inside: int, n: int) -> tuple[int, int]:
            """(start, length) of ``n`` bytes of which ``inside`` lie at or below ``top``."""
            return top + 1 - up(inside), up(inside) + up(n - inside)

        src_x, n_src_x = crossing(limit, 8, 16)
        dst_x, n_dst_x = crossing(limit, 4, 16)
        src_w, n_src_w = crossing((1 << 64) - 1, 8, 16)
        dst_w, n_dst_w = crossing((1 << 64) - 1, 4, 64)
        cases = []
        if tb.width < 64:
            far, s_hi, d_hi = 1 << 63 | 0x1000, limit + 1 + up(0x100), limit + 1 + up(0x2000)
            cases += [("src crosses the limit", src_x, good_dst, n_src_x, src_x, "ADDR_RANGE"),
                      ("src above the limit", limit + 1, good_dst, up(8), limit + 1,
                       "ADDR_RANGE"),
                      ("dst crosses the limit", good_src, dst_x, n_dst_x, dst_x, "ADDR_RANGE"),
                      ("dst far above", good_src, far, up(64), far, "ADDR_RANGE"),
                      ("src and dst above (src reported first)", s_hi, d_hi, up(32), s_hi,
                       "ADDR_RANGE")]
        cases += [("src wraps 2^64", src_w, good_dst, n_src_w, src_w, "ADDR_RANGE"),
                  ("dst wraps 2^64", good_src, dst_w, n_dst_w, dst_w, "ADDR_RANGE")]
        if caps.has_error("LEN_ZERO"):
            cases.append(("zero length", good_src, good_dst, 0, None, "LEN_ZERO"))
        else:
            tb.log.info("%s names no LEN_ZERO error: zero length not checked", caps.name)
        if not caps.error_address:
            tb.log.info("%s reports no error address: only the error names are checked",
                        caps.name)

        async def program_bad(tb):
            for what, src, dst, n, err_addr, name in cases:
                before = tb.guard.bursts_checked
                res = await _run_raw(tb, what, [Copy(src, dst, n)], name)
                _check(not res.ok and res.error_name == name,
                       f"{what}: expected {name}, got {res.describe()}")
                if err_addr is not None and caps.error_address:
                    _check(res.error_addr == err_addr, f"{what}: error address "
                                                       f"0x{res.error_addr:x}, expected "
                                                       f"0x{err_addr:x}")
                await ClockCycles(tb.ctx.clock, 20)
                _check(tb.guard.bursts_checked == before,
                       f"{what}: the engine issued {tb.guard.bursts_checked - before} burst(s) "
                       f"for work it must refuse")
                tb.log.info("strict: %s -> %s as expected, no burst", what, name)

        async def bad_descriptor(tb):
            if tb.width == 64:
                return
            if not (caps.chains and caps.descriptor_faults):
                tb.log.info("%s: no descriptor fault injection: descriptor case not checked",
                            caps.name)
                return
            before = tb.guard.bursts_checked
            res = await _run_raw(tb, "descriptor above the limit",
                                 [Copy(good_src, good_dst, up(64))], "ADDR_RANGE", chain=True,
                                 options={"desc_addr": {0: limit + 1}})
            _check(not res.ok and res.error_name == "ADDR_RANGE",
                   f"descriptor above the limit: {res.describe()}")
            _check(tb.guard.bursts_checked == before, "descriptor above the limit was fetched")

        await ActionSeq("strict", [program_bad, bad_descriptor]).start(self.seqr)
        tb.jobs.release([ok])
        _check(tb.guard.bursts_checked == 0, f"{tb.guard.bursts_checked} bursts seen")


def _above_limit_memory(tb):
    """(address, free) of 8 KiB above the device limit: RAM from the buddy (top of RAM) when
    RAM reaches above the limit, else device-visible memory above 2^W (teeth layout); None for
    a 64-bit device."""
    m = tb.machine
    if tb.width == 64:
        return None
    if m.ram_size - 1 > tb.caps.limit:
        pfn = m.buddy.alloc_pages(models.GFP_KERNEL, 1)
        return pfn << 12, lambda: m.buddy.free_pages(pfn, 1)
    return tb.caps.limit + 1 + 0x10000, lambda: None


@pyuvm.test(timeout_time=40, timeout_unit="ms")
class teeth_legacy(CopyEngineTest):
    """LEGACY_TRUNCATE=1 build. A deliberately naive driver programs the physical addresses of
    buffers above the device limit without dma_map: the engine drops the upper bits and the
    guard MUST report the aliased accesses. The same job through dma_map_single (bounced below
    the limit) passes with no violation."""

    layout = "teeth"
    expect = {"violations": True}

    async def scenario(self):
        tb = self.tb
        if tb.width == 64:
            self.env.guard.expect["violations"] = False
            tb.log.info("64-bit device: no address lies above the limit, nothing can alias")
        n = _up(tb, 1000)
        limit = tb.caps.limit
        naive = _above_limit_memory(tb)
        data = tb.rng.randbytes(n)

        async def naive_job(tb):
            if naive is None:
                return
            base, _ = naive
            src, dst = base, base + 4096
            tb.driver.cpu_write(src, data)
            before = len(tb.guard.violations)
            tb.log.info("naive driver: programming physical 0x%x -> 0x%x (limit 0x%x)", src, dst,
                        limit)
            # A bus error on unbacked memory is an acceptable end too.
            res = await _run_raw(tb, "naive", [Copy(src, dst, n)], ANY_RESULT, check_data=False)
            tb.log.info("naive job ended %s", res.describe())
            new = tb.guard.violations[before:]
            _check(new, "the guard stayed silent while a legacy device accessed aliased "
                        "addresses (no teeth)")
            alias = src & limit
            _check(any(v.burst.first <= alias + 8 and v.burst.channel == "AR" for v in new),
                   f"no violation names the aliased read address 0x{alias:x}")
            self.extra["teeth_violations"] = len(new)
            tb.log.info("guard caught the aliasing: %d violation(s), first: %s", len(new),
                        new[0].message)

        async def mapped_job(tb):
            before = len(tb.guard.violations)
            if naive is None:
                p = tb.jobs.pair("high", "high", n)
            else:
                base = naive[0]
                tb.driver.cpu_write(base, data)
                tb.driver.cpu_write(base + 4096, poison(n, 1))
                src = tb.driver.map_single(base, n, TO)
                dst = tb.driver.map_single(base + 4096, n, FROM)
                _check(src.bounced and dst.bounced, "buffers above the limit were not bounced")
                p = _pair(tb, src, 0, dst, 0, n, data)
            await tb.jobs.run("mapped", [p], label="bounce")
            _check(len(tb.guard.violations) == before,
                   f"the mapped job caused {len(tb.guard.violations) - before} violation(s)")

        try:
            await ActionSeq("teeth", [naive_job, mapped_job]).start(self.seqr)
        finally:
            if naive is not None:
                naive[1]()


@pyuvm.test(timeout_time=40, timeout_unit="ms")
class wrap_into_bounce(CopyEngineTest):
    """LEGACY_TRUNCATE=1 build. A receive buffer of the same device is live in the first swiotlb
    slot (a FROM_DEVICE bounce buffer at DMA address 0); a job copies 256 bytes to a 64-byte
    buffer at 2^W - 64 (the driver's length overruns it). The engine wraps: 192 bytes land at
    0x0-0xBF, inside the bounce buffer. The guard must report ``wrap`` naming that buffer, and
    the corruption really reaches the receive buffer at unmap."""

    expect = {"violations": True}

    async def scenario(self):
        tb = self.tb
        limit, m = tb.caps.limit, tb.machine
        _check(m.ram_size - 1 > limit, f"ADDR_WIDTH {tb.width}: no RAM above the limit, no "
                                       f"bounce buffer possible")
        pfn = m.buddy.alloc_pages(models.GFP_KERNEL, 0)
        rx_cpu = pfn << 12
        tb.driver.cpu_write(rx_cpu, poison(2048, 9))
        rx = tb.driver.map_single(rx_cpu, 2048, FROM, release=lambda: m.buddy.free_pages(pfn, 0))
        _check(rx.bounced and rx.handle == 0, f"receive buffer at 0x{rx.handle:x} (bounced "
                                              f"{rx.bounced}); expected a bounce buffer at 0")
        top = tb.driver.map_resource(limit - 63, 64, FROM)
        data = tb.rng.randbytes(256)
        src = tb.jobs.alloc("low", 256, TO, fill=(0, data))
        before = len(tb.guard.violations)

        async def wrapping_job(tb):
            pair = _pair(tb, src, 0, top, 0, 256, data)
            await tb.jobs.run("wrap", [pair], check_data=False)

        await ActionSeq("wrap", [wrapping_job]).start(self.seqr)
        new = tb.guard.violations[before:]
        name = f"[{rx.handle:#x}..{rx.last:#x}]"
        wraps = [v for v in new if v.rule == "wrap" and name in v.hit]
        _check(wraps, f"no [wrap] violation naming the bounce buffer {name}; got: "
                      f"{[v.message for v in new]}")
        tb.log.info("guard: %s", wraps[0].message)
        tb.driver.unmap(rx)  # copies the corrupted bounce slot back to the receive buffer
        got = tb.driver.cpu_read(rx_cpu, 192)
        _check(got == data[64:], "the wrapped bytes did not reach the receive buffer: the "
                                 "scenario did not happen as described")
        self.extra["wrap_violations"] = len(new)


@pyuvm.test(timeout_time=40, timeout_unit="ms")
class overrun_into_neighbour(CopyEngineTest):
    """A job whose programmed length (2 KiB) overruns its 1 KiB destination (a driver bug) into
    the adjacent live FROM_DEVICE buffer of the same device. The engine copies in range, so
    nothing but the guard can see it: every write burst past the destination is ``outside-job``
    and names the neighbour."""

    expect = {"violations": True}

    async def scenario(self):
        tb = self.tb
        m = tb.machine
        page = m.get_pages_mask(models.GFP_KERNEL, 4096, tb.device.dma_mask)
        dst = tb.driver.map_single(page, 1024, FROM)
        neighbour = tb.driver.map_single(page + 1024, 1024, FROM,
                                         release=lambda: m.free_pages_mask(page, 4096))
        data = tb.rng.randbytes(2048)
        src = tb.jobs.alloc("low", 2048, TO, fill=(0, data))
        before = len(tb.guard.violations)

        async def overrun(tb):
            await tb.jobs.run("overrun", [_pair(tb, src, 0, dst, 0, 2048, data)])

        await ActionSeq("overrun", [overrun]).start(self.seqr)
        new = tb.guard.violations[before:]
        name = f"[{neighbour.handle:#x}..{neighbour.last:#x}]"
        _check(new, "the guard stayed silent while the job wrote into another live buffer")
        wrong = [v.message for v in new if v.rule != "outside-job" or name not in v.hit]
        _check(not wrong, f"violations other than outside-job naming {name}: {wrong}")
        _check(all(v.burst.channel == "AW" and v.burst.first >= neighbour.handle for v in new),
               "a violation for a burst that stayed inside the destination")
        tb.log.info("guard: %d violation(s), first: %s", len(new), new[0].message)
        tb.driver.unmap(neighbour)
        self.extra["overrun_violations"] = len(new)


@pyuvm.test(timeout_time=40, timeout_unit="ms")
class bus_errors(CopyEngineTest):
    """SLVERR and DECERR injected on source reads and on destination writes: error BUS, the
    error address inside the failing burst (when the engine reports one), data written so far
    stays inside the destination, the engine works again afterwards."""

    async def scenario(self):
        tb = self.tb
        if not tb.caps.error_address:
            tb.log.info("%s reports no error address: only the error name is checked",
                        tb.caps.name)

        def mk(kind, on):
            async def step(tb):
                n = _up(tb, 3000)
                p = tb.jobs.pair("low", "low", n)
                base = p.src_bus if on == "read" else p.dst_bus
                bad = base + 1024
                window = tb.mem.inject(bad, bad + 63, kind, on)
                key = f"{'R' if on == 'read' else 'B'}:{kind}"
                sent = tb.mem.responses.get(key, 0)
                try:
                    rec = await tb.jobs.run(f"{kind}-{on}", [p], expect_error="BUS")
                finally:
                    tb.mem.clear_errors()
                _check(window.hits > 0, f"{kind} on {on}: injected range never accessed")
                _check(tb.mem.responses.get(key, 0) > sent,
                       f"{kind} on {on}: no {key} response reached the engine "
                       f"(responses: {tb.mem.responses})")
                res = rec.result
                _check(not res.ok, f"{kind} on {on}: no error")
                ea = res.error_addr
                _check(res.error_name == "BUS", f"{kind} on {on}: {res.describe()}, expected "
                                                f"BUS")
                if tb.caps.error_address:
                    _check(bad - 4096 < ea <= bad + 63 and (ea >> 12) == (bad >> 12) or
                           ea <= bad + 63 and bad - ea < 16 * 8,
                           f"{kind} on {on}: error address {ea} is not the failing burst "
                           f"around 0x{bad:x}")
                written = sum(1 for a, e, b in zip(rec.actual[0], p.data, p.old) if a == e != b)
                tb.log.info("%s on %s: %s; destination bytes holding copied data: %d", kind, on,
                            res.describe(), written)
            step.__name__ = f"{kind.lower()}_{on}"
            return step

        steps = [mk(k, o) for k in ("SLVERR", "DECERR") for o in ("read", "write")]
        await ActionSeq("bus_errors", steps).start(self.seqr)
        await PlacedJobsSeq("after", [[seg(500, "low", "low", 1, 2)]], caps=tb.caps
                            ).start(self.seqr)


@pyuvm.test(timeout_time=40, timeout_unit="ms")
class backpressure_latency(CopyEngineTest):
    """Random jobs with random back-pressure on all five AXI channels and memory latency."""

    async def scenario(self):
        tb = self.tb
        _follow_edges(self)
        tb.mem.set_backpressure(0.4, seed=tb.seed)
        tb.mem.set_latency(read=2, write=1)
        await RandomJobsSeq("bp", n=16, seed=tb.rng.randrange(1 << 30), places=placements_for(tb),
                            caps=tb.caps, chain_prob=0.3).start(self.seqr)
        tb.mem.set_backpressure(0)
        tb.mem.set_latency(0, 0)


@pyuvm.test(timeout_time=40, timeout_unit="ms")
class reset_mid_job(CopyEngineTest):
    """Reset while a 6 KiB copy is moving data: afterwards the engine is idle, no new burst
    appears, nothing outside the destination was written (scoreboard guard bands), and the next
    jobs work (a chain, or its copies one by one on an engine without chains)."""

    async def scenario(self):
        tb = self.tb

        async def interrupted(tb):
            n = _up(tb, 6000)
            p = tb.jobs.pair("low", "low", n)
            work = tb.jobs.work_for("interrupted", [p])
            await tb.work.submit(work)
            await ClockCycles(tb.ctx.clock, 150)
            moved = tb.guard.bursts_checked
            _check(moved > 0, "no burst before the reset: the job did not start")
            await tb.reset_engine()
            await tb.adapter.assert_idle(tb.ctx)
            after = tb.guard.bursts_checked
            await ClockCycles(tb.ctx.clock, 300)
            _check(tb.guard.bursts_checked == after,
                   f"{tb.guard.bursts_checked - after} burst(s) after reset")
            got = tb.driver.cpu_read(p.dst_bus, n)
            bad = [k for k in range(n) if got[k] not in (p.data[k], p.old[k])]
            _check(not bad, f"{len(bad)} destination bytes are neither old nor copied data")
            tb.jobs.release([p])
            tb.work.retired(work)
            tb.log.info("reset after %d bursts: engine idle, nothing stray", moved)

        await ActionSeq("reset", [interrupted]).start(self.seqr)
        await PlacedJobsSeq("after", [[seg(4000, "low", "coherent", 3, 5)],
                                      ("chain", [seg(100, "low", "low"),
                                                 seg(200, "coherent", "low")])],
                            caps=tb.caps).start(self.seqr)


@pyuvm.test(timeout_time=40, timeout_unit="ms")
class abort_mid_job(CopyEngineTest):
    """Abort while a 6 KiB copy (and then a chain, on an engine with chains) moves data: error
    ABORTED, fewer bytes done than asked (when the engine counts them), no new AR/AW after the
    abort was written (guard), what was written stays inside the destination, and the next job
    works."""

    async def scenario(self):
        tb = self.tb

        def aborted(chain: bool):
            async def step(tb):
                n = 6000
                k = 3 if chain else 1
                pairs = [tb.jobs.pair("low", "low", _up(tb, n // k)) for _ in range(k)]

                async def abort_later():
                    await ClockCycles(tb.ctx.clock, 120)
                    await tb.work.abort()

                task = cocotb.start_soon(abort_later())
                rec = await tb.jobs.run(f"abort_{'chain' if chain else 'single'}", pairs,
                                        chain=chain, expect_error="ABORTED")
                await task
                res = rec.result
                _check(res.error_name == "ABORTED", f"abort: {res.describe()}")
                _check(not tb.caps.byte_counter or res.bytes_done < n,
                       f"abort: bytes done {res.bytes_done} == length: nothing was aborted")
                tb.log.info("abort: %s", res.describe())
            step.__name__ = f"abort_{'chain' if chain else 'single'}"
            return step

        steps = [aborted(False)]
        if tb.caps.chains:
            steps.append(aborted(True))
        else:
            tb.log.info("%s has no chains: no chain to abort", tb.caps.name)
        await ActionSeq("abort", steps).start(self.seqr)
        await PlacedJobsSeq("after", [[seg(700, "low", "low", 2, 1)]], caps=tb.caps
                            ).start(self.seqr)


@pyuvm.test(timeout_time=40, timeout_unit="ms")
class sg_chains(CopyEngineTest):
    """Descriptor chains: 1..8 copies, mixed placements; per-copy events (``copy_events``); with
    ``descriptor_faults``: a chain whose 3rd descriptor lies above the limit (ADDR_RANGE, first
    two complete, nothing of the third written, no fetch of it; bytes done and error address
    when reported) and a misaligned next pointer (DESC, when the engine names it)."""

    async def scenario(self):
        tb = self.tb
        _follow_edges(self)
        places = placements_for(tb)
        rng = tb.rng
        specs = []
        for k in (1, 2, 3, 5, 8):
            specs.append(("chain", [seg(rng.randrange(1, 1500), rng.choice(places),
                                        rng.choice(places), rng.randrange(8), rng.randrange(8))
                                    for _ in range(k)]))
        await PlacedJobsSeq("chain", specs, caps=tb.caps).start(self.seqr)

        caps = tb.caps

        async def irq_chain(tb):
            if not caps.copy_events:
                tb.log.info("%s has no per-copy events: not checked", caps.name)
                return
            pairs = [tb.jobs.pair("low", "low", _up(tb, 200 + i)) for i in range(4)]
            before = tb.work.stats.events
            await tb.jobs.run("irq_chain", pairs, chain=True, irq_every=1)
            _check(tb.work.stats.events - before >= 3,
                   f"only {tb.work.stats.events - before} per-copy events seen for 4 flagged "
                   f"descriptors")

        async def desc_above_limit(tb):
            if tb.width == 64:
                tb.log.info("64-bit device: no descriptor address above the limit")
                return
            if not caps.descriptor_faults:
                tb.log.info("%s: no descriptor fault injection: descriptor above the limit not "
                            "checked", caps.name)
                return
            n = _up(tb, 300)
            pairs = [tb.jobs.pair("low", "low", n, _up(tb, 1), _up(tb, 2)) for _ in range(4)]
            bad = tb.caps.limit + 1  # 2^W: 32-byte aligned, one past the limit
            rec = await tb.jobs.run("desc_above_limit", pairs, chain=True,
                                    expect_error="ADDR_RANGE", options={"desc_addr": {2: bad}})
            res = rec.result
            _check(not caps.error_address or res.error_addr == bad,
                   f"error address {res.error_addr}, expected 0x{bad:x}")
            for i in (0, 1):
                _check(rec.actual[i] == pairs[i].data,
                       f"descriptor {i} before the bad one did not complete")
            for i in (2, 3):
                _check(rec.actual[i] == pairs[i].old, f"descriptor {i} (bad one or after) "
                                                      f"wrote data")
            _check(not caps.byte_counter or res.bytes_done == 2 * n,
                   f"bytes done {res.bytes_done}, expected {2 * n}")

        async def misaligned_next(tb):
            if not (caps.descriptor_faults and caps.has_error("DESC")):
                tb.log.info("%s: no descriptor fault injection or no DESC error: misaligned "
                            "next pointer not checked", caps.name)
                return
            pairs = [tb.jobs.pair("low", "low", _up(tb, 128)) for _ in range(2)]
            await tb.jobs.run("misaligned_next", pairs, chain=True, expect_error="DESC",
                              options={"next": {0: pairs[1].src_bus + 0x10}})

        await ActionSeq("sg_special", [irq_chain, desc_above_limit, misaligned_next]
                        ).start(self.seqr)


@pyuvm.test(timeout_time=40, timeout_unit="ms")
class mempool_exhaustion(CopyEngineTest):
    """Everything below the device mask is allocated; a mempool's reserve is drained; a
    GFP_KERNEL mempool allocation and a GFP_KERNEL mask allocation go to sleep (CocotbSleeper,
    simulated time) and are woken by frees done when a DMA job completes."""

    async def scenario(self):
        tb = self.tb
        m = tb.machine
        mask = tb.device.dma_mask
        elem = 8192
        pool = m.mempool_create_pool_pmask(2, elem, mask)
        hog: list[tuple[int, int]] = []
        got: dict = {}
        try:
            # The job's buffers first (a source and a mempool element as destination).
            n = 2000
            data = tb.rng.randbytes(n)
            e_dst = pool.alloc(models.GFP_KERNEL)
            m.memory.write(e_dst, poison(n, 7))
            src_addr = m.get_pages_mask(models.GFP_KERNEL, n, mask)
            m.memory.write(src_addr, data)
            # Exhaust every page below the mask.
            for size in [s for s in (4 << 20, 64 << 10, 4096) if s <= m.pool_size]:
                while True:
                    a = m.get_pages_mask(models.GFP_ATOMIC | models.GFP_NOWARN, size, mask)
                    if a is None:
                        break
                    hog.append((a, size))
            reserve = [pool.alloc(models.GFP_ATOMIC) for _ in range(2)]
            _check(None not in reserve, f"mempool reserve incomplete: {reserve}")
            _check(pool.alloc(models.GFP_ATOMIC) is None,
                   "mempool still hands out elements after exhaustion")
            tb.log.info("exhausted: %d allocations hog the memory below 0x%x", len(hog), mask)

            async def sleeper_mempool():
                t0 = cocotb.utils.get_sim_time("ns")
                got["mempool"] = await pool.alloc_async(models.GFP_KERNEL)
                got["mempool_t"] = cocotb.utils.get_sim_time("ns") - t0

            async def sleeper_pages():
                got["pages"] = await m.get_pages_mask_async(models.GFP_KERNEL, 4096, mask)

            w1 = cocotb.start_soon(sleeper_mempool())
            w2 = cocotb.start_soon(sleeper_pages())
            await Timer(100, "ns")
            _check("mempool" not in got and "pages" not in got, "sleepers did not sleep")
            waits = tb.sleeper.waits
            _check(waits >= 2, f"only {waits} sleeper wait(s)")

            # The completion path (end of work -> unmap -> free) gives back the mempool element
            # used as destination and the source page: that must wake both sleepers.
            src = tb.driver.map_single(src_addr, n, TO,
                                       release=lambda: m.free_pages_mask(src_addr, n))
            dst = tb.driver.map_single(e_dst, n, FROM, release=lambda: pool.free(e_dst))

            def on_end(event):
                if event.kind == "completed":
                    got.setdefault("end_t", cocotb.utils.get_sim_time("ns"))

            tb.work.listeners.append(on_end)
            await tb.jobs.run("mempool_job", [_pair(tb, src, 0, dst, 0, n, data)])
            tb.work.listeners.remove(on_end)
            _check("end_t" in got, "no completion event")
            await w1
            await w2
            _check(got.get("mempool") is not None, "mempool sleeper was not served")
            _check(got.get("pages") is not None, "page-allocator sleeper was not served")
            _check(tb.sleeper.wakeups >= 2, f"{tb.sleeper.wakeups} wakeups")
            self.extra["sleeper_woken_after_ns"] = got["mempool_t"]
            tb.log.info("sleepers woken by the completion: mempool after %.0f ns",
                        got["mempool_t"])
            pool.free(got["mempool"])
            for e in reserve:
                pool.free(e)
            m.free_pages_mask(got["pages"], 4096)
        finally:
            for a, size in hog:
                m.free_pages_mask(a, size)
            hog.clear()
            for e in list(pool.outstanding):
                pool.free(e)
            pool.destroy()


def _fast_poison(n: int, salt: int) -> bytes:
    """``bench.jobs.poison(n, salt)`` built from one 256-byte period (the pattern repeats)."""
    period = poison(256, salt)
    return (period * (n // 256 + 1))[:n]


@pyuvm.test(timeout_time=200, timeout_unit="ms")
class bulk_copies(CopyEngineTest):
    """Large copies until ``bulk_budget()`` bytes moved: single copies up to the largest the
    engine takes (the first job is exactly ``max_length`` in whole granules, at most
    BULK_PIECE) and chains of 2..4 large copies (single jobs on an engine without chains),
    unaligned offsets (in ``alignment`` granules), low/coherent placements and, within
    swiotlb's largest mapping, bounced high buffers. Every byte is judged by the scoreboard,
    every burst by the guard, the guard bands around every buffer are compared after each
    job."""

    async def scenario(self):
        tb = self.tb
        caps = tb.caps
        budget = bulk_budget()
        top = caps.max_length - caps.max_length % caps.alignment
        largest = min(top, BULK_PIECE)
        bounce_max = models.swiotlb.IO_TLB_MAX_MAPPING - 2 * 4096
        rng = tb.rng
        shapes = [("single", ("low", "low")), ("chain", ("low", "coherent")),
                  ("single", ("coherent", "low")), ("chain", ("high", "low")),
                  ("single", ("low", "high"))]
        moved = jobs = 0
        while moved < budget:
            kind, (sp, dp) = shapes[jobs % len(shapes)]
            most = caps.max_chain or 4  # 0: no limit
            chain = kind == "chain" and caps.chains and most > 1
            k = min(most, rng.randrange(2, 5)) if chain else 1
            size = min(largest, max(1, (budget - moved) // k))
            if "high" in (sp, dp):
                size = min(size, bounce_max)
            if jobs:  # the first job is the largest copy itself
                size -= rng.randrange(min(size, 64))
            size = min(top, caps.round_up(size))
            pairs = []
            for _ in range(k):
                so = caps.round_up(rng.randrange(8))
                do = caps.round_up(rng.randrange(8))
                tb.jobs.salt += 1
                data = rng.randbytes(size)
                old = _fast_poison(size, tb.jobs.salt)
                src = tb.jobs.alloc(sp, so + size, TO, fill=(so, data))
                dst = tb.jobs.alloc(dp, do + size, FROM, fill=(do, old))
                pairs.append(Pair(src, so, dst, do, size, data, old))
            await tb.jobs.run(f"bulk{jobs}", pairs, chain=chain, label="bulk")
            moved += k * size
            jobs += 1
        tb.log.info("bulk: %d jobs, %d bytes (budget %d, largest copy %d)", jobs, moved,
                    budget, largest)


@pyuvm.test(timeout_time=1, timeout_unit="ms")
class probe_capabilities(DmaBaseTest):
    """Reset and probe the engine and record its ``Capabilities`` (``"capabilities"`` in the
    test's results record) for the suite runner, which selects the tests that apply from
    them. No work runs."""

    expect = {"bursts": False}

    async def body(self):
        caps = self.tb.caps
        self.extra["capabilities"] = caps.to_dict()
        self.tb.log.info("capabilities of %s: %s", caps.name, caps)


SUITE_TIMEOUT_MS = 400  # simulated time per test; generous for slow engines


def suite_tests(adapter_class: type[EngineAdapter], names: list[str] | None = None,
                timeout_ms: int = SUITE_TIMEOUT_MS) -> dict[str, object]:
    """The copy-engine suite bound to ``adapter_class``, for a user's cocotb test module::

        globals().update(suite_tests(MyAdapter))

    For ``probe_capabilities`` and every suite test (or those in ``names``): a subclass with
    ``adapter_class`` set, under the suite test's own name (subclass it to change more), and the
    cocotb test that runs it (``__<name>``). Which tests apply to the engine is the runner's
    business (``bench.suites.runner.run_suite``). ValueError naming an unknown test."""
    known = [t.name for t in COPY_ENGINE_TESTS]
    chosen = known if names is None else list(names)
    unknown = [n for n in chosen if n not in known]
    if unknown:
        raise ValueError(f"unknown suite test(s) {unknown} (known: {', '.join(known)})")
    caller = inspect.currentframe().f_back.f_globals.get("__name__", __name__)
    out: dict[str, object] = {}
    for name in ["probe_capabilities"] + chosen:
        base = globals()[name]
        cls = type(name, (base,), {"adapter_class": adapter_class, "__doc__": base.__doc__,
                                   "__module__": base.__module__})
        out[name] = cls
        out[f"__{name}"] = _cocotb_test(cls, timeout_ms, caller)
    return out


def _cocotb_test(cls, timeout_ms: int, module: str):
    """A cocotb test named after ``cls`` that runs it as a pyuvm test."""
    async def run(_dut):
        await pyuvm.uvm_root().run_test(cls)

    run.__name__ = run.__qualname__ = cls.__name__
    run.__doc__ = cls.__doc__
    run.__module__ = module
    return cocotb.test(name=cls.__name__, timeout_time=timeout_ms, timeout_unit="ms")(run)
