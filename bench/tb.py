"""Testbench: one simulated DMA engine with its clock, memory, guard, driver, work runner and models.

``Testbench(dut, adapter)`` binds the engine through its ``EngineAdapter`` (default: the
``hdl/dma_engine.v`` adapter) and the adapter's ``BusPorts``; address width, legacy expectation
and seed come from the environment set by ``bench.sim_runner`` (MASKDMA_ADDR_WIDTH,
MASKDMA_LEGACY, MASKDMA_SEED, MASKDMA_RESULT_DIR) unless given.

- ``build(purpose)`` (the pyuvm build phase): starts the clock, boots a ``models.Machine``
  (layout ``purpose``, see ``bench.layouts``), builds the AXI memory over it, the address guard,
  the Linux-style driver, the adapter's bus models (``adapter.connect``), the work runner
  (``bench.work``) and the job runner (``bench.jobs``).
- The memory (``memory=`` or MASKDMA_MEMORY): "axi" serves the engine's AXI4 master port with
  cocotbext-axi's ``AxiSlave`` (``bench.memory.AxiMemory``) and watches it with the per-cycle
  ``AxiMonitor``; "tlm" needs the testbench top ``hdl/tb/dma_engine_tb.v`` and serves it once per
  burst (``bench.tlm_memory.TlmMemory``, also the source of the bus events) and shows the bench's
  state in its ``tb_*`` signals (job id and grants at submit, the device limit, the rule code of
  each guard violation, the error-response flag). Default: "tlm" when the top has the
  transaction-level memory, else "axi". MASKDMA_TB_CLOCK=verilog: the top makes its own clock
  (built with ``DMA_ENGINE_TB_OWN_CLOCK``); no cocotb Clock is started. MASKDMA_MARKS=<path>:
  the time of every job start and guard violation is written there as JSON with the results
  (named markers of ``make waves``).
- ``bus_monitor()``: the bus-event source of the memory in use (``subscribe``/``start``).
- ``await start()``: resets the engine, probes it and sets the DMA mask from its capabilities.
  ``start(monitor=True)`` also starts an ``AxiMonitor`` feeding the guard, for use without the
  pyuvm environment (which has its own monitor component).
- ``await boot(purpose)``: retire the current machine and boot another layout.
- ``retire()``: destroy the driver's pools and require a quiescent machine (no live mappings,
  free counts back to their boot values) -- every test ends with it.
"""

from __future__ import annotations

import json
import logging
import os
import random
import warnings

from cocotb.clock import Clock

import models

from bench.adapter import BenchContext, Capabilities, EngineAdapter
from bench.driver import DmaDriver
from bench.guard import AddressGuard
from bench.jobs import JobRunner
from bench.layouts import machine_kwargs
from bench.memory import AxiMemory
from bench.sleeper import CocotbSleeper
from bench.work import WorkRunner

PERIOD_NS = 10
MEMORIES = ("axi", "tlm")

# cocotbext-axi 0.1.28 and pyuvm 5.0 use APIs cocotb 2.1 deprecates (NOTES.md): keep the log clean.
warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"cocotbext\.")
warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"pyuvm\.")


