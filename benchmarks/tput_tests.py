"""cocotb tests behind `make bench` section 1: copy throughput of dma_engine.

Configuration comes from the environment (``benchmarks.run_benchmarks``): ``BENCH_CASES`` is a
JSON list of cases ``{"size": bytes, "latency": cycles, "memory": "lean" | "axiram"}`` and
``BENCH_OUT`` the JSON file the results are written to. ``DATA_WIDTH`` and ``MAX_BURST_LEN`` are
those the simulator image was built with (read back from CAPS).

Each case: the source (random bytes) and destination (zeroed) live in one memory -- the bench's
``AxiMemory`` in its lean mode (zero wait or pipelined read latency), or cocotbext-axi's
``AxiRam`` as the third-party reference; the copy is programmed over AXI-Lite (``Regs``: the
generated register map, then wait on ``irq``, then read STATUS); the bench's ``AxiMonitor``
with ``HandshakeStats`` subscribers gives the beats and the cycle windows:
- bus window: first AR handshake .. last B handshake (inclusive);
- end-to-end window: first AXI-Lite AW handshake (programming starts) .. the R handshake of the
  STATUS read that returned DONE.
The destination is compared with the source after every case (a wrong copy fails the test).
"""

from __future__ import annotations

import json
import logging
import os
import random
import time

import cocotb
from cocotb.clock import Clock
from cocotb.triggers import ClockCycles, First, RisingEdge, Timer
from cocotb.utils import get_sim_time
from cocotbext.axi import AxiLiteBus, AxiLiteMaster

import models
from bench.engines.dma_engine_regs import (CAPS, CAPS_DATA_BYTES_LOG2_MASK,
                                           CAPS_DATA_BYTES_LOG2_SHIFT, CAPS_MAX_BURST_LEN_MASK,
                                           CAPS_MAX_BURST_LEN_SHIFT, CTRL, CTRL_IRQ_EN,
                                           CTRL_START, DST_LO, LEN, SRC_LO, STATUS, STATUS_DONE,
                                           STATUS_W1C)
from bench.memory import AxiMemory
from bench.monitor import AxiMonitor, HandshakeStats
from bench.ports import BusPorts

PERIOD_NS = 10
SRC = 0x10000
PORTS = BusPorts(clock="clk", reset="rst")
LITE = BusPorts(clock="clk", reset="rst", read_prefix="s_axil", write_prefix="s_axil")


class Regs:
    """dma_engine's registers over AXI-Lite (cocotbext-axi ``AxiLiteMaster``)."""

    def __init__(self, dut):
        self.dut = dut
        self.axil = AxiLiteMaster(AxiLiteBus.from_prefix(dut, "s_axil"), dut.clk, dut.rst)

    async def read32(self, off: int) -> int:
        resp = await self.axil.read(off, 4)
        if int(resp.resp):
            raise AssertionError(f"AXI-Lite read of 0x{off:02x} answered {resp.resp}")
        return int.from_bytes(resp.data, "little")

    async def write32(self, off: int, value: int) -> None:
        resp = await self.axil.write(off, (value & 0xFFFFFFFF).to_bytes(4, "little"))
        if int(resp.resp):
            raise AssertionError(f"AXI-Lite write of 0x{off:02x} answered {resp.resp}")

    async def program_single(self, src: int, dst: int, length: int) -> None:
        for off, value in ((SRC_LO, src), (DST_LO, dst)):
            await self.write32(off, value)
            await self.write32(off + 4, value >> 32)
        await self.write32(LEN, length)
        await self.write32(CTRL, CTRL_START | CTRL_IRQ_EN)

    async def wait_irq(self, timeout_cycles: int) -> None:
        if int(self.dut.irq.value):
            return
        timer = Timer(timeout_cycles * PERIOD_NS, "ns")
        if await First(RisingEdge(self.dut.irq), timer) is timer:
            raise AssertionError(f"no irq within {timeout_cycles} cycles (STATUS "
                                 f"0x{await self.read32(STATUS):08x})")

    async def params(self) -> tuple[int, int]:
        """(DATA_WIDTH, MAX_BURST_LEN) from CAPS."""
        caps = await self.read32(CAPS)
        return (8 << ((caps >> CAPS_DATA_BYTES_LOG2_SHIFT) & CAPS_DATA_BYTES_LOG2_MASK),
                (caps >> CAPS_MAX_BURST_LEN_SHIFT) & CAPS_MAX_BURST_LEN_MASK)


def _quiet():
    for name in list(logging.root.manager.loggerDict):
        if name.startswith("cocotb.") and (".m_axi" in name or ".s_axil" in name):
            logging.getLogger(name).setLevel(logging.WARNING)


async def _reset(dut):
    dut.rst.value = 1
    await ClockCycles(dut.clk, 5)
    dut.rst.value = 0
    await ClockCycles(dut.clk, 2)


def _layout(size: int) -> tuple[int, int, int]:
    """src, dst, memory size: dst one page (plus a 64-byte skew) past the source."""
    dst = SRC + ((size + 0xFFF) & ~0xFFF) + 0x1000
    return SRC, dst, dst + size + 0x1000


