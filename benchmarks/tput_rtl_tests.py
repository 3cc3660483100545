"""cocotb test behind `make bench` section 1 (the matrix): dma_engine inside benchmarks/bench_top.v.

bench_top serves the engine's AXI4 master with a lean zero-wait memory written in Verilog (the
protocol timing of ``bench.memory.AxiMemory``'s lean mode, pipelined read latency
``cfg_rd_latency``) and counts handshakes at the signal level, so that copies of up to 1 MiB
simulate at Icarus speed. Python only programs the registers (``tput_tests.Engine``: the bench's
``DmaEngineAdapter`` over AXI-Lite, wait on ``irq``, STATUS read), fills/checks the buffers
through bench_top's pattern ports and reads the counters.
Cases: ``BENCH_CASES`` (JSON list of {"size", "latency"}), results appended to ``BENCH_OUT``.
"""

from __future__ import annotations

import json
import os
import time

import cocotb
from cocotb.triggers import RisingEdge
from cocotb.utils import get_sim_time

from bench.engines import dma_engine_regs as regs
from bench.tb import quiet_bus_models
from benchmarks.bench_top_ports import BenchTopPorts
from benchmarks.tput_tests import PERIOD_NS, Engine, emit_rows, layout


@cocotb.test()
async def throughput_rtl(dut):
    cases = json.loads(os.environ.get("BENCH_CASES", "[]"))
    # bench_top generates its own 10 ns clock (see bench_top.v)
    top = BenchTopPorts(dut)
    dut.rst.value = 1
    eng = Engine(dut)
    await eng.reset()
    quiet_bus_models(dut)
    caps = await eng.probe()
    dw, mbl, nb = caps.data_width, caps.max_burst_len, caps.data_bytes
    top.nb = nb
    rows = []
    for i, case in enumerate(cases):
        size, lat = case["size"], case["latency"]
        src, dst, _ = layout(size)
        words = size // nb
        dut.cfg_rd_latency.value = lat
        await top.prepare(src, dst, size, 0x5EED0000 + i)
        await top.pulse(dut.mon_clear)
        t0, p0, s0 = time.perf_counter(), time.process_time(), get_sim_time("ns")
        await eng.start_copy(src, dst, size)
        status = await eng.wait_end(200 + 20 * words)
        await RisingEdge(dut.clk)
        await RisingEdge(dut.clk)
        wall, cpu = time.perf_counter() - t0, time.process_time() - p0
        cycles_sim = round((get_sim_time("ns") - s0) / PERIOD_NS)
        g = lambda n: int(getattr(dut, n).value)  # noqa: E731
        c = {n: g(n) for n in ("cnt_ar", "cnt_r", "cnt_aw", "cnt_w", "cnt_b", "first_ar",
                                "last_b", "lite_first_aw", "lite_last_r", "first_r")}
        await eng.acknowledge()
        if not status & regs.STATUS_DONE:
            raise AssertionError(f"copy of {size} B ended with STATUS 0x{status:08x}")
        bad = await top.mismatches(dst, size)
        if bad:
            raise AssertionError(f"copy of {size} B: {bad} destination words differ")
        bus = c["last_b"] - c["first_ar"] + 1
        e2e = c["lite_last_r"] - c["lite_first_aw"] + 1
        rows.append({
            "data_width": dw, "max_burst_len": mbl, "size": size, "latency": lat,
            "memory": "lean", "responder": "verilog", "beats": words,
            "r_beats": c["cnt_r"], "w_beats": c["cnt_w"], "ar_bursts": c["cnt_ar"],
            "aw_bursts": c["cnt_aw"], "b_resps": c["cnt_b"], "bus_cycles": bus,
            "e2e_cycles": e2e, "r_beats_per_cycle": c["cnt_r"] / bus,
            "w_beats_per_cycle": c["cnt_w"] / bus, "r_pct_limit": 100.0 * size / (bus * nb),
            "w_pct_limit": 100.0 * size / (bus * nb), "e2e_beats_per_cycle": words / e2e,
            "e2e_pct_limit": 100.0 * size / (e2e * nb),
            "first_r_after_ar": c["first_r"] - c["first_ar"], "sim_cycles": cycles_sim,
            "wall_s": wall, "cpu_s": cpu, "cycles_per_s": cycles_sim / wall,
            "cycles_per_cpu_s": cycles_sim / max(cpu, 1e-9)})
        dut._log.info("case %s", rows[-1])
    emit_rows(rows)
