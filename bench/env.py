"""The pyuvm environment: jobs as sequence items, an agent, the guard, a scoreboard and coverage.

    DmaBaseTest (uvm_test)            -- build_phase: the adapter (ConfigDB "ADAPTER", default
                                         DmaEngineAdapter) and the Testbench's models and bus
                                         models; run_phase: reset + probe, body(), retire
      env: DmaEnv (uvm_env)
        agent: DmaAgent (uvm_agent)
          seqr: uvm_sequencer         -- sequences (bench.sequences) put DmaJobItems here
          driver: DmaJobDriver        -- runs items through bench.jobs (-> bench.work -> adapter)
          monitor: DmaMonitor         -- run_phase starts the bus monitor (AxiMonitor, or the
                                         transaction-level memory); publishes every burst and
                                         response on ap_bus and every work event (submitted, with
                                         a bus-side snapshot of sources and destinations;
                                         completed; retired) on ap_work
        guard: GuardChecker           -- subscribes to ap_bus, feeds the AddressGuard; check_phase:
                                         violations and bursts as the test expects
        scoreboard: DmaScoreboard     -- subscribes to ap_work: predicts from the snapshot and the
                                         mappings, checks every destination byte and guard band
        coverage: DmaCoverage         -- subscribes to ap_work: bins of bench.coverage

Every component is created through the factory (``X.create(name, parent)``), so a test can
override one (``uvm_factory().set_type_override_by_type``). ConfigDB keys: "ADAPTER" (an
``EngineAdapter`` instance, or a class/factory called with no argument), "TB" (the Testbench),
"EXPECT" (a dict: ``violations`` -- True when the test provokes violations on purpose --,
``bursts`` -- False when no bus traffic is expected at all).

The engine adapter of a test: ``DmaBaseTest.make_adapter()``, i.e. ConfigDB "ADAPTER" when set
(pyuvm's ``run_test`` clears ConfigDB when a test starts: set it in the test's own
``build_phase`` before ``super().build_phase()``), else the test class's ``adapter_class``, else
``DmaEngineAdapter``. The simplest binding is a subclass: ``class t(suite_test): adapter_class =
MyAdapter``.
"""

from __future__ import annotations

import random

import cocotb
from pyuvm import (ConfigDB, UVMConfigItemNotFound, uvm_agent, uvm_analysis_port, uvm_driver,
                   uvm_env, uvm_monitor, uvm_sequence_item, uvm_sequencer, uvm_subscriber,
                   uvm_test)

import models

from bench.adapter import EngineAdapter
from bench.coverage import CoverageModel
from bench.scoreboard import WorkScoreboard, snapshot
from bench.tb import Testbench

# (low, high, weight): mostly < 2 KiB, a few larger (Icarus runs ~3-10 k cycles/s with the models).
SIZE_WEIGHTS = ((1, 16, 12), (16, 256, 45), (256, 1024, 35), (1024, 2048, 6), (2048, 6144, 2))


class DmaJobItem(uvm_sequence_item):
    """One job: ``segments`` copies, run as a chain when ``chain`` (or more than one segment).

    Each segment is a dict: size, src_off, dst_off, src_place, dst_place (placements of
    bench.jobs). ``expect_error``: the error name the job must end with (None: OK).
    ``action``: instead of a copy, an ``async def action(tb)`` step (boot a layout, provoke a
    fault, ...) so that special sequences run through the same agent.
    """

    def __init__(self, name: str = "dma_job"):
        super().__init__(name)
        self.chain = False
        self.segments: list[dict] = []
        self.expect_error: str | None = None
        self.irq_every = 0
        self.action = None
        self.record = None

    def randomize_job(self, rng: random.Random, places: list[str], caps,
                      chain_prob: float = 0.15) -> "DmaJobItem":
        """Random segments the engine supports (``caps``: chains, alignment, max_length)."""
        chains = caps.chains
        n = rng.randint(2, min(4, caps.max_chain or 4)) if chains and rng.random() < chain_prob \
            else 1
        self.chain = chains and (n > 1 or rng.random() < 0.05)
        self.segments = [random_segment(rng, places, caps) for _ in range(n)]
        self.irq_every = (rng.choice((0, 0, 1, 2)) if self.chain and caps.copy_events else 0)
        return self

    def __str__(self) -> str:
        if self.action is not None:
            return f"{self.get_name()}: action {getattr(self.action, '__name__', self.action)}"
        segs = ", ".join(f"{s['size']}B {s['src_place']}+{s['src_off']}->"
                         f"{s['dst_place']}+{s['dst_off']}" for s in self.segments)
        return f"{self.get_name()}: {'chain' if self.chain else 'single'} [{segs}]"


