"""Simulator-free checks of the bench at the limit's edge: the layouts that put memory around the
limit or cut the pool and the slot area with it, the straddle / exact-fit / one-beyond placements
of bench.jobs (refused, bounced, accepted -- and a broken dma_map_single caught), the poisoned
guard bands the scoreboard checks (a stray write of the memory's old value is reported), and
the edge coverage bins."""

from __future__ import annotations

import random
from types import SimpleNamespace

import pytest

import models
from bench.adapter import Capabilities, Copy, EngineAdapter, Window, WorkResult
from bench.coverage import CoverageModel
from bench.driver import DmaDriver
from bench.guard import AddressGuard
from bench.jobs import BAND, JobRunner, band_poison
from bench.layouts import edge_layout_applies, machine_kwargs, straddle_room
from bench.scoreboard import WorkScoreboard, snapshot
from bench.sequences import placements_for
from bench.work import WorkEvent, WorkRunner

TO, FROM = models.DMA_TO_DEVICE, models.DMA_FROM_DEVICE


def caps(width: int) -> Capabilities:
    return Capabilities(name="toy", addr_width=width, data_width=64, max_burst_len=16,
                        unaligned=True, chains=True, byte_counter=True, legacy=False,
                        max_length=1 << 20, error_names={1: "ADDR_RANGE"})


class NullAdapter(EngineAdapter):
    name = "null"

    async def probe(self, ctx):
        return ctx.caps

    async def start(self, ctx, work):
        pass

    async def wait(self, ctx, work, timeout_cycles):
        return WorkResult(True, work.total)


def bench(width: int, purpose: str):
    """A Testbench stand-in: machine of ``purpose``, device with DMA_BIT_MASK(width), driver,
    job runner, work runner and scoreboard."""
    m = models.Machine(**machine_kwargs(width, purpose))
    dev = models.Device(m, "dut")
    drv = DmaDriver(m, dev)
    drv.set_mask(width)
    ctx = SimpleNamespace(caps=caps(width), driver=drv, now_ns=lambda: 0.0)
    tb = SimpleNamespace(machine=m, device=dev, driver=drv, rng=random.Random(7), width=width)
    tb.work = WorkRunner(NullAdapter(), ctx, AddressGuard(dev, width))
    tb.jobs = JobRunner(tb)
    board = WorkScoreboard(lambda: m.memory, lambda: dev)
    return tb, board


def run_with(tb, board, pairs, device_writes):
    """Submit the work of ``pairs``, let ``device_writes(mem)`` act as the engine, complete,
    unmap, retire; returns the scoreboard's errors."""
    work = tb.jobs.work_for("t", pairs)
    mem = tb.machine.memory
    ev = WorkEvent("submitted", work)
    ev.sources, ev.dest_before = snapshot(mem, work)
    board.observe(ev)
    device_writes(mem)
    board.observe(WorkEvent("completed", work, WorkResult(True, work.total)))
    tb.jobs.release(pairs)
    errors = board.observe(WorkEvent("retired", work))
    tb.machine.check_quiescent()
    return errors


def copy_ok(pair):
    return lambda mem: mem.write(pair.dst_bus, mem.read(pair.src_bus, pair.n))


# -- layouts -----------------------------------------------------------------------------------
@pytest.mark.parametrize("width", [20, 22, 24, 30, 31])
def test_edge_layout_cuts_pool_and_slot_area(width):
    tb, _ = bench(width, "edge")
    m, limit = tb.machine, (1 << width) - 1
    assert m.pool_start <= limit < m.pool_end - 1
    assert m.swiotlb.base <= limit < m.swiotlb.end - 1
    assert tb.jobs.alloc("low", 100, TO).last <= limit  # free pool pages lie below the limit


def test_edge_layout_refused_where_no_limit_can_cut_the_slot_area():
    assert not edge_layout_applies(32)
    with pytest.raises(ValueError, match="at most 31 bits.*got 32"):
        machine_kwargs(32, "edge")


@pytest.mark.parametrize("width, purpose, has_room", [
    (24, "default", False), (32, "default", False), (24, "straddle", True),
    (32, "straddle", True), (36, "default", True), (64, "default", False)])
def test_straddle_room_and_placements(width, purpose, has_room):
    tb, _ = bench(width, purpose)
    assert (straddle_room(tb.machine, (1 << width) - 1) is not None) == has_room
    assert ("straddle-limit" in placements_for(tb)) == has_room


