"""The pyuvm environment: DMA jobs as sequence items, an agent, a scoreboard and coverage.

    DmaBaseTest (uvm_test)                  -- boots the Testbench in run_phase, runs body()
      env: DmaEnv (uvm_env)
        agent: DmaAgent (uvm_agent)
          seqr: uvm_sequencer               -- sequences (bench.sequences) put DmaJobItems here
          driver: DmaJobDriver (uvm_driver) -- executes items through JobRunner + DmaDriver
          monitor: DmaMonitor (uvm_monitor) -- publishes finished jobs (ap_jobs) and every guard
                                               burst/violation (ap_guard) on analysis ports
        scoreboard: DmaScoreboard           -- every destination byte, guard bands, error codes
        guard_sb: GuardScoreboard           -- burst counters, violations (expected or not)
        coverage: DmaCoverage               -- bins of bench.coverage, reported in report_phase

Everything is created through the factory (``X.create(name, parent)``), so a test can override
one piece (``uvm_factory().set_type_override_by_type``). The Testbench object travels through
``ConfigDB`` under the key "TB"; a test's expectations under "EXPECT" (a dict: ``violations``
-- True when the test provokes violations on purpose --, ``bursts`` -- False when no bus traffic
is expected at all).
"""

from __future__ import annotations

import random

import cocotb
from pyuvm import (ConfigDB, uvm_agent, uvm_analysis_port, uvm_driver, uvm_env, uvm_monitor,
                   uvm_sequence_item, uvm_sequencer, uvm_subscriber, uvm_test)

from bench.coverage import CoverageModel
from bench.scoreboard import check_record
from bench.tb import Testbench

# (low, high, weight): mostly < 2 KiB, a few larger (Icarus runs ~3-10 k cycles/s with the models).
SIZE_WEIGHTS = ((1, 16, 12), (16, 256, 45), (256, 1024, 35), (1024, 2048, 6), (2048, 6144, 2))


class DmaJobItem(uvm_sequence_item):
    """One DMA job: ``segments`` copies (1 = single mode unless ``mode == "sg"``).

    Each segment is a dict: size, src_off, dst_off, src_place, dst_place (placements of
    bench.jobs). ``expect_error``: the ERR_CODE the job must end with (None: DONE).
    ``action``: instead of a copy, an ``async def action(tb)`` step (boot a layout, program
    registers directly, ...) so that special sequences run through the same agent.
    """

    def __init__(self, name: str = "dma_job"):
        super().__init__(name)
        self.mode = "single"
        self.segments: list[dict] = []
        self.expect_error: int | None = None
        self.irq_every = 0
        self.action = None
        self.record = None

    def randomize_job(self, rng: random.Random, places: list[str], sg_prob: float = 0.15):
        n = rng.randint(2, 4) if rng.random() < sg_prob else 1
        self.mode = "sg" if n > 1 or rng.random() < 0.05 else "single"
        self.segments = [random_segment(rng, places) for _ in range(n)]
        self.irq_every = rng.choice((0, 0, 1, 2)) if self.mode == "sg" else 0
        return self

    def __str__(self) -> str:
        if self.action is not None:
            return f"{self.get_name()}: action {getattr(self.action, '__name__', self.action)}"
        segs = ", ".join(f"{s['size']}B {s['src_place']}+{s['src_off']}->"
                         f"{s['dst_place']}+{s['dst_off']}" for s in self.segments)
        return f"{self.get_name()}: {self.mode} [{segs}]"


def random_size(rng: random.Random) -> int:
    lo, hi, _ = rng.choices(SIZE_WEIGHTS, weights=[w for *_, w in SIZE_WEIGHTS])[0]
    return rng.randrange(lo, hi)