def random_size(rng: random.Random, caps) -> int:
    lo, hi, _ = rng.choices(SIZE_WEIGHTS, weights=[w for *_, w in SIZE_WEIGHTS])[0]
    size = min(rng.randrange(lo, hi), caps.max_length)
    a = caps.alignment
    return max(a, size - size % a)


def random_offset(rng: random.Random, caps) -> int:
    """0 most of the time; an unaligned offset only for an engine that takes them."""
    return rng.choice((0, 0, rng.randrange(1, 16))) if caps.unaligned else 0


def random_segment(rng: random.Random, places: list[str], caps) -> dict:
    return {"size": random_size(rng, caps), "src_off": random_offset(rng, caps),
            "dst_off": random_offset(rng, caps),
            "src_place": rng.choice(places), "dst_place": rng.choice(places)}


class DmaJobDriver(uvm_driver):
    def build_phase(self):
        self.tb: Testbench = ConfigDB().get(self, "", "TB")

    async def run_phase(self):
        while True:
            item = await self.seq_item_port.get_next_item()
            try:
                await self.execute(item)
            finally:
                self.seq_item_port.item_done()

    async def execute(self, item: DmaJobItem):
        tb = self.tb
        self.logger.info("%s", item)
        if item.action is not None:
            await item.action(tb)
            return
        pairs = []
        try:
            for s in item.segments:
                pairs.append(tb.jobs.pair(s["src_place"], s["dst_place"], s["size"],
                                          s["src_off"], s["dst_off"]))
        except BaseException:
            tb.jobs.release(pairs)
            raise
        places = sorted({s["src_place"] for s in item.segments} |
                        {s["dst_place"] for s in item.segments})
        item.record = await tb.jobs.run(item.get_name(), pairs, chain=item.chain,
                                        expect_error=item.expect_error,
                                        irq_every=item.irq_every, label="/".join(places))


class DmaMonitor(uvm_monitor):
    """The bus events of the engine's master port (``Testbench.bus_monitor``) and the work
    runner's events, published."""

    def build_phase(self):
        self.tb: Testbench = ConfigDB().get(self, "", "TB")
        self.ap_bus = uvm_analysis_port("ap_bus", self)
        self.ap_work = uvm_analysis_port("ap_work", self)
        self.axi = self.tb.bus_monitor()  # AxiMonitor, or the transaction-level memory

    def connect_phase(self):
        self.axi.subscribe(self.ap_bus.write)
        self.tb.work.listeners.append(self.publish_work)

    def publish_work(self, event):
        if event.kind == "submitted":
            event.sources, event.dest_before = snapshot(self.tb.machine.memory, event.work)
        self.ap_work.write(event)

    async def run_phase(self):
        self.axi.start()


class DmaAgent(uvm_agent):
    def build_phase(self):
        self.seqr = uvm_sequencer("seqr", self)
        self.driver = DmaJobDriver.create("driver", self)
        self.monitor = DmaMonitor.create("monitor", self)

    def connect_phase(self):
        self.driver.seq_item_port.connect(self.seqr.seq_item_export)


class GuardChecker(uvm_subscriber):
    """The AddressGuard as a subscriber of the bus events; judges its findings at the end."""

    def build_phase(self):
        self.tb: Testbench = ConfigDB().get(self, "", "TB")
        self.guard = self.tb.guard
        self.expect = ConfigDB().get(self, "", "EXPECT")

    def write(self, event):
        self.guard.observe(event)

    def check_phase(self):
        violations = self.guard.violations
        if self.expect.get("violations"):
            assert violations, ("the guard reported no violation although this test provokes "
                                "one (the guard has no teeth)")
        else:
            assert not violations, (f"guard: {len(violations)} violation(s); first: "
                                    f"{violations[0].message}")
        if self.expect.get("bursts", True):
            assert self.guard.bursts_checked > 0, ("the guard checked no burst: the test "
                                                   "exercised nothing")


class DmaScoreboard(uvm_subscriber):
    def build_phase(self):
        tb: Testbench = ConfigDB().get(self, "", "TB")
        self.board = WorkScoreboard(lambda: tb.machine.memory, lambda: tb.device)

    def write(self, event):
        for e in self.board.observe(event):
            self.logger.error(e)

    @property
    def errors(self) -> list[str]:
        return self.board.errors

    def check_phase(self):
        errors = self.board.errors + self.board.unfinished()
        assert not errors, f"scoreboard: {len(errors)} error(s); first: {errors[0]}"