# -- straddles, exact fits, one beyond ---------------------------------------------------------
@pytest.mark.parametrize("width", [24, 36])
@pytest.mark.parametrize("below", [1, 8, 99])
def test_straddle_is_refused_by_map_resource_and_bounced_by_map_single(width, below):
    tb, board = bench(width, "straddle")
    limit = (1 << width) - 1
    data = bytes(range(100))
    src = tb.jobs.alloc_straddle(100, TO, fill=(0, data), below=below)
    assert src.cpu_addr == limit - below + 1 and src.cpu_addr + 99 > limit
    assert src.bounced and src.last <= limit
    assert tb.jobs.edge_counts == {"straddle_refused": 1, "straddle_bounced": 1}
    dst = tb.jobs.alloc("low", 100, FROM)
    from bench.jobs import Pair
    pair = Pair(src, 0, dst, 0, 100, data, b"")
    assert run_with(tb, board, [pair], copy_ok(pair)) == []
    assert tb.machine.memory.read(dst.cpu_addr, 100) == data


def test_second_straddle_falls_back_while_one_is_live():
    tb, _ = bench(24, "straddle")
    a = tb.jobs.alloc("straddle-limit", 50, TO)
    b = tb.jobs.alloc("straddle-limit", 50, FROM)
    assert tb.jobs.placement_of(a) == "straddle-limit" and tb.jobs.placement_of(b) == "low"
    assert tb.jobs.straddle_fallbacks == 1
    tb.jobs.release_buffers([a, b])
    tb.machine.check_quiescent()


def test_broken_map_single_is_reported_with_path_bytes_limit_and_rule(monkeypatch):
    """A dma_map_single that compares the start (Kleen's bug) hands out the straddle directly:
    the job runner refuses to give it to the device, naming the path, bytes, limit and rule."""
    tb, _ = bench(24, "straddle")
    real = models.dma_map_single

    def start_only(dev, cpu, size, direction, nowarn=False):
        if cpu <= dev.dma_mask:
            dev._add(models.DmaMapping(cpu, size, models.DmaDirection(direction),
                                       models.MappingKind.STREAMING, cpu))
            return cpu
        return real(dev, cpu, size, direction, nowarn)

    monkeypatch.setattr(models, "dma_map_single", start_only)
    limit = (1 << 24) - 1
    with pytest.raises(AssertionError) as err:
        tb.jobs.alloc_straddle(16, TO, below=4)
    msg = str(err.value)
    assert msg.startswith("straddle-limit:")
    assert f"[0x{limit - 3:x}..0x{limit + 12:x}]" in msg and f"limit 0x{limit:x}" in msg
    assert "rule: dma_map_single bounces" in msg
    tb.machine.check_quiescent()  # nothing leaked


def test_map_resource_that_accepts_a_straddle_is_reported(monkeypatch):
    tb, _ = bench(36, "default")
    monkeypatch.setattr(models, "dma_map_resource", lambda dev, phys, size, d: phys)
    with pytest.raises(AssertionError, match=r"rule: dma_map_resource refuses a range that ends "
                                             r"above the mask"):
        tb.jobs.alloc_straddle(16, TO, below=4)


@pytest.mark.parametrize("width", [24, 32, 36, 64])
@pytest.mark.parametrize("via", ["resource", "single"])
def test_exact_fit_is_accepted_and_one_beyond_is_not(width, via):
    tb, _ = bench(width, "straddle")
    limit = (1 << width) - 1
    exact = tb.jobs.alloc_at_limit(64, TO, via=via)
    assert exact.last == limit and not exact.bounced
    assert tb.jobs.edge_counts["exact_fit"] == 1
    tb.jobs.release_buffers([exact])
    if width == 64:
        # Nothing lies above 2^64-1; the byte there is the candidate the models refuse
        # (dma_map_resource) or bounce (dma_map_single): its handle would be the error value.
        beyond = tb.jobs.map_beyond("mapping-error-byte", limit, 1, TO)
    else:
        beyond = tb.jobs.map_beyond("one-beyond", limit - 62, 64, TO)
    assert beyond.bounced and beyond.last <= limit
    tb.jobs.release_buffers([beyond])
    tb.machine.check_quiescent()


def test_exact_fit_refused_is_reported(monkeypatch):
    tb, _ = bench(36, "default")
    monkeypatch.setattr(models, "dma_map_resource",
                        lambda dev, phys, size, d: models.DMA_MAPPING_ERROR)
    limit = (1 << 36) - 1
    with pytest.raises(AssertionError) as err:
        tb.jobs.alloc_at_limit(8, TO)
    msg = str(err.value)
    assert f"[0x{limit - 7:x}..0x{limit:x}]" in msg and "rule: a buffer whose last byte is <= " \
                                                          "the limit is accepted" in msg


