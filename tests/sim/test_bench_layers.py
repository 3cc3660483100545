"""Simulator-free checks of the bench's engine-free layers: Capabilities, the work bracket
(WorkRunner with the real AddressGuard and a scripted adapter), the scoreboard's prediction from
mappings and snapshots, the coverage bins that follow the capabilities, and the driver."""

from __future__ import annotations

import asyncio

import pytest

import models
from bench.adapter import ANY_RESULT, Capabilities, Copy, EngineAdapter, Window, WorkResult
from bench.coverage import CoverageModel
from bench.driver import DmaDriver
from bench.guard import AddressGuard, Grant
from bench.monitor import Burst
from bench.scoreboard import WorkScoreboard, snapshot
from bench.work import WorkRunner


def caps(**kw) -> Capabilities:
    base = dict(name="toy", addr_width=32, data_width=64, max_burst_len=16, unaligned=True,
                chains=True, byte_counter=True, legacy=False, max_length=1 << 20,
                error_names={1: "ADDR_RANGE", 2: "BUS"}, abort=True, copy_events=True)
    base.update(kw)
    return Capabilities(**base)


def test_capabilities_validate_and_name_errors():
    c = caps()
    assert c.limit == 0xFFFFFFFF and c.data_bytes == 8 and c.alignment == 1
    assert caps(unaligned=False).alignment == 8
    assert c.error_name(2) == "BUS" and c.error_name(9) == "ERROR_9"
    assert c.error_code("BUS") == 2
    with pytest.raises(ValueError, match="no error named 'NOPE'"):
        c.error_code("NOPE")
    with pytest.raises(ValueError, match="data_width 24"):
        caps(data_width=24)
    with pytest.raises(ValueError, match="addr_width 65"):
        caps(addr_width=65)


class Ctx:
    def __init__(self, c: Capabilities, driver=None):
        self.caps = c
        self.driver = driver
        self.t = 0.0

    def now_ns(self) -> float:
        self.t += 10.0
        return self.t


class ScriptedAdapter(EngineAdapter):
    """Records the calls; a chain gets one descriptor grant."""

    name = "scripted"

    def __init__(self, result: WorkResult):
        self.result = result
        self.calls: list[str] = []

    async def reset(self, ctx):
        self.calls.append("reset")

    async def probe(self, ctx):
        return ctx.caps

    async def prepare(self, ctx, work):
        self.calls.append("prepare")
        if work.is_chain:
            work.fetch_order = [0x9000]
            return [Grant(work.id, 0x9000, 0x901F, "read", "desc[0]")]
        return []

    async def start(self, ctx, work):
        self.calls.append("start")

    async def wait(self, ctx, work, timeout_cycles):
        self.calls.append(f"wait {timeout_cycles > 0}")
        return self.result

    async def abort(self, ctx, work):
        self.calls.append("abort")

    def release(self, ctx, work):
        self.calls.append("release")


def _runner(result=WorkResult(True, 64), c=None):
    guard = AddressGuard(None, 32)
    adapter = ScriptedAdapter(result)
    runner = WorkRunner(adapter, Ctx(c or caps()), guard)
    events = []
    runner.listeners.append(lambda e: events.append((e.kind, e.work.id, e.result)))
    return runner, adapter, guard, events


def test_work_bracket_grants_windows_and_releases():
    runner, adapter, guard, events = _runner()
    work = runner.make([Copy(0x1000, 0x5000, 64), Copy(0x2000, 0x6000, 64)], name="w",
                       reads=[Window(0x1000, 0x2FFF, "src buf")],
                       writes=[Window(0x5000, 0x6FFF, "dst buf")])

    async def go():
        await runner.submit(work)
        granted = {(g.first, g.last, g.access, g.what) for g in guard.grants(work.id)}
        assert granted == {(0x1000, 0x2FFF, "read", "src buf"), (0x5000, 0x6FFF, "write", "dst buf"),
                           (0x9000, 0x901F, "read", "desc[0]")}
        # A write past the destination buffer is outside the job.
        bad = guard.check(Burst.incr("AW", 0x7000, 1, 8))
        assert [v.rule for v in bad] == ["outside-job"]
        return await runner.complete(work)

    res = asyncio.run(go())
    assert res.ok and guard.in_flight == frozenset() and not runner.in_flight
    assert adapter.calls == ["prepare", "start", "wait True", "release"]
    assert [e[0] for e in events] == ["submitted", "completed"]
    assert runner.stats.jobs == 1 and runner.stats.bytes_moved == 64
    runner.retired(work)
    assert events[-1][0] == "retired"


def test_work_reset_and_abort_go_through_the_guard():
    runner, adapter, guard, events = _runner()
    work = runner.make([Copy(0x1000, 0x5000, 64)])

    async def go():
        await runner.submit(work)
        await runner.abort()
        late = guard.check(Burst.incr("AR", 0x1000, 1, 8, 1e6, 1e6))
        assert [v.rule for v in late] == ["after-error"]
        await runner.reset()

    asyncio.run(go())
    assert guard.in_flight == frozenset() and not runner.in_flight
    assert adapter.calls == ["prepare", "start", "abort", "reset", "release"]
    assert events[-1] == ("completed", work.id, None) and runner.stats.interrupted == 1


