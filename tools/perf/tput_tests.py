"""cocotb tests behind `make bench` section 1: copy throughput of dma_engine.

Configuration comes from the environment (tools/perf/runner.py): ``BENCH_CASES`` is a JSON list
of cases ``{"size": bytes, "latency": cycles, "memory": "lean" | "axiram"}`` and
``BENCH_OUT`` the JSON file the results are written to. ``DATA_WIDTH`` and ``MAX_BURST_LEN`` are
those the simulator image was built with (read back from CAPS).

Each case: the source (random bytes) and destination (zeroed) live in one memory; the copy is
programmed over AXI-Lite with the bench's ``DmaDriver`` (registers, then wait on ``irq``, then
read STATUS); an independent ``HandshakeCounter`` gives the beats and the cycle windows:
- bus window: first AR handshake .. last B handshake (inclusive);
- end-to-end window: first AXI-Lite AW handshake (programming starts) .. the R handshake of the
  STATUS read that returned DONE.
The destination is compared with the source after every case (a wrong copy fails the test).
"""

from __future__ import annotations

import json
import os
import random
import time
import warnings

import cocotb
from cocotb.clock import Clock
from cocotb.triggers import ClockCycles, RisingEdge
from cocotb.utils import get_sim_time

warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"cocotbext\.")

from bench.driver import CAPS, DmaDriver, ST_DONE, STATUS, ST_W1C  # noqa: E402
from lean_mem import HandshakeCounter, LeanAxiMem, LiteWatch  # noqa: E402

PERIOD_NS = 10
SRC = 0x10000


def _quiet():
    import logging
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


async def _one_case(dut, drv, mon, lite, memw, rd, case, dw, mbl):
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
    await drv.program_single(src, dst, size, irq=True)
    await drv.wait_irq(200 + 20 * size)
    status = await drv.read32(STATUS)
    await RisingEdge(dut.clk)
    await RisingEdge(dut.clk)
    wall = time.perf_counter() - t0
    cpu = time.process_time() - p0
    cycles_sim = round((get_sim_time("ns") - c0) / PERIOD_NS)
    await drv.write32(STATUS, ST_W1C)
    if not status & ST_DONE:
        raise AssertionError(f"copy of {size} B ended with STATUS 0x{status:08x}")
    got = rd(dst, size)
    if got != data:
        k = next(i for i in range(size) if got[i] != data[i])
        raise AssertionError(f"copy of {size} B wrong at offset {k}")
    nb = dw // 8
    beats = size // nb
    bus = mon.last["b"] - mon.first["ar"] + 1
    e2e = lite.last_r - lite.first_aw + 1
    r_b, w_b = mon.count["r"], mon.count["w"]
    return {
        "data_width": dw, "max_burst_len": mbl, "size": size, "latency": case["latency"],
        "memory": case["memory"], "beats": beats, "r_beats": r_b, "w_beats": w_b,
        "ar_bursts": mon.count["ar"], "aw_bursts": mon.count["aw"], "b_resps": mon.count["b"],
        "bus_cycles": bus, "e2e_cycles": e2e,
        "r_beats_per_cycle": r_b / bus, "w_beats_per_cycle": w_b / bus,
        "r_pct_limit": 100.0 * size / (bus * nb), "w_pct_limit": 100.0 * size / (bus * nb),
        "e2e_beats_per_cycle": beats / e2e, "e2e_pct_limit": 100.0 * size / (e2e * nb),
        "first_r_after_ar": mon.first["r"] - mon.first["ar"],
        "sim_cycles": cycles_sim, "wall_s": wall, "cpu_s": cpu,
        "cycles_per_s": cycles_sim / wall, "cycles_per_cpu_s": cycles_sim / cpu,
    }


async def _setup(dut):
    Clock(dut.clk, PERIOD_NS, unit="ns").start()
    dut.rst.value = 1
    drv = DmaDriver(dut, dut.clk, None, None, reset=dut.rst, clock_period_ns=PERIOD_NS)
    lite = LiteWatch(dut, dut.clk, PERIOD_NS).start()
    return drv, lite


def _cases(memory: str):
    return [c for c in json.loads(os.environ.get("BENCH_CASES", "[]")) if c["memory"] == memory]


def _emit(rows):
    out = os.environ.get("BENCH_OUT")
    if not out:
        return
    old = json.loads(open(out).read()) if os.path.exists(out) else []
    with open(out, "w") as f:
        json.dump(old + rows, f, indent=1)


async def _params(drv):
    caps = await drv.read32(CAPS)
    return 8 << ((caps >> 8) & 0xF), (caps >> 16) & 0x1FF


@cocotb.test()
async def throughput_lean(dut):
    """The matrix: lean zero-wait responder, optional pipelined read latency."""
    cases = _cases("lean")
    if not cases:
        return
    drv, lite = await _setup(dut)
    rows = []
    dw = mbl = None
    for case in cases:
        _, _, msize = _layout(case["size"])
        mem = LeanAxiMem(dut, dut.clk, msize, read_latency=case["latency"],
                         period_ns=PERIOD_NS).start()

        def memw(a, d, m=mem.mem):
            m[a:a + len(d)] = d

        def rd(a, n, m=mem.mem):
            return bytes(m[a:a + n])

        await _reset(dut)
        _quiet()
        if dw is None:
            dw, mbl = await _params(drv)
        rows.append(await _one_case(dut, drv, mem, lite, memw, rd, case, dw, mbl))
        dut._log.info("case %s", rows[-1])
        mem.stop()
    _emit(rows)


@cocotb.test()
async def throughput_axiram(dut):
    """cocotbext-axi AxiRam as the memory (zero wait only): can it sustain one beat/cycle?"""
    cases = _cases("axiram")
    if not cases:
        return
    from cocotbext.axi import AxiBus, AxiRam
    drv, lite = await _setup(dut)
    mon = HandshakeCounter(dut, dut.clk, period_ns=PERIOD_NS).start()
    msize = max(_layout(c["size"])[2] for c in cases)
    ram = AxiRam(AxiBus.from_prefix(dut, "m_axi"), dut.clk, dut.rst, size=msize)
    _quiet()
    await _reset(dut)
    dw, mbl = await _params(drv)
    rows = []
    for case in cases:
        rows.append(await _one_case(dut, drv, mon, lite, ram.write, ram.read, case, dw, mbl))
        dut._log.info("case %s", rows[-1])
    _emit(rows)
