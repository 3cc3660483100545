"""Device-level pyuvm tests of dma_engine, one class per test (tests/sim/test_sim_device.py runs
each in its own simulator for every width). Width, legacy mode and seed come from the
environment (bench.sim_runner). Every test ends with ``machine.check_quiescent()`` (DmaBaseTest:
no live mappings, buddy/pool/swiotlb free counts back to boot values) and with the scoreboard's
and the guard's check phase (no violation unless provoked; at least one burst checked unless the
test expects no traffic at all).
"""

from __future__ import annotations

import os

import cocotb
import pyuvm
from cocotb.triggers import ClockCycles, Timer

import models

from bench.driver import BYTES_DONE, STATUS, ST_BUSY, ST_DONE, ST_ERR, DmaError
from bench.env import DmaBaseTest
from bench.jobs import poison
from bench.sequences import ActionSeq, PlacedJobsSeq, RandomJobsSeq, placements_for, seg

TO, FROM = models.DMA_TO_DEVICE, models.DMA_FROM_DEVICE
ERR_ADDR_RANGE, ERR_BUS, ERR_LEN_ZERO, ERR_DESC = 1, 2, 3, 4


def _limit(tb) -> int:
    return (1 << tb.width) - 1


def _check(cond, msg):
    if not cond:
        raise AssertionError(msg)


@pyuvm.test(timeout_time=40, timeout_unit="ms")
class random_regression(DmaBaseTest):
    """>= 200 random jobs (seeded; SEED= overrides; the seed is in every failure message),
    placements low/high(bounce)/coherent/straddle-4K(/limit when mappable), 15 % SG chains."""

    async def body(self):
        tb = self.tb
        n = int(os.environ.get("MASKDMA_JOBS", "200"))
        await RandomJobsSeq("rnd", n=n, seed=tb.rng.randrange(1 << 30),
                            places=placements_for(tb)).start(self.seqr)
        _check(tb.driver.stats.jobs >= n, f"only {tb.driver.stats.jobs} of {n} jobs ran")


@pyuvm.test(timeout_time=40, timeout_unit="ms")
class limit_placement(DmaBaseTest):
    """Boundary placement: buffers whose last byte is exactly the device limit (source and
    destination, aligned and unaligned ends, one crossing a page below the limit), the bottom
    page (address 0), buffers straddling 4 KiB and, for devices wider than 32 bits, 4 GiB."""

    layout = "limit"

    async def body(self):
        tb = self.tb
        limit = _limit(tb)

        async def at_limit(tb):
            for n in (1, 7, 8, 100, 4100):
                if n == 1 and tb.width == 64:
                    # A 1-byte buffer at 2^64-1 has handle == DMA_MAPPING_ERROR (as in Linux).
                    tb.log.info("skipping the 1-byte buffer at 2^64-1 (handle would be "
                                "DMA_MAPPING_ERROR)")
                    continue
                for src_at_limit in (True, False):
                    rng_salt = tb.jobs._next_id
                    data = tb.rng.randbytes(n)
                    if src_at_limit:
                        src = tb.jobs.alloc_at_limit(n, TO, fill=(0, data))
                        dst = tb.jobs.alloc("low", n + 3, FROM, fill=(3, poison(n, rng_salt)))
                        pair = _pair(src, 0, dst, 3, n, data, rng_salt)
                    else:
                        src = tb.jobs.alloc("low", n + 5, TO, fill=(5, data))
                        dst = tb.jobs.alloc_at_limit(n, FROM, fill=(0, poison(n, rng_salt)))
                        pair = _pair(src, 5, dst, 0, n, data, rng_salt)
                    end = (src if src_at_limit else dst).handle + n - 1
                    _check(end == limit, f"buffer meant to end at the limit ends at 0x{end:x} "
                                         f"(limit 0x{limit:x})")
                    await tb.jobs.run(f"limit{n}{'src' if src_at_limit else 'dst'}", [pair],
                                      placement="limit")

        async def bottom_page(tb):
            await tb.boot("bottom")
            p = tb.jobs.pair("pool", "pool", 300, 0, 5, salt=tb.jobs._next_id)
            _check(p.src.handle == 0, f"bottom-page buffer at 0x{p.src.handle:x}, expected 0")
            await tb.jobs.run("bottom", [p], placement="bottom")
            p = tb.jobs.pair("straddle4k", "straddle4k", 777, 3, 0, salt=tb.jobs._next_id)
            await tb.jobs.run("straddle4k", [p], placement="straddle4k")

        async def around_4g(tb):
            if tb.width <= 32:
                tb.log.info("around 4 GiB: not reachable by a %d-bit device", tb.width)
                return
            await tb.boot("around4g")
            m = tb.machine
            filler_size = (4 << 30) - m.pool_start - 4096
            filler = m.get_pages_mask(models.GFP_KERNEL, filler_size, tb.dev.dma_mask)
            try:
                p = tb.jobs.pair("pool", "pool", 6000, 0, 1, salt=tb.jobs._next_id)
                _check(p.src.handle < 1 << 32 < p.src.handle + 6000,
                       f"buffer meant to straddle 4 GiB at 0x{p.src.handle:x}")
                await tb.jobs.run("around4g", [p], placement="around4g")
            finally:
                m.free_pages_mask(filler, filler_size)

        await ActionSeq("boundary", [at_limit, bottom_page, around_4g]).start(self.seqr)
        hits = self.env.coverage.model.hits["bucket"]
        _check(hits["top_page"] > 0 and hits["bottom_page"] > 0,
               f"boundary buckets not hit: {hits}")