def test_work_respects_capabilities():
    runner, *_ = _runner(c=caps(chains=False, max_length=100, copy_events=False))
    with pytest.raises(ValueError, match="has no chains"):
        runner.make([Copy(0, 0x100, 8), Copy(8, 0x200, 8)])
    with pytest.raises(ValueError, match="length 101 > max_length 100"):
        runner.make([Copy(0, 0x100, 101)])
    with pytest.raises(ValueError, match="no per-copy events"):
        runner.make([Copy(0, 0x100, 8)], irq_every=1)


def _machine():
    m = models.Machine(ram_size=64 << 20, pool_size=16 << 20, swiotlb_size=1 << 20)
    dev = models.Device(m, "dut")
    drv = DmaDriver(m, dev)
    drv.set_mask(32)
    return m, dev, drv


def _board(m, dev):
    return WorkScoreboard(lambda: m.memory, lambda: dev)


def _event(kind, work, result=None, mem=None):
    from bench.work import WorkEvent

    ev = WorkEvent(kind, work, result)
    if kind == "submitted":
        ev.sources, ev.dest_before = snapshot(mem, work)
    return ev


def _one_copy(m, drv, n=256):
    src_cpu = m.get_pages_mask(models.GFP_KERNEL, 4096, 0xFFFFFFFF)
    dst_cpu = m.get_pages_mask(models.GFP_KERNEL, 4096, 0xFFFFFFFF)
    m.memory.write(src_cpu, bytes(range(256))[:n])
    src = drv.map_single(src_cpu, n, models.DMA_TO_DEVICE,
                         release=lambda: m.free_pages_mask(src_cpu, 4096))
    dst = drv.map_single(dst_cpu, n, models.DMA_FROM_DEVICE,
                         release=lambda: m.free_pages_mask(dst_cpu, 4096))
    return src, dst


@pytest.mark.parametrize("fault, expect", [
    (None, None),
    ("byte", "1 destination byte(s) wrong"),
    ("band", "guard band bus above"),
    ("error", "unexpected ERR 2 (BUS)"),
])
def test_scoreboard_predicts_from_snapshot(fault, expect):
    m, dev, drv = _machine()
    src, dst = _one_copy(m, drv)
    runner, *_ = _runner()
    work = runner.make([Copy(src.handle, dst.handle, 256)])
    board = _board(m, dev)
    board.observe(_event("submitted", work, mem=m.memory))
    data = m.memory.read(src.handle, 256)
    m.memory.write(src.handle, b"\0" * 256)  # later changes of the source do not matter
    m.memory.write(dst.handle, data if fault != "byte" else data[:5] + b"\xEE" + data[6:])
    if fault == "band":
        m.memory.write(dst.handle + 256 + 3, b"\x55")
    result = (WorkResult(False, 0, 2, "BUS", dst.handle) if fault == "error"
              else WorkResult(True, 256))
    board.observe(_event("completed", work, result))
    drv.unmap(src)
    drv.unmap(dst)
    errors = board.observe(_event("retired", work))
    if expect is None:
        assert errors == []
    else:
        assert any(expect in e for e in errors), errors
    m.check_quiescent()


def test_scoreboard_follows_a_bounced_destination_and_error_expectations():
    m, dev, drv = _machine()
    drv.set_mask(24)  # RAM above 16 MiB: a buffer up there bounces
    pfn = m.buddy.alloc_pages(models.GFP_KERNEL, 0)
    dst = drv.map_single(pfn << 12, 128, models.DMA_FROM_DEVICE,
                         release=lambda: m.buddy.free_pages(pfn, 0))
    assert dst.bounced
    runner, *_ = _runner(c=caps(addr_width=24))
    work = runner.make([Copy(0x100, dst.handle, 128)], expect_error="BUS")
    board = _board(m, dev)
    board.observe(_event("submitted", work, mem=m.memory))
    src_data = m.memory.read(0x100, 128)
    m.memory.write(dst.handle, src_data[:64])  # half written, then BUS
    board.observe(_event("completed", work, WorkResult(False, 64, 2, "BUS", 0x140)))
    slot = dst.handle
    drv.unmap(dst)  # swiotlb copies the bounce slot back to the CPU buffer
    m.memory.write(slot, b"\xEE" * 128)  # the CPU's view is what counts now
    assert board.observe(_event("retired", work)) == []
    any_work = runner.make([Copy(0x100, 0x200, 8)], expect_error=ANY_RESULT)
    board.observe(_event("submitted", any_work, mem=m.memory))
    assert board.unfinished() and "never retired" in board.unfinished()[0]


def test_coverage_bins_follow_capabilities():
    full = CoverageModel(caps())
    assert "align:both_unaligned" in full.all_bins() and "mode:sg" in full.all_bins()
    plain = CoverageModel(caps(unaligned=False, chains=False))
    assert [b for b in plain.all_bins() if b.startswith(("align", "mode"))] == [
        "align:aligned", "mode:single"]


def test_driver_pools_and_mask_errors():
    m, dev, drv = _machine()
    pool = drv.dma_pool("d", 32, 32)
    assert drv.dma_pool("d", 32, 32) is pool
    with pytest.raises(ValueError, match="exists with"):
        drv.dma_pool("d", 64, 32)
    drv.destroy_pools()
    with pytest.raises(AssertionError, match=r"DMA_BIT_MASK\(8\)\) returned"):
        drv.set_mask(8)
