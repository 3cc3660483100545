"""Standalone cocotb checks of hdl/stream_dma.v with the bench's AxiMemory (over a sparse
``models.PhysicalMemory`` of 2**ADDR_WIDTH bytes) on its split ports and the bench's AxiMonitor
recording every AR/AW burst (no driver, guard or adapter): aligned copies land exactly (also
across 4 KiB and at the top of the address space), every burst lies inside the job, respects
4 KiB, AxSIZE and MAX_BURST_LEN; out-of-range, wrapping, zero-length and unaligned work is refused
with its error code and no burst; abort stops a copy between bursts."""
from __future__ import annotations

import json
import os
import random

import cocotb
from cocotb.clock import Clock
from cocotb.triggers import ClockCycles, ReadOnly, RisingEdge

import models
from bench.memory import AxiMemory
from bench.monitor import AxiMonitor, Burst
from bench.ports import BusPorts
from bench.tb import quiet_bus_models

PARAMS = json.loads(os.environ["STREAM_DMA_PARAMS"])
W = PARAMS["ADDR_WIDTH"]
BYTES = PARAMS["DATA_WIDTH"] // 8
MAX_BURST = PARAMS["MAX_BURST_LEN"]
ERR_NONE, ERR_LEN0, ERR_RANGE, ERR_ALIGN, ERR_BUS, ERR_ABORT = range(6)
PORTS = BusPorts(clock="aclk", reset="aresetn", reset_active_low=True, read_prefix="m_axi_rd",
                 write_prefix="m_axi_wr")


class StreamDmaTb:
    """Clock, active-low reset, an AxiMemory on m_axi_rd_*/m_axi_wr_*, the descriptor and status
    streams, and ``bursts``: every AR/AW handshake, from an AxiMonitor."""

    def __init__(self, dut):
        self.dut = dut
        cocotb.start_soon(Clock(dut.aclk, 10, unit="ns").start())
        self.mem = AxiMemory(dut, models.PhysicalMemory(2**W), PORTS)
        quiet_bus_models(dut)
        self.bursts: list[Burst] = []
        self.monitor = AxiMonitor(dut, PORTS, responses="none")
        self.monitor.subscribe(self.bursts.append)
        self.monitor.start()

    async def reset(self) -> None:
        d = self.dut
        d.s_axis_desc_valid.value = 0
        d.m_axis_stat_ready.value = 0
        d.abort_req.value = 0
        await PORTS.assert_reset(d, 4)

    async def submit(self, src: int, dst: int, length: int, tag: int) -> None:
        d = self.dut
        d.s_axis_desc_src_addr.value = src
        d.s_axis_desc_dst_addr.value = dst
        d.s_axis_desc_len.value = length
        d.s_axis_desc_tag.value = tag
        d.s_axis_desc_valid.value = 1
        while True:
            await RisingEdge(d.aclk)
            if d.s_axis_desc_ready.value == 1:
                break
        d.s_axis_desc_valid.value = 0

    async def status(self, timeout: int = 200_000, hold: int = 0) -> tuple[int, int]:
        """(error, tag) of the next status; `hold` cycles of ready low after valid first shows."""
        d = self.dut
        for _ in range(timeout):
            await RisingEdge(d.aclk)
            if d.m_axis_stat_valid.value == 1:
                break
        else:
            raise AssertionError(f"no status within {timeout} cycles")
        for _ in range(hold):
            assert d.s_axis_desc_ready.value == 0, "descriptor accepted while a status is pending"
            await RisingEdge(d.aclk)
            assert d.m_axis_stat_valid.value == 1, "status dropped before it was taken"
        result = (int(d.m_axis_stat_error.value), int(d.m_axis_stat_tag.value))
        d.m_axis_stat_ready.value = 1
        await RisingEdge(d.aclk)
        d.m_axis_stat_ready.value = 0
        return result

    async def copy(self, src: int, dst: int, length: int, tag: int, hold: int = 0) -> int:
        await self.submit(src, dst, length, tag)
        err, got_tag = await self.status(hold=hold)
        assert got_tag == tag, f"status tag {got_tag}, expected {tag}"
        return err


def check_bursts(bursts: list[Burst], src: int, dst: int, length: int) -> None:
    """Every burst inside its side of the job, within 4 KiB, of the full data width and at most
    MAX_BURST_LEN beats; all bytes covered."""
    for b in bursts:
        lo = src if b.channel == "AR" else dst
        what = b.describe()
        assert lo <= b.first and b.last <= lo + length - 1, \
            f"{what} outside [{lo:#x}, +{length:#x})"
        assert b.first // 4096 == b.last // 4096, f"{what} crosses 4 KiB"
        assert b.size == BYTES, f"{what}: size {b.size} B, the data width is {BYTES} B"
        assert 1 <= b.length <= MAX_BURST, f"{what} longer than MAX_BURST_LEN {MAX_BURST}"
    for ch in ("AR", "AW"):
        assert sum(b.nbytes for b in bursts if b.channel == ch) == length, f"{ch} bytes"