def random_segment(rng: random.Random, places: list[str]) -> dict:
    return {"size": random_size(rng),
            "src_off": rng.choice((0, 0, rng.randrange(1, 16))),
            "dst_off": rng.choice((0, 0, rng.randrange(1, 16))),
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
            for i, s in enumerate(item.segments):
                pairs.append(tb.jobs.pair(s["src_place"], s["dst_place"], s["size"],
                                          s["src_off"], s["dst_off"],
                                          rng=random.Random(tb.rng.random()),
                                          salt=tb.jobs._next_id + i))
        except BaseException:
            tb.jobs.release(pairs)
            raise
        places = sorted({s["src_place"] for s in item.segments} |
                        {s["dst_place"] for s in item.segments})
        item.record = await tb.jobs.run(item.get_name(), pairs, mode=item.mode,
                                        expect_error=item.expect_error, irq_every=item.irq_every,
                                        placement="/".join(places))


class DmaMonitor(uvm_monitor):
    """Publishes finished jobs and guard events; attaches once the Testbench is up."""

    def build_phase(self):
        self.ap_jobs = uvm_analysis_port("ap_jobs", self)
        self.ap_guard = uvm_analysis_port("ap_guard", self)
        self.tb: Testbench = ConfigDB().get(self, "", "TB")

    def attach(self):
        self.tb.jobs.listeners.append(self.ap_jobs.write)
        self.tb.guard.listeners.append(lambda kind, obj: self.ap_guard.write((kind, obj)))


class DmaAgent(uvm_agent):
    def build_phase(self):
        self.seqr = uvm_sequencer("seqr", self)
        self.driver = DmaJobDriver.create("driver", self)
        self.monitor = DmaMonitor.create("monitor", self)

    def connect_phase(self):
        self.driver.seq_item_port.connect(self.seqr.seq_item_export)


class DmaScoreboard(uvm_subscriber):
    def build_phase(self):
        self.errors: list[str] = []
        self.jobs = 0

    def write(self, rec):
        self.jobs += 1
        errs = check_record(rec)
        for e in errs:
            self.logger.error(e)
        self.errors.extend(errs)

    def check_phase(self):
        assert not self.errors, (f"scoreboard: {len(self.errors)} error(s); first: "
                                 f"{self.errors[0]}")


class GuardScoreboard(uvm_subscriber):
    def build_phase(self):
        self.bursts = 0
        self.violations = []
        self.expect = ConfigDB().get(self, "", "EXPECT")

    def write(self, event):
        kind, obj = event
        if kind == "burst":
            self.bursts += 1
        else:
            self.violations.append(obj)

    def check_phase(self):
        if self.expect.get("violations"):
            assert self.violations, ("the guard reported no violation although this test "
                                     "provokes one (the guard has no teeth)")
        else:
            assert not self.violations, (f"guard: {len(self.violations)} violation(s); first: "
                                         f"{self.violations[0].message}")
        if self.expect.get("bursts", True):
            assert self.bursts > 0, "the guard checked no burst: the test exercised nothing"


class DmaCoverage(uvm_subscriber):
    def build_phase(self):
        self.tb: Testbench = ConfigDB().get(self, "", "TB")
        self.model = CoverageModel(self.tb.width)

    def write(self, rec):
        self.model.sample_job(rec)

    def report_phase(self):
        for line in self.model.report().splitlines():
            self.logger.info(line)


class DmaEnv(uvm_env):
    def build_phase(self):
        self.agent = DmaAgent.create("agent", self)
        self.scoreboard = DmaScoreboard.create("scoreboard", self)
        self.guard_sb = GuardScoreboard.create("guard_sb", self)
        self.coverage = DmaCoverage.create("coverage", self)

    def connect_phase(self):
        self.agent.monitor.ap_jobs.connect(self.scoreboard.analysis_export)
        self.agent.monitor.ap_jobs.connect(self.coverage.analysis_export)
        self.agent.monitor.ap_guard.connect(self.guard_sb.analysis_export)


class DmaBaseTest(uvm_test):
    """Boots the bench, attaches the monitor, runs ``body()``, retires the machine.

    Subclasses set ``layout`` (bench.layouts purpose), ``expect`` and override ``body``.
    """

    layout = "default"
    expect: dict = {}

    def build_phase(self):
        self.tb = Testbench(cocotb.top, test_name=type(self).__name__)
        ConfigDB().set(None, "*", "TB", self.tb)
        ConfigDB().set(None, "*", "EXPECT", dict(self.expect))
        self.env = DmaEnv.create("env", self)
        self.extra: dict = {}

    async def run_phase(self):
        self.raise_objection()
        try:
            await self.tb.start(self.layout)
            self.env.agent.monitor.attach()
            await self.body()
            self.tb.retire()
        finally:
            self._write_results()
            self.drop_objection()

    async def body(self):
        raise NotImplementedError

    @property
    def seqr(self):
        return self.env.agent.seqr

    def _write_results(self):
        self.tb.write_results(self.tb.results(self.env.coverage.model, self.extra))

    def report_phase(self):
        self._write_results()
        tb = self.tb
        self.logger.info("summary w%d %s: %s", tb.width, tb.test_name,
                         {k: v for k, v in tb.results(self.env.coverage.model, self.extra).items()
                          if not k.startswith("coverage_")})


__all__ = ["DmaJobItem", "DmaJobDriver", "DmaMonitor", "DmaAgent", "DmaScoreboard",
           "GuardScoreboard", "DmaCoverage", "DmaEnv", "DmaBaseTest"]