def _pair(src, so, dst, do, n, data, salt):
    from bench.jobs import Pair

    return Pair(src, so, dst, do, n, data, poison(n, salt))


@pyuvm.test(timeout_time=40, timeout_unit="ms")
class bounce_high_memory(DmaBaseTest):
    """Buffers from the top of RAM (buddy, policy high) mapped with dma_map_single: bounced
    through swiotlb exactly when they lie above the device limit, data copied back at unmap."""

    async def body(self):
        tb = self.tb
        sizes = (1, 15, 64, 333, 2048, 2049, 4096, 7000)
        specs = [[seg(n, "high", "high", so=n % 8, do=(n * 3) % 8)] for n in sizes]
        specs.append(("sg", [seg(500, "high", "high"), seg(3000, "high", "low"),
                             seg(64, "low", "high", 1, 2)]))
        seq = PlacedJobsSeq("bounce", specs)
        await seq.start(self.seqr)
        above = tb.machine.ram_size - 1 > _limit(tb)
        st = tb.driver.stats
        if above:
            _check(st.bounced > 0 and tb.machine.stats["swiotlb_bounce"] > 0,
                   f"RAM above the limit but nothing bounced ({st.bounced} bounced mappings)")
        else:
            _check(st.bounced == 0, f"{st.bounced} mappings bounced although all RAM is below "
                                    f"the limit")
        self.extra["bounce_expected"] = above


