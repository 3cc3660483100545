"""Simulation speed of the three ways to run dma_engine, on Icarus and Verilator, side by side.

    .venv/bin/python -m tests.fastbench.measure [--sims icarus,verilator] [--sizes 65536,...]

Prints simulated clock cycles per CPU-second of the simulator process for one copy mix at
DATA_WIDTH 64 (MAX_BURST_LEN 16, ADDR_WIDTH 32):
- device alone: benchmarks/bench_top.v, memory and clock in Verilog (the reference);
- AxiSlave path: bench.memory.AxiMemory (cocotbext-axi) + bench.monitor.AxiMonitor + guard;
- TLM path: hdl/tb/dma_engine_tb.v + bench.tlm_memory.TlmMemory (events once per burst) + guard,
  with a cocotb Clock and with the clock made in Verilog (define DMA_ENGINE_TB_OWN_CLOCK).
Both bench paths use the same models (Machine, Device, coherent buffers), the same AddressGuard
and the same minimal register driver (tests/fastbench/fastbench_cocotb.py). Targets (issue 11):
TLM path >= 0.7 x device alone on Icarus; >= 100,000 cycles per CPU-second on Verilator.
Printed, never asserted.
"""

from __future__ import annotations

import argparse
import sys

from tests.fastbench.fastrun import run

PATHS = (("device", "device alone (Verilog memory)"), ("axislave", "AxiSlave path + guard"),
         ("tlm", "TLM path + guard"), ("tlm-ownclk", "TLM path + guard, clock in Verilog"))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--sims", default="icarus,verilator")
    ap.add_argument("--sizes", default="65536,131072,65536")
    a = ap.parse_args(argv)
    sizes = [int(x) for x in a.sizes.split(",")]
    rows = {}
    for sim in a.sims.split(","):
        for path, _ in PATHS:
            rec = run(path.split("-")[0], sim, sizes=sizes, jobs=len(sizes), max_len=max(sizes),
                      own_clock=path.endswith("ownclk"), tag="speed")
            rows[sim, path] = rec["cycles"] / rec["cpu_s"]
            print(f"  {sim:9s} {path:9s} {rec['cycles']:9.0f} cycles {rec['cpu_s']:7.2f} CPU-s "
                  f"{rows[sim, path]:10,.0f} cycles/CPU-s", flush=True)
    print(f"\ncopy mix {'+'.join(str(s // 1024) + ' KiB' for s in sizes)}, DATA_WIDTH 64, "
          f"MAX_BURST_LEN 16 -- simulated cycles per CPU-second")
    print(f"{'':32s}" + "".join(f"{s:>14s}" for s in a.sims.split(",")))
    for path, label in PATHS:
        print(f"{label:32s}" + "".join(f"{rows[s, path]:14,.0f}" for s in a.sims.split(",")))
    for sim in a.sims.split(","):
        dev = rows[sim, "device"]
        print(f"{sim}: TLM / device alone = {rows[sim, 'tlm'] / dev:.2f} "
              f"({rows[sim, 'tlm-ownclk'] / dev:.2f} with the clock in Verilog), "
              f"AxiSlave / device alone = {rows[sim, 'axislave'] / dev:.2f}, "
              f"TLM / AxiSlave = {rows[sim, 'tlm'] / rows[sim, 'axislave']:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
