"""maskdma device-level bench: cocotb 2.1 + pyuvm 5 + cocotbext-axi around hdl/dma_engine.v.

Modules (one concern each; import them directly, this package imports nothing):
- ``widths``     the address-width matrix (the one list) and its parser;
- ``layouts``    ``models.Machine`` layouts per width and purpose;
- ``memory``     AXI4 memory: cocotbext-axi ``AxiSlave`` over ``models.PhysicalMemory``, error
                 injection (SLVERR/DECERR), latency, back-pressure;
- ``guard``      ``AddressGuard``: checks every AR/AW handshake against limit and mappings;
- ``sleeper``    ``CocotbSleeper``: the models' Sleeper in simulated time;
- ``driver``     ``DmaDriver``: probe, mask, buffers via the DMA API, registers, irq, errors;
- ``jobs``       buffer placement, job execution, guard bands, ``JobRecord``;
- ``scoreboard`` byte-by-byte checks of a job record; ``coverage`` the coverage model;
- ``env``        the pyuvm environment (items, agent, monitor, scoreboard, coverage, base test);
- ``sequences``  pyuvm sequences; ``tb`` the Testbench; ``sim_runner`` build/run per width.
"""