@cocotb.test()
async def copies(dut):
    """Random aligned copies, one ending exactly at 2^W - 1, each checked byte for byte."""
    tb = StreamDmaTb(dut)
    await tb.reset()
    rng = random.Random(8)
    top = 2**W
    jobs = [(0x1000 - 2 * BYTES, 0x5000 - 6 * BYTES, 3 * 4096), (0x100, 0x800, BYTES),
            (0x2000, top - 4096 - 2 * BYTES, 4096 + 2 * BYTES)]
    for _ in range(6):
        length = rng.randrange(1, 3 * 4096 // BYTES) * BYTES
        src = rng.randrange(0, 0x40000, BYTES)
        jobs.append((src, src + 0x40000 + rng.randrange(0, 0x10000, BYTES), length))
    for tag, (src, dst, length) in enumerate(jobs):
        data = rng.randbytes(length)
        tb.mem.write(src, data)
        tb.mem.write(dst - BYTES, b"\xee" * (min(dst + length + BYTES, top) - dst + BYTES))
        tb.bursts.clear()
        err = await tb.copy(src, dst, length, tag % 2**PARAMS["TAG_WIDTH"], hold=tag % 3)
        assert err == ERR_NONE, f"copy {src:#x}->{dst:#x} +{length:#x}: error {err}"
        assert tb.mem.read(dst, length) == data, f"copy {src:#x}->{dst:#x} +{length:#x}: data"
        assert tb.mem.read(dst - BYTES, BYTES) == b"\xee" * BYTES, "byte before dst written"
        if dst + length < top:
            assert tb.mem.read(dst + length, BYTES) == b"\xee" * BYTES, "byte after dst written"
        check_bursts(tb.bursts, src, dst, length)


@cocotb.test()
async def refusals(dut):
    """Out-of-range, wrapping, zero-length and unaligned jobs end in their error, no burst."""
    tb = StreamDmaTb(dut)
    await tb.reset()
    top, wrap = 2**W, 2**64
    cases = [
        ("len 0", 0x1000, 0x2000, 0, ERR_LEN0),
        ("src ends past 2^W-1", top - BYTES, 0x2000, 2 * BYTES, ERR_RANGE),
        ("dst ends past 2^W-1", 0x1000, top - 4 * BYTES, 8 * BYTES, ERR_RANGE),
        ("src at 2^W", top, 0x2000, BYTES, ERR_RANGE),
        ("dst above 2^W", 0x1000, top + 0x1000, BYTES, ERR_RANGE),
        ("src wraps 2^64", wrap - BYTES, 0x2000, 2 * BYTES, ERR_RANGE),
        ("dst wraps 2^64", 0x1000, wrap - 2 * BYTES, 4 * BYTES, ERR_RANGE),
        ("src unaligned", 0x1001, 0x2000, 4 * BYTES, ERR_ALIGN),
        ("dst unaligned", 0x1000, 0x2000 + BYTES // 2, 4 * BYTES, ERR_ALIGN),
        ("len unaligned", 0x1000, 0x2000, 4 * BYTES + 1, ERR_ALIGN),
    ]
    if W < 64:
        cases.append(("range and unaligned: range first", top - 1, 0x2000, 8, ERR_RANGE))
    for tag, (what, src, dst, length, expect) in enumerate(cases):
        tb.bursts.clear()
        err = await tb.copy(src, dst, length, tag)
        await ClockCycles(dut.aclk, 20)
        assert err == expect, f"{what}: error {err}, expected {expect}"
        assert not tb.bursts, f"{what}: bursts issued for refused work: {tb.bursts}"
    tb.mem.write(0x1000, bytes(range(64)))
    assert await tb.copy(0x1000, 0x3000, 64, 7) == ERR_NONE, "copy after refusals"
    assert tb.mem.read(0x3000, 64) == bytes(range(64))


@cocotb.test()
async def abort_between_bursts(dut):
    """abort_req during a long copy: ERR_ABORT, no AR/AW issued after the pulse was sampled."""
    tb = StreamDmaTb(dut)
    await tb.reset()
    length = 64 * MAX_BURST * BYTES
    for after in (3, 4):  # during a write burst, during a read burst
        tb.bursts.clear()
        await tb.submit(0x10000, 0x80000, length, after)
        while len(tb.bursts) < after:
            await RisingEdge(dut.aclk)
        dut.abort_req.value = 1
        await RisingEdge(dut.aclk)
        dut.abort_req.value = 0
        await ReadOnly()  # the monitor has published the handshakes of this edge
        seen = len(tb.bursts)
        assert (await tb.status()) == (ERR_ABORT, after), "abort status"
        await ClockCycles(dut.aclk, 50)
        assert len(tb.bursts) == seen, f"bursts after abort: {tb.bursts[seen:]}"
        assert seen < 2 * length // (MAX_BURST * BYTES), "abort did not stop the copy"
    assert await tb.copy(0x1000, 0x3000, 4 * BYTES, 6) == ERR_NONE, "copy after abort"
