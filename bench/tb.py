"""Testbench: one simulated dma_engine with its clock, reset, memory, guard, driver and models.

``Testbench(dut)`` reads its configuration from the environment set by ``bench.sim_runner``
(MASKDMA_ADDR_WIDTH, MASKDMA_LEGACY, MASKDMA_SEED, MASKDMA_RESULT_DIR); the test name is the
pyuvm test class's.
``await tb.start()`` starts the clock, builds the AXI memory and the guard, resets the engine,
boots a ``models.Machine`` (``boot(purpose)``, see ``bench.layouts``) and probes the device.
``tb.retire()`` checks that the machine is quiescent (no live mappings, free counts back to
their boot values) -- every test ends with it; booting another layout retires the current one.
"""

from __future__ import annotations

import json
import logging
import os
import random
import warnings

from cocotb.clock import Clock
from cocotb.triggers import ClockCycles

import models

from bench.driver import DmaDriver
from bench.guard import AddressGuard
from bench.jobs import JobRunner
from bench.layouts import machine_kwargs
from bench.memory import MemoryBus
from bench.sleeper import CocotbSleeper

PERIOD_NS = 10

# cocotbext-axi 0.1.28 and pyuvm 5.0 use APIs cocotb 2.1 deprecates (NOTES.md): keep the log clean.
warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"cocotbext\.")
warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"pyuvm\.")


class Testbench:
    def __init__(self, dut, width: int | None = None, legacy: bool | None = None,
                 seed: int | None = None, test_name: str | None = None):
        self.dut = dut
        self.width = int(os.environ.get("MASKDMA_ADDR_WIDTH", len(dut.m_axi_araddr))
                         if width is None else width)
        self.legacy = (os.environ.get("MASKDMA_LEGACY", "0") == "1") if legacy is None else legacy
        self.seed = int(os.environ.get("MASKDMA_SEED", "2008")) if seed is None else seed
        self.test_name = test_name or os.environ.get("MASKDMA_TEST", "adhoc")
        self.result_dir = os.environ.get("MASKDMA_RESULT_DIR")
        # One seed for the whole run (SEED=); each width and test draws its own stream from it.
        self.rng = random.Random(f"{self.seed}/{self.width}/{self.test_name}")
        self.log = logging.getLogger("cocotb.bench")
        self.sleeper = CocotbSleeper()
        self.machine = None
        self.dev = None
        self.mem = None
        self.guard = None
        self.driver = None
        self.jobs = None
        self.boots = 0
        self.retired_machines = 0
        self.bounced_total = 0
        self.started = False

    # -- bring-up ------------------------------------------------------------------------------
    async def start(self, purpose: str = "default", probe: bool = True) -> None:
        dut = self.dut
        self.log.info("Testbench: test %s, ADDR_WIDTH %d, LEGACY %d, seed %d", self.test_name,
                      self.width, self.legacy, self.seed)
        if len(dut.m_axi_araddr) != self.width:
            raise AssertionError(f"built with m_axi_araddr of {len(dut.m_axi_araddr)} bits but "
                                 f"the bench expects ADDR_WIDTH {self.width}")
        Clock(dut.clk, PERIOD_NS, unit="ns").start()
        dut.rst.value = 1
        self._boot_models(purpose)
        self.mem = MemoryBus(dut, dut.clk, dut.rst, self.machine.memory)
        self.guard = AddressGuard(dut, dut.clk, self.dev, self.width).start()
        self.driver = DmaDriver(dut, dut.clk, self.machine, self.dev, guard=self.guard,
                                reset=dut.rst, clock_period_ns=PERIOD_NS,
                                seed=self.rng.randrange(1 << 30))
        self.jobs = JobRunner(self)
        _quiet_bus_models()
        await ClockCycles(dut.clk, 5)
        dut.rst.value = 0
        await ClockCycles(dut.clk, 2)
        self.started = True
        if probe:
            await self.driver.probe()

    def _boot_models(self, purpose: str) -> None:
        kw = machine_kwargs(self.width, purpose)
        self.machine = models.Machine(sleeper=self.sleeper, seed=self.seed, **kw)
        self.dev = models.Device(self.machine, "dma_engine")
        self.boots += 1
        self.log.info("booted %r (layout %s)", self.machine, purpose)

    async def boot(self, purpose: str) -> None:
        """Retire the current machine and boot a new one with the given layout."""
        self.retire()
        self._boot_models(purpose)
        self.mem.target.memory = self.machine.memory
        self.mem.target.mem_size = self.machine.memory.size
        self.guard.device = self.dev
        self.driver.machine = self.machine
        self.driver.dev = self.dev
        await self.driver.probe()

    def retire(self) -> None:
        """Tear down the driver's pools and require a quiescent machine."""
        if self.machine is None:
            return
        self.bounced_total += self.machine.stats.get("swiotlb_bounce", 0)
        self.driver.destroy_descriptor_pool()
        self.jobs.close()
        self.machine.check_quiescent()
        self.retired_machines += 1

    async def reset_engine(self, cycles: int = 5) -> None:
        self.dut.rst.value = 1
        await ClockCycles(self.dut.clk, cycles)
        self.dut.rst.value = 0
        await ClockCycles(self.dut.clk, 2)
        self.guard.end_job()

    # -- results -------------------------------------------------------------------------------
    def results(self, coverage=None, extra: dict | None = None) -> dict:
        st = self.driver.stats if self.driver else None
        rec = {"width": self.width, "test": self.test_name, "legacy": self.legacy,
               "seed": self.seed,
               "jobs": st.jobs if st else 0, "jobs_ok": st.jobs_ok if st else 0,
               "jobs_err": st.jobs_err if st else 0,
               "bytes_moved": st.bytes_moved if st else 0,
               "bounced": st.bounced if st else 0,
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
        if self.result_dir:
            path = os.path.join(self.result_dir, f"w{self.width}_{self.test_name}.json")
            with open(path, "w") as f:
                json.dump(record, f, indent=1, sort_keys=True)


def _quiet_bus_models() -> None:
    """cocotbext-axi logs every burst at INFO; keep the configuration lines, drop the rest."""
    for name in list(logging.root.manager.loggerDict):
        if name.startswith("cocotb.") and (".m_axi" in name or ".s_axil" in name):
            logging.getLogger(name).setLevel(logging.WARNING)
