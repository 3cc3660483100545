"""cocotb tests behind `make bench` section 1: copy throughput of dma_engine.

Configuration comes from the environment (``benchmarks.run_benchmarks``): ``BENCH_CASES`` is a
JSON list of cases ``{"size": bytes, "latency": cycles, "memory": "lean" | "axiram"}`` and
``BENCH_OUT`` the JSON file the results are written to. ``DATA_WIDTH`` and ``MAX_BURST_LEN`` are
those the simulator image was built with (read back from CAPS).

Each case: the source (random bytes) and destination (zeroed) live in one memory -- the bench's
``AxiMemory`` in its lean mode (zero wait or pipelined read latency), or cocotbext-axi's
``AxiRam`` as the third-party reference; the copy is programmed as the bench programs it
(``Engine``: the bench's ``DmaEngineAdapter`` over AXI-Lite, register names from the generated
``bench.engines.dma_engine_regs``), then the test waits on ``irq`` and reads STATUS; the bench's
``AxiMonitor`` with ``HandshakeStats`` subscribers gives the beats and the cycle windows:
- bus window: first AR handshake .. last B handshake (inclusive);
- end-to-end window: first AXI-Lite AW handshake (programming starts) .. the R handshake of the
  STATUS read that returned DONE.
The destination is compared with the source after every case (a wrong copy fails the test).
"""

from __future__ import annotations

import itertools
import json
import logging
import os
import random
import time

import cocotb
from cocotb.clock import Clock
from cocotb.triggers import First, RisingEdge, Timer
from cocotb.utils import get_sim_time

import models
from bench.adapter import BenchContext, Capabilities, Copy, Work
from bench.engines import dma_engine_regs as regs
from bench.engines.dma_engine import DmaEngineAdapter
from bench.memory import AxiMemory
from bench.monitor import AxiMonitor, HandshakeStats
from bench.ports import BusPorts
from bench.tb import quiet_bus_models

PERIOD_NS = 10
SRC = 0x10000
PORTS = BusPorts(clock="clk", reset="rst")
LITE = BusPorts(clock="clk", reset="rst", read_prefix="s_axil", write_prefix="s_axil")


class Engine:
    """dma_engine driven through the bench's ``DmaEngineAdapter`` without a Testbench (no
    models, no guard): reset, probe, a single copy programmed exactly as the bench programs it
    (``adapter.start``: SRC, DST, LEN, CTRL over cocotbext-axi ``AxiLiteMaster``), the ``irq``
    edge and the STATUS read that ends the measured window. The context has no DmaDriver:
    single copies need none (only chains take descriptors from the driver's dma pool)."""

    def __init__(self, dut, seed: int = 2008):
        self.dut = dut
        self.adapter = DmaEngineAdapter(PORTS)
        self.ctx = BenchContext(dut, PORTS, None, PERIOD_NS, random.Random(seed),
                                logging.getLogger("cocotb.bench.tput"))
        self.adapter.connect(self.ctx)
        self._ids = itertools.count(1)

    async def reset(self) -> None:
        await self.adapter.reset(self.ctx)

    async def probe(self) -> Capabilities:
        """ID check and CAPS decoded (DATA_WIDTH, MAX_BURST_LEN of the image)."""
        self.ctx.caps = await self.adapter.probe(self.ctx)
        return self.ctx.caps

    async def start_copy(self, src: int, dst: int, length: int) -> None:
        await self.adapter.start(self.ctx, Work(next(self._ids), [Copy(src, dst, length)]))

    async def wait_end(self, timeout_cycles: int) -> int:
        """Wait for the ``irq`` edge and return STATUS (read once: the end of the window)."""
        irq = self.adapter.irq
        if not int(irq.value):
            timer = Timer(timeout_cycles * PERIOD_NS, "ns")
            if await First(RisingEdge(irq), timer) is timer:
                raise AssertionError(f"no irq within {timeout_cycles} cycles (STATUS "
                                     f"0x{await self.adapter.registers.read32(regs.STATUS):08x})")
        return await self.adapter.registers.read32(regs.STATUS)

    async def acknowledge(self) -> None:
        await self.adapter.registers.write32(regs.STATUS, regs.STATUS_W1C)


def layout(size: int) -> tuple[int, int, int]:
    """src, dst, memory size: dst one page past the end of the source's pages."""
    dst = SRC + ((size + 0xFFF) & ~0xFFF) + 0x1000
    return SRC, dst, dst + size + 0x1000


def _cycles(t0: float | None, t1: float | None) -> int:
    return round((t1 - t0) / PERIOD_NS)