@pyuvm.test(timeout_time=40, timeout_unit="ms")
class strict_rejection(DmaBaseTest):
    """Registers programmed directly with an out-of-range source, destination or descriptor,
    or a range that wraps: ERR_CODE 1 with ERR_ADDR = the start as written, and the guard sees
    no burst at all. A zero length gives ERR_CODE 3."""

    expect = {"bursts": False}

    async def body(self):
        tb = self.tb
        limit = _limit(tb)
        drv = tb.driver
        ok = tb.jobs.pair("low", "low", 64, salt=0)
        good_src, good_dst = ok.src_bus, ok.dst_bus
        cases = []
        if tb.width < 64:
            cases += [("src crosses the limit", limit - 7, good_dst, 16, limit - 7, ERR_ADDR_RANGE),
                      ("src above the limit", limit + 1, good_dst, 8, limit + 1, ERR_ADDR_RANGE),
                      ("dst crosses the limit", good_src, limit - 3, 16, limit - 3, ERR_ADDR_RANGE),
                      ("dst far above", good_src, 1 << 63 | 0x1000, 64, 1 << 63 | 0x1000,
                       ERR_ADDR_RANGE),
                      ("src and dst above (src reported first)", limit + 0x101, limit + 0x2001,
                       32, limit + 0x101, ERR_ADDR_RANGE)]
        cases += [("src wraps 2^64", (1 << 64) - 8, good_dst, 16, (1 << 64) - 8, ERR_ADDR_RANGE),
                  ("dst wraps 2^64", good_src, (1 << 64) - 4, 64, (1 << 64) - 4, ERR_ADDR_RANGE),
                  ("zero length", good_src, good_dst, 0, None, ERR_LEN_ZERO)]

        async def program_bad(tb):
            for what, src, dst, n, err_addr, code in cases:
                before = tb.guard.bursts_checked
                drv.stats.jobs += 1
                tb.guard.begin_job()
                await drv.program_single(src, dst, n)
                try:
                    await drv.finish(drv.timeout_for(n))
                except DmaError as exc:
                    _check(exc.code == code, f"{what}: expected ERR_CODE {code}, got {exc}")
                    if err_addr is not None:
                        _check(exc.err_addr == err_addr, f"{what}: ERR_ADDR 0x{exc.err_addr:x}, "
                                                         f"expected 0x{err_addr:x}")
                else:
                    raise AssertionError(f"{what}: job ended DONE, expected ERR_CODE {code}")
                await ClockCycles(tb.dut.clk, 20)
                _check(tb.guard.bursts_checked == before,
                       f"{what}: the engine issued {tb.guard.bursts_checked - before} burst(s) "
                       f"for a job it must refuse")
                tb.log.info("strict: %s -> ERR_CODE %d as expected, no burst", what, code)

        async def bad_descriptor(tb):
            if tb.width == 64:
                return
            before = tb.guard.bursts_checked
            drv.stats.jobs += 1
            tb.guard.begin_job()
            await drv.program_chain(limit + 1)  # 2^W: 32-byte aligned, one past the limit
            try:
                await drv.finish(2000)
            except DmaError as exc:
                _check(exc.code == ERR_ADDR_RANGE, f"descriptor above the limit: {exc}")
            else:
                raise AssertionError("descriptor above the limit: job ended DONE")
            _check(tb.guard.bursts_checked == before, "descriptor above the limit was fetched")

        await ActionSeq("strict", [program_bad, bad_descriptor]).start(self.seqr)
        tb.jobs.release([ok])
        _check(tb.guard.bursts_checked == 0, f"{tb.guard.bursts_checked} bursts seen")


@pyuvm.test(timeout_time=40, timeout_unit="ms")
class teeth_legacy(DmaBaseTest):
    """LEGACY_TRUNCATE=1 build. A deliberately naive driver programs the physical addresses of
    buffers above the device limit without dma_map: the engine drops the upper bits and the
    guard MUST report the aliased accesses. The same job through dma_map_single (bounced below
    the limit) passes with no violation."""

    layout = "teeth"
    expect = {"violations": True}

    async def body(self):
        tb = self.tb
        _check(tb.driver.caps.legacy, "teeth test needs a LEGACY_TRUNCATE=1 build")
        if tb.width == 64:
            self.env.guard_sb.expect["violations"] = False
            tb.log.info("64-bit device: no address lies above the limit, nothing can alias")
        n = 1000
        m = tb.machine
        limit = _limit(tb)
        # Memory above the limit: RAM from the buddy (top of RAM) when RAM reaches above it,
        # else device-visible memory above 2^W (teeth layout).
        if tb.width == 64:
            naive = None
        elif m.ram_size - 1 > limit:
            order = 1
            pfn = m.buddy.alloc_pages(models.GFP_KERNEL, order)
            naive = (pfn << 12, lambda: m.buddy.free_pages(pfn, order))
        else:
            naive = (limit + 1 + 0x10000, lambda: None)
        data = tb.rng.randbytes(n)

        async def naive_job(tb):
            if naive is None:
                return
            base, _ = naive
            src, dst = base, base + 4096
            tb.machine.memory.write(src, data)
            before = len(tb.guard.violations)
            tb.log.info("naive driver: programming physical 0x%x -> 0x%x (limit 0x%x)", src, dst,
                        limit)
            tb.driver.stats.jobs += 1
            tb.guard.begin_job()
            await tb.driver.program_single(src, dst, n)
            try:
                await tb.driver.finish(tb.driver.timeout_for(n))
            except DmaError as exc:  # a bus error on unbacked memory is fine too
                tb.log.info("naive job ended with %s", exc)
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
            base = naive[0] if naive is not None else None
            if base is None:
                p = tb.jobs.pair("high", "high", n, salt=tb.jobs._next_id)
            else:
                tb.machine.memory.write(base, data)
                tb.machine.memory.write(base + 4096, poison(n, 1))
                src = tb.driver.map_single(base, n, TO)
                dst = tb.driver.map_single(base + 4096, n, FROM)
                _check(src.bounced and dst.bounced, "buffers above the limit were not bounced")
                p = _pair(src, 0, dst, 0, n, data, 1)
            await tb.jobs.run("mapped", [p], placement="bounce")
            _check(len(tb.guard.violations) == before,
                   f"the mapped job caused {len(tb.guard.violations) - before} violation(s)")

        try:
            await ActionSeq("teeth", [naive_job, mapped_job]).start(self.seqr)
        finally:
            if naive is not None:
                naive[1]()