class Testbench:
    """See the module docstring. Public attributes: ``dut``, ``adapter``, ``ports``, ``width``,
    ``legacy``, ``seed``, ``rng``, ``machine``, ``device``, ``driver``, ``ctx``, ``mem``,
    ``guard``, ``work``, ``jobs``, ``caps``, ``sleeper``."""

    def __init__(self, dut, adapter: EngineAdapter | None = None, *, width: int | None = None,
                 legacy: bool | None = None, seed: int | None = None,
                 test_name: str | None = None, period_ns: float = PERIOD_NS,
                 memory: str | None = None):
        if adapter is None:
            from bench.engines.dma_engine import DmaEngineAdapter

            adapter = DmaEngineAdapter()
        self.dut = dut
        self.adapter = adapter
        self.ports = adapter.ports
        bus_width = len(self.ports.signal(dut, "araddr"))
        env_width = os.environ.get("MASKDMA_ADDR_WIDTH")
        self.width = width if width is not None else int(env_width or bus_width)
        self.legacy = (os.environ.get("MASKDMA_LEGACY", "0") == "1") if legacy is None else legacy
        self.seed = int(os.environ.get("MASKDMA_SEED", "2008")) if seed is None else seed
        self.test_name = test_name or os.environ.get("MASKDMA_TEST", "adhoc")
        self.result_dir = os.environ.get("MASKDMA_RESULT_DIR")
        self.period_ns = period_ns
        # One seed for the whole run (SEED=); each width and test draws its own stream from it.
        self.rng = random.Random(f"{self.seed}/{self.width}/{self.test_name}")
        self.log = logging.getLogger("cocotb.bench")
        self.sleeper = CocotbSleeper()
        self.machine = None
        self.device = None
        self.driver: DmaDriver | None = None
        self.ctx: BenchContext | None = None
        self.mem: AxiMemory | None = None
        self.guard: AddressGuard | None = None
        self.work: WorkRunner | None = None
        self.jobs: JobRunner | None = None
        self.caps: Capabilities | None = None
        self.monitor = None
        self.memory_kind = _memory_kind(dut, memory)
        self.tb_state = None
        self.marks: list[dict] | None = [] if os.environ.get("MASKDMA_MARKS") else None
        self.boots = 0
        self.retired_machines = 0
        self.bounced_total = 0
        if bus_width != self.width:
            raise AssertionError(f"built with {self.ports.signal_name('araddr')} of {bus_width} "
                                 f"bits but the bench expects ADDR_WIDTH {self.width}")

    # -- bring-up ------------------------------------------------------------------------------
    def build(self, purpose: str = "default") -> None:
        """Clock, models, memory, guard, driver, adapter bus models, runners (no time passes)."""
        dut, ports = self.dut, self.ports
        self.log.info("Testbench: test %s, engine %s, ADDR_WIDTH %d, LEGACY %d, seed %d",
                      self.test_name, self.adapter.name, self.width, self.legacy, self.seed)
        # Reset asserted now, clock low first: the first rising edge comes after the bus models
        # (built below, before any simulated time) have seen the reset.
        ports.reset_signal(dut).value = ports.reset_level
        if os.environ.get("MASKDMA_TB_CLOCK", "") != "verilog":
            Clock(ports.clock_signal(dut), self.period_ns, unit="ns").start(start_high=False)
        self._boot_models(purpose)
        self.driver = DmaDriver(self.machine, self.device)
        self.ctx = BenchContext(dut, ports, self.driver, self.period_ns,
                                random.Random(self.rng.randrange(1 << 30)), self.log)
        self.guard = AddressGuard(self.device, self.width, period_ns=self.period_ns)
        if self.memory_kind == "tlm":
            self._build_tlm_memory()
        else:
            self.mem = AxiMemory(dut, self.machine.memory, ports)
        self.adapter.connect(self.ctx)
        self.work = WorkRunner(self.adapter, self.ctx, self.guard)
        if self.tb_state is not None or self.marks is not None:
            self.work.listeners.append(self._show_work)
        if self.marks is not None:
            self.guard.listeners.append(self._mark_violation)
        self.jobs = JobRunner(self)
        quiet_bus_models(dut)

    def _build_tlm_memory(self) -> None:
        """TlmMemory serving from before the first clock edge; TbState fed by the guard (rule
        codes), the memory (error responses) and the work runner (``_show_work``)."""
        from bench.tlm_memory import TbState, TlmMemory

        self.mem = TlmMemory(self.dut, self.machine.memory, period_ns=self.period_ns)
        self.tb_state = TbState(self.dut)
        self.guard.listeners.append(self.tb_state.guard_listener)
        self.mem.subscribe(self.tb_state.observe)
        self.mem.start()

    def _show_work(self, event) -> None:
        if event.kind == "submitted" and self.marks is not None:
            self.marks.append({"kind": "job", "time_ns": event.time_ns,
                               "label": f"job {event.work.id}"})
        if self.tb_state is None:
            return
        if event.kind == "submitted":
            self.tb_state.job(event.work.id, self.guard.grants(event.work.id))
        elif event.kind == "completed" and not self.work.in_flight:
            self.tb_state.idle()

    def _mark_violation(self, kind: str, obj) -> None:
        if kind == "violation":
            self.marks.append({"kind": "violation", "time_ns": obj.burst.time_ns,
                               "label": obj.rule})

    def bus_monitor(self):
        """The bus-event source for the guard (``subscribe(callback)``, ``start()``): the
        transaction-level memory itself, or a new per-cycle ``AxiMonitor`` on the AXI path."""
        if self.memory_kind == "tlm":
            return self.mem
        from bench.monitor import AxiMonitor

        return AxiMonitor(self.dut, self.ports)

    async def start(self, monitor: bool = False) -> Capabilities:
        """Reset and probe the engine, set the DMA mask; returns its capabilities."""
        if self.work is None:
            self.build()
        if monitor:
            self.monitor = self.bus_monitor()
            self.monitor.subscribe(self.guard.observe)
            self.monitor.start()
        await self.work.reset()
        caps = await self.adapter.probe(self.ctx)
        if caps.addr_width != self.width:
            raise AssertionError(f"{caps.name} reports ADDR_WIDTH {caps.addr_width}, the bench "
                                 f"expects {self.width}")
        self.caps = self.ctx.caps = caps
        self.driver.set_mask(caps.addr_width)
        if self.tb_state is not None:
            self.tb_state.limit(caps.limit)
        return caps

    def _boot_models(self, purpose: str) -> None:
        kw = machine_kwargs(self.width, purpose)
        self.machine = models.Machine(sleeper=self.sleeper, seed=self.seed, **kw)
        self.device = models.Device(self.machine, self.adapter.name)
        self.boots += 1
        self.log.info("booted %r (layout %s)", self.machine, purpose)

    async def boot(self, purpose: str) -> None:
        """Shut the adapter down (``EngineAdapter.shutdown``: it gives back what it keeps
        across works), retire the current machine and boot a new one with the given layout."""
        await self.adapter.shutdown(self.ctx)
        self.retire()
        self._boot_models(purpose)
        self.mem.memory = self.machine.memory
        self.guard.device = self.device
        self.driver.rebind(self.machine, self.device)
        self.driver.set_mask(self.caps.addr_width)

    def retire(self) -> None:
        """Destroy the driver's pools and require a quiescent machine."""
        if self.machine is None:
            return
        if self.work.in_flight:
            raise AssertionError(f"retire with work in flight: {sorted(self.work.in_flight)}")
        self.bounced_total += self.machine.stats.get("swiotlb_bounce", 0)
        self.driver.destroy_pools()
        self.jobs.close()
        self.machine.check_quiescent()
        self.retired_machines += 1

    async def reset_engine(self) -> None:
        """Reset the engine; work in flight ends without a result (``WorkRunner.reset``)."""
        await self.work.reset()

    # -- results -------------------------------------------------------------------------------
    def results(self, coverage=None, extra: dict | None = None) -> dict:
        st = self.work.stats if self.work else None
        rec = {"width": self.width, "test": self.test_name, "legacy": self.legacy,
               "seed": self.seed, "engine": self.adapter.name, "memory": self.memory_kind,
               "jobs": st.jobs if st else 0, "jobs_ok": st.jobs_ok if st else 0,
               "jobs_err": st.jobs_err if st else 0,
               "bytes_moved": st.bytes_moved if st else 0,
               "bounced": self.driver.stats.bounced if self.driver else 0,
               "swiotlb_bounce": self.bounced_total + (
                   self.machine.stats.get("swiotlb_bounce", 0) if self.machine else 0),
               "sleeper": {"waits": self.sleeper.waits, "wakeups": self.sleeper.wakeups,
                           "timeouts": self.sleeper.timeouts}}
        if self.guard is not None:
            rec.update(self.guard.summary())
        if coverage is not None:
            rec["coverage_hit"] = coverage.hit_bins()
            rec["coverage_bins"] = coverage.all_bins()
            rec["coverage_pct"] = round(coverage.percent(), 1)
        rec.update(extra or {})
        return rec

    def write_results(self, record: dict) -> None:
        if self.marks is not None:
            with open(os.environ["MASKDMA_MARKS"], "w") as f:
                json.dump(self.marks, f)
        if self.result_dir:
            path = os.path.join(self.result_dir, f"w{self.width}_{self.test_name}.json")
            with open(path, "w") as f:
                json.dump(record, f, indent=1, sort_keys=True)