async def _one_case(dut, eng: Engine, mon: HandshakeStats, lite: HandshakeStats, memw, rd,
                    case: dict, caps: Capabilities) -> dict:
    """One copy; ``mon``/``lite``: HandshakeStats of the master and of the register port."""
    size = case["size"]
    src, dst, _ = layout(size)
    data = random.Random(size ^ case["latency"]).randbytes(size)
    memw(src, data)
    memw(dst, bytes(size))
    mon.arm()
    lite.arm()
    c0 = get_sim_time("ns")
    t0 = time.perf_counter()
    p0 = time.process_time()
    await eng.start_copy(src, dst, size)
    status = await eng.wait_end(200 + 20 * size)
    await RisingEdge(dut.clk)
    await RisingEdge(dut.clk)
    wall = time.perf_counter() - t0
    cpu = time.process_time() - p0
    cycles_sim = round((get_sim_time("ns") - c0) / PERIOD_NS)
    await eng.acknowledge()
    if not status & regs.STATUS_DONE:
        raise AssertionError(f"copy of {size} B ended with STATUS 0x{status:08x}")
    got = rd(dst, size)
    if got != data:
        k = next(i for i in range(size) if got[i] != data[i])
        raise AssertionError(f"copy of {size} B wrong at offset {k}")
    nb = caps.data_bytes
    beats = size // nb
    bus = _cycles(mon.first["AR"], mon.last["B"]) + 1
    e2e = _cycles(lite.first["AW"], lite.last["R"]) + 1
    r_b, w_b = mon.count["R"], mon.beats["AW"]  # R handshakes; W beats the AW bursts announced
    return {
        "data_width": caps.data_width, "max_burst_len": caps.max_burst_len, "size": size,
        "latency": case["latency"], "memory": case["memory"], "beats": beats, "r_beats": r_b,
        "w_beats": w_b, "ar_bursts": mon.count["AR"], "aw_bursts": mon.count["AW"],
        "b_resps": mon.count["B"], "bus_cycles": bus, "e2e_cycles": e2e,
        "r_beats_per_cycle": r_b / bus, "w_beats_per_cycle": w_b / bus,
        "r_pct_limit": 100.0 * size / (bus * nb), "w_pct_limit": 100.0 * size / (bus * nb),
        "e2e_beats_per_cycle": beats / e2e, "e2e_pct_limit": 100.0 * size / (e2e * nb),
        "first_r_after_ar": _cycles(mon.first["AR"], mon.first["R"]),
        "sim_cycles": cycles_sim, "wall_s": wall, "cpu_s": cpu,
        "cycles_per_s": cycles_sim / wall, "cycles_per_cpu_s": cycles_sim / max(cpu, 1e-9),
    }


def _watch(dut, ports: BusPorts) -> HandshakeStats:
    """HandshakeStats fed by an AxiMonitor publishing every handshake of ``ports``."""
    stats = HandshakeStats()
    AxiMonitor(dut, ports, responses="all").start().subscribe(stats)
    return stats


def _setup(dut) -> tuple[Engine, HandshakeStats, HandshakeStats]:
    """Clock (low first, reset asserted), the engine's adapter, register-port and master-port
    handshake statistics."""
    dut.rst.value = 1
    Clock(dut.clk, PERIOD_NS, unit="ns").start(start_high=False)
    return Engine(dut), _watch(dut, LITE), _watch(dut, PORTS)


def _cases(memory: str) -> list[dict]:
    return [c for c in json.loads(os.environ.get("BENCH_CASES", "[]")) if c["memory"] == memory]


def emit_rows(rows: list[dict]) -> None:
    """Append ``rows`` to the JSON list in BENCH_OUT (nothing without BENCH_OUT)."""
    out = os.environ.get("BENCH_OUT")
    if not out:
        return
    old = json.loads(open(out).read()) if os.path.exists(out) else []
    with open(out, "w") as f:
        json.dump(old + rows, f, indent=1)


async def _measure(dut, memory: str, serve) -> None:
    """Measure every case of ``memory``. ``serve(case)`` puts a memory on the master port and
    returns its backdoor write and read and the function that takes it off again."""
    cases = _cases(memory)
    if not cases:
        return
    eng, lite, mon = _setup(dut)
    rows = []
    caps = None
    for case in cases:
        memw, rd, release = serve(case)
        await eng.reset()
        quiet_bus_models(dut)
        caps = caps or await eng.probe()
        rows.append(await _one_case(dut, eng, mon, lite, memw, rd, case, caps))
        dut._log.info("case %s", rows[-1])
        release()
    emit_rows(rows)


@cocotb.test()
async def throughput_lean(dut):
    """The bench's AxiMemory in lean mode: zero wait, optional pipelined read latency."""

    def serve(case: dict):
        mem = AxiMemory(dut, models.PhysicalMemory(layout(case["size"])[2]), PORTS, lean=True,
                        read_latency=case["latency"])
        return mem.write, mem.read, mem.stop

    await _measure(dut, "lean", serve)


@cocotb.test()
async def throughput_axiram(dut):
    """cocotbext-axi AxiRam as the memory (zero wait only): can it sustain one beat/cycle? One
    AxiRam, sized for the largest case, serves every case."""
    from cocotbext.axi import AxiRam

    rams: list = []

    def serve(case: dict):
        if not rams:
            msize = max(layout(c["size"])[2] for c in _cases("axiram"))
            rams.append(AxiRam(PORTS.axi_bus(dut), dut.clk, dut.rst, size=msize))
        return rams[0].write, rams[0].read, lambda: None

    await _measure(dut, "axiram", serve)