@pyuvm.test(timeout_time=40, timeout_unit="ms")
class bus_errors(DmaBaseTest):
    """SLVERR and DECERR injected on source reads and on destination writes: ERR_CODE 2, ERR_ADDR
    inside the failing burst, data written so far stays inside the destination, the engine
    works again afterwards."""

    async def body(self):
        tb = self.tb

        def mk(kind, on):
            async def step(tb):
                n = 3000
                p = tb.jobs.pair("low", "low", n, 0, 0, salt=tb.jobs._next_id)
                base = p.src_bus if on == "read" else p.dst_bus
                bad = base + 1024
                rng = tb.mem.target.inject(bad, bad + 63, kind, on)
                key = f"{'R' if on == 'read' else 'B'}:{kind}"
                sent = tb.mem.responses.get(key, 0)
                try:
                    rec = await tb.jobs.run(f"{kind}-{on}", [p], expect_error=ERR_BUS)
                finally:
                    tb.mem.target.clear_errors()
                _check(rng.hits > 0, f"{kind} on {on}: injected range never accessed")
                _check(tb.mem.responses.get(key, 0) > sent,
                       f"{kind} on {on}: no {key} response reached the engine "
                       f"(responses: {tb.mem.responses})")
                _check(rec.error is not None, f"{kind} on {on}: no error")
                ea = rec.error.err_addr
                _check(bad - 4096 < ea <= bad + 63 and (ea >> 12) == (bad >> 12) or
                       ea <= bad + 63 and bad - ea < 16 * 8,
                       f"{kind} on {on}: ERR_ADDR 0x{ea:x} is not the failing burst around "
                       f"0x{bad:x}")
                seg0 = rec.segments[0]
                written = sum(1 for a, e, b in zip(seg0.actual, seg0.expected, seg0.before)
                              if a == e != b)
                tb.log.info("%s on %s: %s; destination bytes holding copied data: %d", kind, on,
                            rec.error, written)
            step.__name__ = f"{kind.lower()}_{on}"
            return step

        steps = [mk(k, o) for k in ("SLVERR", "DECERR") for o in ("read", "write")]
        await ActionSeq("bus_errors", steps).start(self.seqr)
        await PlacedJobsSeq("after", [[seg(500, "low", "low", 1, 2)]]).start(self.seqr)


@pyuvm.test(timeout_time=40, timeout_unit="ms")
class backpressure_latency(DmaBaseTest):
    """Random jobs with random back-pressure on all five AXI channels and memory latency."""

    async def body(self):
        tb = self.tb
        tb.mem.set_backpressure(0.4, seed=tb.seed)
        tb.mem.set_latency(read=2, write=1)
        await RandomJobsSeq("bp", n=16, seed=tb.rng.randrange(1 << 30), places=placements_for(tb),
                            sg_prob=0.3).start(self.seqr)
        tb.mem.set_backpressure(0)
        tb.mem.set_latency(0, 0)