# -- poisoned guard bands ----------------------------------------------------------------------
@pytest.mark.parametrize("side", ["dst above", "dst below", "src above"])
def test_stray_write_of_the_old_value_into_a_band_is_reported(side):
    """Memory around the buffers held zeros; the device writes a zero into a band. Only the
    poison makes that visible."""
    tb, board = bench(32, "default")
    p = tb.jobs.pair("low", "coherent" if side == "dst below" else "low", 200)
    buf = p.src if side.startswith("src") else p.dst
    stray = buf.last + 1 if side.endswith("above") else buf.handle - 1
    mem = tb.machine.memory
    assert mem.read(stray, 1) == band_poison(stray, 1) != b"\0"

    def engine(mem):
        copy_ok(p)(mem)
        mem.write(stray, b"\0")  # the value the memory held before the bench poisoned it

    errors = run_with(tb, board, [p], engine)
    where = f"bus {side.split()[1]} {side.split()[0]}[0] "
    assert any(where in e and f"changed at 0x{stray:x}" in e and "0x00" in e
               and "limit 0xffffffff" in e and "rule:" in e for e in errors), errors


def test_unpoisoned_band_hides_a_write_of_the_old_value(monkeypatch):
    """The control: without the poison the same stray write goes unseen (why bands are
    poisoned)."""
    monkeypatch.setattr(JobRunner, "_poison_cpu", lambda self, cpu, size, owned: None)
    tb, board = bench(32, "default")
    p = tb.jobs.pair("low", "low", 200)
    stray = p.dst.last + 1

    def engine(mem):
        copy_ok(p)(mem)
        mem.write(stray, b"\0")

    assert run_with(tb, board, [p], engine) == []


def test_bounced_buffer_bands_on_both_sides_are_poisoned_and_checked():
    tb, board = bench(24, "default")  # 8 GiB RAM: 'high' buffers bounce
    p = tb.jobs.pair("low", "high", 300)
    assert p.dst.bounced
    mem = tb.machine.memory
    cpu_stray, bus_stray = p.dst.cpu_addr - 1, p.dst.last + 1
    for a in (cpu_stray, bus_stray):
        assert mem.read(a, 1) == band_poison(a, 1)

    def engine(mem):
        copy_ok(p)(mem)
        mem.write(bus_stray, b"\0")
        mem.write(cpu_stray, b"\0")

    errors = run_with(tb, board, [p], engine)
    assert any(f"bus above dst[0] high" in e and f"0x{bus_stray:x}" in e for e in errors), errors
    assert any(f"cpu below dst[0] high" in e and f"0x{cpu_stray:x}" in e for e in errors), errors


def test_bands_leave_out_other_live_buffers():
    """A write into another live buffer is the guard's outside-job, not a band error: the
    scoreboard leaves live mappings that do not hold the window out of the bands."""
    tb, board = bench(32, "default")
    m = tb.machine
    page = m.get_pages_mask(models.GFP_KERNEL, 4096, 0xFFFFFFFF)
    dst = tb.driver.map_single(page, 1024, FROM)
    neighbour = tb.driver.map_single(page + 1024, 1024, FROM,
                                     release=lambda: m.free_pages_mask(page, 4096))
    src = tb.jobs.alloc("low", 2048, TO)
    work = tb.work.make([Copy(src.handle, dst.handle, 2048)], reads=[Window.of(src.handle, 2048,
                        "src")], writes=[Window.of(dst.handle, 1024, "dst")])
    ev = WorkEvent("submitted", work)
    ev.sources, ev.dest_before = snapshot(m.memory, work)
    board.observe(ev)
    m.memory.write(dst.handle, m.memory.read(src.handle, 2048))  # overruns into the neighbour
    board.observe(WorkEvent("completed", work, WorkResult(True, 2048)))
    for b in (dst, neighbour):
        tb.driver.unmap(b)
    tb.jobs.release_buffers([src])
    assert board.observe(WorkEvent("retired", work)) == []


# -- coverage ----------------------------------------------------------------------------------
def test_edge_bins():
    model = CoverageModel(caps(24))
    assert [b for b in model.all_bins() if b.startswith("edge:")] == [
        "edge:exact_fit", "edge:straddle_bounced", "edge:straddle_refused"]
    runner = WorkRunner(NullAdapter(), SimpleNamespace(caps=caps(24)), AddressGuard(None, 24))
    limit = (1 << 24) - 1
    model.sample_work(runner.make([Copy(limit - 7, 0x1000, 8)]), [False])
    assert model.hits["edge"]["exact_fit"] == 1
    model.sample_work(runner.make([Copy(limit - 8, 0x1000, 8)]), [False])
    assert model.hits["edge"]["exact_fit"] == 1
    model.sample("edge", "straddle_refused")
    assert model.hits["edge"]["straddle_refused"] == 1