def _cycles(t0: float | None, t1: float | None) -> int:
    return round((t1 - t0) / PERIOD_NS)


async def _one_case(dut, regs, mon, lite, memw, rd, case, dw, mbl):
    """One copy; ``mon``/``lite``: HandshakeStats of the master and of the register port."""
    size = case["size"]
    src, dst, _ = _layout(size)
    data = random.Random(size ^ case["latency"]).randbytes(size)
    memw(src, data)
    memw(dst, bytes(size))
    mon.arm()
    lite.arm()
    c0 = get_sim_time("ns")
    t0 = time.perf_counter()
    p0 = time.process_time()
    await regs.program_single(src, dst, size)
    await regs.wait_irq(200 + 20 * size)
    status = await regs.read32(STATUS)
    await RisingEdge(dut.clk)
    await RisingEdge(dut.clk)
    wall = time.perf_counter() - t0
    cpu = time.process_time() - p0
    cycles_sim = round((get_sim_time("ns") - c0) / PERIOD_NS)
    await regs.write32(STATUS, STATUS_W1C)
    if not status & STATUS_DONE:
        raise AssertionError(f"copy of {size} B ended with STATUS 0x{status:08x}")
    got = rd(dst, size)
    if got != data:
        k = next(i for i in range(size) if got[i] != data[i])
        raise AssertionError(f"copy of {size} B wrong at offset {k}")
    nb = dw // 8
    beats = size // nb
    bus = _cycles(mon.first["AR"], mon.last["B"]) + 1
    e2e = _cycles(lite.first["AW"], lite.last["R"]) + 1
    r_b, w_b = mon.count["R"], mon.beats["AW"]  # R handshakes; W beats the AW bursts announced
    return {
        "data_width": dw, "max_burst_len": mbl, "size": size, "latency": case["latency"],
        "memory": case["memory"], "beats": beats, "r_beats": r_b, "w_beats": w_b,
        "ar_bursts": mon.count["AR"], "aw_bursts": mon.count["AW"], "b_resps": mon.count["B"],
        "bus_cycles": bus, "e2e_cycles": e2e,
        "r_beats_per_cycle": r_b / bus, "w_beats_per_cycle": w_b / bus,
        "r_pct_limit": 100.0 * size / (bus * nb), "w_pct_limit": 100.0 * size / (bus * nb),
        "e2e_beats_per_cycle": beats / e2e, "e2e_pct_limit": 100.0 * size / (e2e * nb),
        "first_r_after_ar": _cycles(mon.first["AR"], mon.first["R"]),
        "sim_cycles": cycles_sim, "wall_s": wall, "cpu_s": cpu,
        "cycles_per_s": cycles_sim / wall, "cycles_per_cpu_s": cycles_sim / cpu,
    }


def _watch(dut, ports: BusPorts) -> HandshakeStats:
    """HandshakeStats fed by an AxiMonitor publishing every handshake of ``ports``."""
    stats = HandshakeStats()
    AxiMonitor(dut, ports, responses="all").start().subscribe(stats)
    return stats


async def _setup(dut):
    Clock(dut.clk, PERIOD_NS, unit="ns").start()
    dut.rst.value = 1
    return Regs(dut), _watch(dut, LITE), _watch(dut, PORTS)


def _cases(memory: str):
    return [c for c in json.loads(os.environ.get("BENCH_CASES", "[]")) if c["memory"] == memory]


def _emit(rows):
    out = os.environ.get("BENCH_OUT")
    if not out:
        return
    old = json.loads(open(out).read()) if os.path.exists(out) else []
    with open(out, "w") as f:
        json.dump(old + rows, f, indent=1)


@cocotb.test()
async def throughput_lean(dut):
    """The bench's AxiMemory in lean mode: zero wait, optional pipelined read latency."""
    cases = _cases("lean")
    if not cases:
        return
    regs, lite, mon = await _setup(dut)
    rows = []
    dw = mbl = None
    for case in cases:
        _, _, msize = _layout(case["size"])
        mem = AxiMemory(dut, models.PhysicalMemory(msize), PORTS, lean=True,
                        read_latency=case["latency"])
        await _reset(dut)
        _quiet()
        if dw is None:
            dw, mbl = await regs.params()
        rows.append(await _one_case(dut, regs, mon, lite, mem.write, mem.read, case, dw, mbl))
        dut._log.info("case %s", rows[-1])
        mem.stop()
    _emit(rows)


@cocotb.test()
async def throughput_axiram(dut):
    """cocotbext-axi AxiRam as the memory (zero wait only): can it sustain one beat/cycle?"""
    cases = _cases("axiram")
    if not cases:
        return
    from cocotbext.axi import AxiRam
    regs, lite, mon = await _setup(dut)
    msize = max(_layout(c["size"])[2] for c in cases)
    ram = AxiRam(PORTS.axi_bus(dut), dut.clk, dut.rst, size=msize)
    _quiet()
    await _reset(dut)
    dw, mbl = await regs.params()
    rows = []
    for case in cases:
        rows.append(await _one_case(dut, regs, mon, lite, ram.write, ram.read, case, dw, mbl))
        dut._log.info("case %s", rows[-1])
    _emit(rows)
