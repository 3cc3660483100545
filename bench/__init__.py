"""maskdma bench: cocotb 2.1 + pyuvm 5 + cocotbext-axi around any AXI4 DMA master.

Modules (one concern each; import them directly, this package imports nothing):
- ``widths``     the address-width matrix (the one list) and its parser;
- ``layouts``    ``models.Machine`` layouts per width and purpose;
- ``ports``      ``BusPorts``: how a DUT names its clock, reset and AXI4 master port;
- ``memory``     ``AxiMemory``: the AXI4 memory over ``models.PhysicalMemory`` (errors, latency,
                 back-pressure);
- ``tlm_memory`` ``TlmMemory``: the same memory served once per burst from hdl/tb/axi_mem_bfm.v
                 (the transaction-level fast path); ``error_windows`` the SLVERR/DECERR windows both
                 memories share;
- ``monitor``    ``AxiMonitor``: the one handshake monitor (bursts and responses);
- ``registers``  ``AxiLiteRegisters``: the one register layer over an AXI-Lite port;
- ``guard``      ``AddressGuard``: every burst against the grants of the work in flight;
- ``adapter``    ``EngineAdapter``, ``Capabilities``, ``Work``, ``WorkResult``: the engine
                 interface; ``engines.dma_engine`` and ``engines.nic_engine`` are the
                 adapters of hdl/dma_engine.v and hdl/nic_engine.v;
- ``driver``     ``DmaDriver``: the engine-free Linux-style driver (mask, mappings, pools);
- ``work``       ``WorkRunner``: brackets every piece of work for the guard;
- ``jobs``       buffer placement and jobs over mapped buffers;
- ``scoreboard`` prediction and checks of every piece of work; ``coverage`` the coverage model;
- ``sleeper``    ``CocotbSleeper``: the models' Sleeper in simulated time;
- ``env``        the pyuvm environment; ``sequences`` its sequences; ``tb`` the Testbench;
- ``machine``    several devices of different widths on one ``models.Machine``;
- ``suites``     the pyuvm test suites; ``sim_runner`` runs them per width; ``build`` builds
                 and runs simulator images (``simulators``: Icarus or Verilator).
"""