@pyuvm.test(timeout_time=40, timeout_unit="ms")
class reset_mid_job(DmaBaseTest):
    """rst asserted while a 6 KiB copy is moving data: afterwards STATUS is idle, no new burst
    appears, nothing outside the destination was written, and the next job works."""

    async def body(self):
        tb = self.tb

        async def interrupted(tb):
            n = 6000
            p = tb.jobs.pair("low", "low", n, 0, 0, salt=tb.jobs._next_id)
            bands = tb.jobs._band_snapshots([p.dst], [(p.dst_bus, n)])
            tb.guard.begin_job()
            tb.driver.stats.jobs += 1
            await tb.driver.program_single(p.src_bus, p.dst_bus, n)
            await ClockCycles(tb.dut.clk, 150)
            moved = tb.guard.bursts_checked
            _check(moved > 0, "no burst before the reset: the job did not start")
            await tb.reset_engine()
            status = await tb.driver.read32(STATUS)
            _check(status & (ST_BUSY | ST_DONE | ST_ERR) == 0,
                   f"STATUS 0x{status:08x} after reset")
            _check(await tb.driver.read32(BYTES_DONE) == 0, "BYTES_DONE not cleared by reset")
            after = tb.guard.bursts_checked
            await ClockCycles(tb.dut.clk, 300)
            _check(tb.guard.bursts_checked == after,
                   f"{tb.guard.bursts_checked - after} burst(s) after reset")
            for b in bands:
                now = tb.machine.memory.read(b.addr, len(b.before))
                _check(now == b.before, f"guard band {b.where} changed by the interrupted job")
            got = tb.machine.memory.read(p.dst_bus, n)
            bad = [k for k in range(n) if got[k] not in (p.data[k], p.old[k])]
            _check(not bad, f"{len(bad)} destination bytes are neither old nor copied data")
            tb.jobs.release([p])
            tb.log.info("reset after %d bursts: engine idle, nothing stray", moved)

        await ActionSeq("reset", [interrupted]).start(self.seqr)
        await PlacedJobsSeq("after", [[seg(4000, "low", "coherent", 3, 5)],
                                      ("sg", [seg(100, "low", "low"), seg(200, "coherent", "low")])]
                            ).start(self.seqr)