def _memory_kind(dut, memory: str | None) -> str:
    """"axi" or "tlm" (see the module docstring); ValueError naming the choices or the top."""
    has_tlm = hasattr(dut, "ev_count") and hasattr(dut, "rf_go")
    kind = (memory or os.environ.get("MASKDMA_MEMORY", "") or ("tlm" if has_tlm else "axi"))
    kind = kind.strip().lower()
    if kind not in MEMORIES:
        raise ValueError(f"memory {kind!r} (MASKDMA_MEMORY): must be one of {', '.join(MEMORIES)}")
    if kind == "tlm" and not has_tlm:
        raise ValueError(f"memory 'tlm' needs the testbench top dma_engine_tb "
                         f"(hdl/tb/dma_engine_tb.v); the top {dut._name!r} has no ev_count/rf_go")
    if kind == "axi" and has_tlm:
        raise ValueError(f"memory 'axi' needs a top whose AXI4 master port is free; "
                         f"{dut._name!r} has its own transaction-level memory (use 'tlm')")
    return kind


def quiet_bus_models(dut) -> None:
    """cocotbext-axi logs every burst at INFO (loggers "cocotb.<dut>.<port>"); keep the
    configuration lines, drop the rest."""
    prefix = f"cocotb.{dut._name}."
    for name in list(logging.root.manager.loggerDict):
        if name.startswith(prefix):
            logging.getLogger(name).setLevel(logging.WARNING)