class DmaCoverage(uvm_subscriber):
    """Coverage of submitted work; the bins follow the engine's capabilities (after probe)."""

    def build_phase(self):
        self.tb: Testbench = ConfigDB().get(self, "", "TB")
        self._model: CoverageModel | None = None

    @property
    def model(self) -> CoverageModel | None:
        if self._model is None and self.tb.caps is not None:
            self._model = CoverageModel(self.tb.caps)
        return self._model

    def write(self, event):
        if event.kind != "submitted":
            return
        dev = self.tb.device
        bounced = []
        for w in event.work.read_windows() + event.work.write_windows():
            m = dev.find_mapping(w.first, 1)
            bounced.append(m is not None and m.kind == models.MappingKind.BOUNCE)
        self.model.sample_work(event.work, bounced)

    def report_phase(self):
        if self.model is not None:
            for line in self.model.report().splitlines():
                self.logger.info(line)


class DmaEnv(uvm_env):
    def build_phase(self):
        self.agent = DmaAgent.create("agent", self)
        self.guard = GuardChecker.create("guard", self)
        self.scoreboard = DmaScoreboard.create("scoreboard", self)
        self.coverage = DmaCoverage.create("coverage", self)

    def connect_phase(self):
        self.agent.monitor.ap_bus.connect(self.guard.analysis_export)
        self.agent.monitor.ap_work.connect(self.scoreboard.analysis_export)
        self.agent.monitor.ap_work.connect(self.coverage.analysis_export)


def configured_adapter(component) -> EngineAdapter:
    """The adapter ConfigDB holds under "ADAPTER" for ``component`` (an instance, or a class or
    factory called with no argument), else ``DmaEngineAdapter()``."""
    try:
        adapter = ConfigDB().get(component, "", "ADAPTER")
    except UVMConfigItemNotFound:
        from bench.engines.dma_engine import DmaEngineAdapter

        return DmaEngineAdapter()
    if not isinstance(adapter, EngineAdapter) and callable(adapter):
        adapter = adapter()
    if not isinstance(adapter, EngineAdapter):
        raise TypeError(f"ConfigDB 'ADAPTER' holds {adapter!r}, not a bench.adapter."
                        f"EngineAdapter")
    return adapter


class DmaBaseTest(uvm_test):
    """Builds the bench for the test's adapter (``make_adapter``), runs ``body()``, shuts the
    adapter down (``EngineAdapter.shutdown``) and retires the machine.

    Subclasses set ``layout`` (bench.layouts purpose), ``expect``, ``adapter_class`` (an
    ``EngineAdapter`` class called with no argument) and override ``body``.
    """

    layout = "default"
    expect: dict = {}
    adapter_class: type[EngineAdapter] | None = None

    def make_adapter(self) -> EngineAdapter:
        """ConfigDB "ADAPTER" when set, else ``adapter_class()``, else ``DmaEngineAdapter()``."""
        if self.adapter_class is not None and not ConfigDB().exists(self, "", "ADAPTER"):
            return self.adapter_class()
        return configured_adapter(self)

    def build_phase(self):
        self.tb = Testbench(cocotb.top, self.make_adapter(), test_name=type(self).__name__)
        self.tb.build(self.layout)
        ConfigDB().set(None, "*", "TB", self.tb)
        ConfigDB().set(None, "*", "EXPECT", dict(self.expect))
        self.env = DmaEnv.create("env", self)
        self.extra: dict = {}

    async def run_phase(self):
        self.raise_objection()
        try:
            await self.tb.start()
            await self.body()
            await self.tb.adapter.shutdown(self.tb.ctx)
            self.tb.retire()
        finally:
            self._write_results()
            self.drop_objection()

    async def body(self):
        raise NotImplementedError

    @property
    def seqr(self):
        return self.env.agent.seqr

    @property
    def caps(self):
        return self.tb.caps

    def _write_results(self):
        self.tb.write_results(self.tb.results(self.env.coverage.model, self.extra))

    def report_phase(self):
        self._write_results()
        tb = self.tb
        self.logger.info("summary w%d %s: %s", tb.width, tb.test_name,
                         {k: v for k, v in tb.results(self.env.coverage.model, self.extra).items()
                          if not k.startswith("coverage_")})


__all__ = ["DmaJobItem", "DmaJobDriver", "DmaMonitor", "DmaAgent", "GuardChecker",
           "DmaScoreboard", "DmaCoverage", "DmaEnv", "DmaBaseTest", "configured_adapter",
           "random_segment"]