@pyuvm.test(timeout_time=40, timeout_unit="ms")
class abort_mid_job(DmaBaseTest):
    """CTRL.ABORT while a 6 KiB copy (and then an SG chain) moves data: ERR_CODE 5, no new
    AR/AW after the ABORT write (guard), what was written stays inside the destination, and
    the next job works."""

    async def body(self):
        tb = self.tb

        def aborted(mode):
            async def step(tb):
                n = 6000
                k = 1 if mode == "single" else 3
                pairs = [tb.jobs.pair("low", "low", n // k, 0, 0, salt=tb.jobs._next_id + i)
                         for i in range(k)]

                async def abort_later():
                    await ClockCycles(tb.dut.clk, 120)
                    await tb.driver.abort()

                task = cocotb.start_soon(abort_later())
                rec = await tb.jobs.run(f"abort_{mode}", pairs, mode=mode, expect_error=5)
                await task
                _check(rec.error is not None and rec.error.code == 5,
                       f"abort ({mode}): {rec.error}")
                _check(rec.bytes_done < n, f"abort ({mode}): BYTES_DONE {rec.bytes_done} == "
                                           f"length: nothing was aborted")
                tb.log.info("abort (%s): %s", mode, rec.error)
            step.__name__ = f"abort_{mode}"
            return step

        await ActionSeq("abort", [aborted("single"), aborted("sg")]).start(self.seqr)
        await PlacedJobsSeq("after", [[seg(700, "low", "low", 2, 1)]]).start(self.seqr)


@pyuvm.test(timeout_time=40, timeout_unit="ms")
class sg_chains(DmaBaseTest):
    """Descriptor chains from a DmaPool: 1..8 descriptors, IRQ flags, mixed placements; a chain
    whose 3rd descriptor lies above the limit (ERR_CODE 1, first two complete, nothing of the
    third written, no fetch of it); a misaligned next pointer (ERR_CODE 4)."""

    async def body(self):
        tb = self.tb
        places = placements_for(tb)
        rng = tb.rng
        specs = []
        for k in (1, 2, 3, 5, 8):
            specs.append(("sg", [seg(rng.randrange(1, 1500), rng.choice(places),
                                     rng.choice(places), rng.randrange(8), rng.randrange(8))
                                 for _ in range(k)]))
        await PlacedJobsSeq("chain", specs).start(self.seqr)

        async def irq_chain(tb):
            pairs = [tb.jobs.pair("low", "low", 200 + i, salt=tb.jobs._next_id + i)
                     for i in range(4)]
            before = tb.driver.stats.desc_irqs
            await tb.jobs.run("irq_chain", pairs, mode="sg", irq_every=1)
            _check(tb.driver.stats.desc_irqs - before >= 3,
                   f"only {tb.driver.stats.desc_irqs - before} DESC_IRQ seen for 4 flagged "
                   f"descriptors")

        async def desc_above_limit(tb):
            if tb.width == 64:
                tb.log.info("64-bit device: no descriptor address above the limit")
                return
            limit = _limit(tb)
            pairs = [tb.jobs.pair("low", "low", 300, 1, 2, salt=tb.jobs._next_id + i)
                     for i in range(4)]
            bad = limit + 1  # 2^W: 32-byte aligned, one past the limit
            rec = await tb.jobs.run("desc_above_limit", pairs, mode="sg",
                                    expect_error=ERR_ADDR_RANGE, desc_override={2: bad})
            _check(rec.error.err_addr == bad, f"ERR_ADDR 0x{rec.error.err_addr:x}, expected "
                                              f"0x{bad:x}")
            for i in (0, 1):
                _check(rec.segments[i].actual == rec.segments[i].expected,
                       f"descriptor {i} before the bad one did not complete")
            for i in (2, 3):
                _check(rec.segments[i].actual == rec.segments[i].before,
                       f"descriptor {i} (bad one or after) wrote data")
            _check(rec.bytes_done == 600, f"BYTES_DONE {rec.bytes_done}, expected 600")

        async def misaligned_next(tb):
            pairs = [tb.jobs.pair("low", "low", 128, salt=tb.jobs._next_id + i) for i in range(2)]
            rec = await tb.jobs.run("misaligned_next", pairs, mode="sg", expect_error=ERR_DESC,
                                    next_override={0: pairs[1].src_bus + 0x10})

        await ActionSeq("sg_special", [irq_chain, desc_above_limit, misaligned_next]
                        ).start(self.seqr)


@pyuvm.test(timeout_time=40, timeout_unit="ms")
class mempool_exhaustion(DmaBaseTest):
    """Everything below the device mask is allocated; a mempool's reserve is drained; a
    GFP_KERNEL mempool allocation and a GFP_KERNEL mask allocation go to sleep (CocotbSleeper,
    simulated time) and are woken by frees done in the completion handler of a DMA job."""

    async def body(self):
        tb = self.tb
        m = tb.machine
        mask = tb.dev.dma_mask
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

            # The completion path (irq -> unmap -> free) gives back the mempool element used as
            # destination and the source page: that must wake both sleepers.
            src = tb.driver.map_single(src_addr, n, TO,
                                       release=lambda: m.free_pages_mask(src_addr, n))
            dst = tb.driver.map_single(e_dst, n, FROM, release=lambda: pool.free(e_dst))
            tb.driver.on_complete.append(lambda res: got.setdefault(
                "irq_t", cocotb.utils.get_sim_time("ns")))
            await tb.jobs.run("mempool_job", [_pair(src, 0, dst, 0, n, data, 7)])
            tb.driver.on_complete.clear()
            await w1
            await w2
            _check(got.get("mempool") is not None, "mempool sleeper was not served")
            _check(got.get("pages") is not None, "page-allocator sleeper was not served")
            _check(tb.sleeper.wakeups >= 2, f"{tb.sleeper.wakeups} wakeups")
            self.extra["sleeper_woken_after_ns"] = got["mempool_t"]
            tb.log.info("sleepers woken by the completion: mempool after %.0f ns", got["mempool_t"])
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
