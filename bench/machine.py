"""MachineBench: one simulated machine with several DMA devices of different address widths.

``hdl/tb/machine_tb.v`` holds a 24-bit copy engine (ISA-class, strict), the 30-bit NIC, a 32-bit
and a 64-bit copy engine, each with its own reset, register port, AXI4 master and irq behind a
prefix (``DEVICES``). The bench composes the single-device pieces per device -- ``BusPorts``,
``AxiMemory``, ``AxiMonitor``, ``AddressGuard``, ``DmaDriver``, ``WorkRunner``, ``JobRunner`` and
the engine's adapter -- around ONE ``models.Machine`` (one mask pool, one ``PhysicalMemory``
behind every port: a byte written by one device is read by the others). Each device is its own
``models.Device`` whose mask is set with ``dma_set_mask_and_coherent`` from its probed width,
with its own mappings and guard; its work runs concurrently with the others' (cocotb tasks).

Scoreboards: the copy engines' ``WorkScoreboard`` (every destination byte and guard band) and
the NIC's ``PacketScoreboard`` (every byte of every packet, every status word), fed by each
device's work events. Every buffer a device's driver maps is recorded (``DeviceSlot.placements``)
for the memory-map plot; ``pool_usage`` tells which device holds which pool pages.
"""

from __future__ import annotations

import json
import logging
import os
import random
from dataclasses import dataclass

from cocotb.clock import Clock

import models

from bench.adapter import BenchContext, Capabilities, Copy, EngineAdapter, Window, Work
from bench.driver import DmaBuffer, DmaDriver
from bench.guard import AddressGuard
from bench.jobs import JobRunner, poison
from bench.memory import AxiMemory
from bench.monitor import AxiMonitor
from bench.ports import BusPorts
from bench.scoreboard import WorkScoreboard, snapshot
from bench.sleeper import CocotbSleeper
from bench.tb import PERIOD_NS, quiet_bus_models
from bench.work import WorkRunner

MiB, GiB = 1 << 20, 1 << 30
ZONE_DMA_END = 16 * MiB  # the ISA DMA zone of the pre-2008 policy
TOPLEVEL = "machine_tb"


@dataclass(frozen=True)
class DeviceSpec:
    """One device of ``machine_tb``: its name (the signal prefix), engine kind ("copy" | "nic")
    and the address width it is built with (its HDL parameter name in ``machine_tb``).
    ``bare``: the device is the simulation's top level itself (a bare ``dma_engine`` or
    ``nic_engine``): its signals carry no prefix."""

    prefix: str
    kind: str
    addr_width: int
    param: str = ""
    bare: bool = False

    def sig(self, name: str) -> str:
        """The DUT's name for the engine's signal ``name``."""
        return name if self.bare else f"{self.prefix}_{name}"

    def ports(self) -> BusPorts:
        m = self.sig("m_axi")
        return BusPorts(clock="clk", reset=self.sig("rst"), read_prefix=m, write_prefix=m)

    def adapter(self) -> EngineAdapter:
        if self.kind == "copy":
            from bench.engines.dma_engine import DmaEngineAdapter
            return DmaEngineAdapter(self.ports(), control_prefix=self.sig("s_axil"),
                                    irq=self.sig("irq"))
        if self.kind == "nic":
            from bench.engines.nic_engine import NicEngineAdapter
            return NicEngineAdapter(self.ports(), control_prefix=self.sig("s_axil"),
                                    irq=self.sig("irq"), tx_prefix=self.sig("m_axis_tx"),
                                    rx_prefix=self.sig("s_axis_rx"))
        raise ValueError(f"device {self.prefix}: unknown kind {self.kind!r} (copy, nic)")


DEVICES: tuple[DeviceSpec, ...] = (
    DeviceSpec("d24", "copy", 24, "A24"),
    DeviceSpec("nic", "nic", 30, "A30"),
    DeviceSpec("d32", "copy", 32, "A32"),
    DeviceSpec("d64", "copy", 64, "A64"),
)


def machine_layout(purpose: str = "traffic", zone_policy: str = "mask") -> dict:
    """``models.Machine`` arguments of the multi-device machine: 8 GiB RAM, a 64 MiB mask pool at
    0 (Kleen's maskzone=64M) with 4 MiB of swiotlb slots carved out of it, next-fit placement.
    ``traffic``: the buddy serves masks above the pool; ``contention``: ``force`` (maskzone=force)
    -- every device allocates from the one pool, so the pool statistics show who got what;
    ``above40``: RAM reaches 256 MiB above 2^40 (1 TiB), where the buddy (highest blocks first)
    places the buffers of wide masks."""
    kw = {"ram_size": 8 * GiB, "pool_size": 64 * MiB, "pool_start": 0,
          "swiotlb_size": 4 * MiB, "placement": "nextfit", "zone_policy": zone_policy}
    if purpose == "contention":
        kw["force"] = True
    elif purpose == "above40":
        kw["ram_size"] = (1 << 40) + 256 * MiB
    elif purpose != "traffic":
        raise ValueError(f"unknown machine layout {purpose!r} (traffic, contention, above40)")
    return kw


@dataclass
class Placement:
    """One buffer a device's driver got: bus address, CPU address, size, kind, bounced."""

    device: str
    width: int
    kind: str
    dma_addr: int
    cpu_addr: int
    size: int
    bounced: bool
    time_ns: float

    def record(self) -> dict:
        return {"device": self.device, "width": self.width, "kind": self.kind,
                "dma_addr": self.dma_addr, "cpu_addr": self.cpu_addr, "size": self.size,
                "bounced": self.bounced, "time_ns": self.time_ns}


class LedgerDriver(DmaDriver):
    """``DmaDriver`` that records every buffer it hands out into ``placements``."""

    def __init__(self, machine, device, slot: "DeviceSlot"):
        super().__init__(machine, device)
        self.slot = slot

    def _note(self, buf: DmaBuffer) -> DmaBuffer:
        self.slot.note(buf.kind, buf.handle, buf.cpu_addr, buf.size, buf.bounced)
        return buf

    def alloc_coherent(self, size: int, gfp=None) -> DmaBuffer:
        return self._note(super().alloc_coherent(size, gfp))

    def map_single(self, cpu_addr: int, size: int, direction, release=None) -> DmaBuffer:
        return self._note(super().map_single(cpu_addr, size, direction, release))

    def map_resource(self, phys: int, size: int, direction) -> DmaBuffer:
        return self._note(super().map_resource(phys, size, direction))


class DeviceSlot:
    """One device of the machine with its own bench pieces. Has the attributes ``JobRunner``
    takes from a ``Testbench`` (``machine``, ``device``, ``driver``, ``work``, ``rng``)."""

    def __init__(self, bench: "MachineBench", spec: DeviceSpec):
        self.bench = bench
        self.spec = spec
        self.name = spec.prefix
        self.adapter = spec.adapter()
        self.ports = self.adapter.ports
        self.dut = bench.dut
        self.rng = random.Random(f"{bench.seed}/{bench.test_name}/{spec.prefix}")
        self.machine = bench.machine
        self.device = models.Device(self.machine, f"{spec.prefix}_{self.adapter.name}")
        self.driver = LedgerDriver(self.machine, self.device, self)
        self.ctx = BenchContext(self.dut, self.ports, self.driver, bench.period_ns,
                                random.Random(self.rng.randrange(1 << 30)),
                                logging.getLogger(f"cocotb.bench.{spec.prefix}"))
        self.mem = AxiMemory(self.dut, self.machine.memory, self.ports)
        self.guard = AddressGuard(self.device, spec.addr_width, period_ns=bench.period_ns,
                                  name=spec.prefix)
        self.monitor = AxiMonitor(self.dut, self.ports)
        self.monitor.subscribe(self.guard.observe)
        self.adapter.connect(self.ctx)
        self.work = WorkRunner(self.adapter, self.ctx, self.guard)
        self.jobs = JobRunner(self)
        self.caps: Capabilities | None = None
        self.placements: list[Placement] = []
        self.allocs = 0
        self.copy_bytes_checked = 0
        self.enomem: list[str] = []
        self.mempools: list = []
        if spec.kind == "nic":
            from bench.engines.nic_engine import PacketScoreboard
            self.packets = PacketScoreboard(lambda: self.machine.memory)
            self.board = None
        else:
            self.packets = None
            self.board = WorkScoreboard(lambda: self.machine.memory, lambda: self.device)
        self.work.listeners.append(self._on_work)

    # -- bring-up ------------------------------------------------------------------------------
    async def start(self) -> Capabilities:
        self.monitor.start()
        await self.work.reset()
        caps = await self.adapter.probe(self.ctx)
        if caps.addr_width != self.spec.addr_width:
            raise AssertionError(f"{self.name}: {caps.name} reports ADDR_WIDTH "
                                 f"{caps.addr_width}, machine_tb builds it with "
                                 f"{self.spec.addr_width}")
        self.caps = self.ctx.caps = caps
        configure = getattr(self.adapter, "configure_driver", None)
        if configure is not None:
            configure(self.driver, caps)  # an engine whose limits are more than ADDR_WIDTH
        else:
            self.driver.set_mask(caps.addr_width)
        return caps

    @property
    def mask(self) -> int:
        return self.device.dma_mask

    # -- scoreboards ---------------------------------------------------------------------------
    def _on_work(self, event) -> None:
        if event.work.stream:
            self.packets.observe(event)
            return
        if event.kind == "submitted":
            event.sources, event.dest_before = snapshot(self.machine.memory, event.work)
        found = self.board.observe(event)
        if event.kind == "retired" and event.work.check_data and not found:
            self.copy_bytes_checked += event.work.total

    @property
    def errors(self) -> list[str]:
        if self.packets is not None:
            return self.packets.errors + self.packets.unfinished()
        return self.board.errors + self.board.unfinished()

    # -- allocation bookkeeping ----------------------------------------------------------------
    def note(self, kind: str, dma: int, cpu: int, size: int, bounced: bool) -> None:
        self.allocs += 1
        self.placements.append(Placement(self.name, self.spec.addr_width, kind, dma, cpu, size,
                                         bounced, self.ctx.now_ns()))

    def coherent(self, size: int, what: str) -> DmaBuffer | None:
        try:
            return self.driver.alloc_coherent(size, models.GFP_KERNEL | models.GFP_NOWARN)
        except MemoryError:
            self.enomem.append(f"{self.name}: dma_alloc_coherent({size}) for {what}: ENOMEM "
                               f"below coherent mask 0x{self.device.coherent_dma_mask:x}")
            return None

    def mempool(self, min_nr: int, size: int, what: str):
        try:
            mp = self.machine.mempool_create_pool_pmask(min_nr, size, self.mask)
        except MemoryError as exc:
            self.enomem.append(f"{self.name}: mempool of {min_nr} x {size} B for {what}: "
                               f"ENOMEM below mask 0x{self.mask:x} ({exc})")
            return None
        self.mempools.append(mp)
        return mp

    def pool_pfns(self) -> set[int]:
        """Pool pages this device holds now: under its live mappings (bounce slots excluded)
        and in its mempools' reserves."""
        pool, out = self.machine.pool, set()
        sw = self.machine.swiotlb
        for m in self.device.mappings():
            if m.kind == models.MappingKind.BOUNCE:
                continue
            for pfn in range(m.cpu_addr >> 12, (m.cpu_addr + m.size - 1 >> 12) + 1):
                if pool.owns(pfn) and not sw.base <= pfn << 12 < sw.end:
                    out.add(pfn)
        for mp in self.mempools:
            if mp.destroyed:
                continue
            for a in mp.reserve:
                out.update(range(a >> 12, (a + mp.size - 1 >> 12) + 1))
        return out

    # -- results -------------------------------------------------------------------------------
    def results(self) -> dict:
        st = self.work.stats
        rec = {"device": self.name, "engine": self.adapter.name, "kind": self.spec.kind,
               "width": self.spec.addr_width, "jobs": st.jobs, "jobs_ok": st.jobs_ok,
               "jobs_err": st.jobs_err, "bytes_moved": st.bytes_moved,
               "bounced": self.driver.stats.bounced, "maps": self.driver.stats.maps,
               "scoreboard_errors": len(self.errors), "enomem": list(self.enomem),
               "placements": [p.record() for p in self.placements]}
        if self.packets is not None:
            rec.update({"packets": self.packets.packets_checked,
                        "data_bytes_checked": self.packets.bytes_checked,
                        "statuses_checked": self.packets.statuses_checked})
        else:
            rec["data_bytes_checked"] = self.copy_bytes_checked
        rec.update(self.guard.summary())
        return rec


class MachineBench:
    """The machine and its devices; see the module docstring. ``build(layout, zone_policy)``
    (no simulated time), ``await start()`` (reset, probe, masks), ``await retire()`` (adapters
    shut down, pools destroyed, a quiescent machine required)."""

    def __init__(self, dut, specs: tuple[DeviceSpec, ...] = DEVICES, *, seed: int | None = None,
                 test_name: str | None = None, period_ns: float = PERIOD_NS):
        self.dut = dut
        self.specs = specs
        self.seed = int(os.environ.get("MASKDMA_SEED", "2008")) if seed is None else seed
        self.test_name = test_name or os.environ.get("MASKDMA_TEST", "machine")
        self.result_dir = os.environ.get("MASKDMA_RESULT_DIR")
        self.period_ns = period_ns
        self.log = logging.getLogger("cocotb.bench.machine")
        self.sleeper = CocotbSleeper()
        self.machine = None
        self.slots: dict[str, DeviceSlot] = {}
        self.layout = ""
        self._clock = None

    def build(self, layout: str = "traffic", zone_policy: str = "mask") -> None:
        kw = machine_layout(layout, zone_policy)
        for spec in self.specs:
            spec.ports().reset_signal(self.dut).value = 1
        if self._clock is None:
            self._clock = Clock(self.dut.clk, self.period_ns, unit="ns")
            self._clock.start(start_high=False)
        self.machine = models.Machine(sleeper=self.sleeper, seed=self.seed, **kw)
        self.layout = layout
        self.slots = {spec.prefix: DeviceSlot(self, spec) for spec in self.specs}
        quiet_bus_models(self.dut)
        self.log.info("machine %r with %s", self.machine,
                      ", ".join(f"{s.prefix} ({s.kind}, {s.addr_width} bits)" for s in self.specs))

    async def start(self) -> None:
        for slot in self.slots.values():
            await slot.start()

    def __getitem__(self, prefix: str) -> DeviceSlot:
        return self.slots[prefix]

    async def retire(self) -> None:
        """Shut every adapter down, destroy pools and mempools, require a quiescent machine."""
        for slot in self.slots.values():
            if slot.work.in_flight:
                raise AssertionError(f"{slot.name}: retire with work in flight "
                                     f"{sorted(slot.work.in_flight)}")
            await slot.adapter.shutdown(slot.ctx)
            slot.driver.destroy_pools()
            slot.jobs.close()
            for mp in slot.mempools:
                if not mp.destroyed:
                    mp.destroy()
        self.machine.check_quiescent()

    # -- pool statistics -----------------------------------------------------------------------
    def pool_usage(self) -> dict:
        """Pool pages per device now (all, and below 16 MiB), swiotlb pages, free pages."""
        m = self.machine
        zone = ZONE_DMA_END >> 12
        out = {}
        for name, slot in self.slots.items():
            pfns = slot.pool_pfns()
            out[name] = {"width": slot.spec.addr_width, "pool_pages": len(pfns),
                         "zone_dma_pages": sum(1 for p in pfns if p < zone),
                         "allocs": slot.allocs, "enomem": len(slot.enomem)}
        out["swiotlb"] = {"pool_pages": (m.swiotlb.end - m.swiotlb.base) >> 12}
        out["free"] = {"pool_pages": m.pool.nr_free,
                       "zone_dma_pages": sum(1 for p in range(m.pool.start_pfn,
                                                              min(zone, m.pool.end_pfn))
                                             if m.pool.is_free(p))}
        return out

    # -- results -------------------------------------------------------------------------------
    def results(self, extra: dict | None = None) -> dict:
        rec = {"test": self.test_name, "seed": self.seed, "layout": self.layout,
               "zone_policy": self.machine.zone_policy if self.machine else "",
               "machine": repr(self.machine),
               "devices": {n: s.results() for n, s in self.slots.items()},
               "machine_stats": dict(self.machine.stats) if self.machine else {}}
        rec.update(extra or {})
        return rec

    def write_results(self, record: dict) -> None:
        if self.result_dir:
            path = os.path.join(self.result_dir, f"machine_{self.test_name}.json")
            with open(path, "w") as f:
                json.dump(record, f, indent=1, sort_keys=True)


# -- traffic -----------------------------------------------------------------------------------
async def copy_job(slot: DeviceSlot, places: tuple[str, str], size: int, name: str = "") -> None:
    """One copy on a copy engine: seeded source, poisoned destination, placed as asked
    (``bench.jobs`` placements), checked by the slot's scoreboard."""
    pair = slot.jobs.pair(places[0], places[1], size)
    await slot.jobs.run(name or f"{slot.name}-copy", [pair], label="/".join(places))


async def _run_stream(slot: DeviceSlot, kind: str, place: str, name: str,
                      fills: list[tuple[int, bytes]], **extra) -> list[DmaBuffer]:
    """Map one buffer per (size, contents) of ``fills``, placed as ``place`` (TO_DEVICE for "tx",
    FROM_DEVICE for "rx"), run stream work ``kind`` over them, unmap them; returns the buffers."""
    tx = kind == "tx"
    direction = models.DMA_TO_DEVICE if tx else models.DMA_FROM_DEVICE
    bufs = []
    try:
        for size, data in fills:
            bufs.append(slot.jobs.alloc(place, size, direction, fill=(0, data)))
        windows = [Window.of(b.handle, b.size, f"{kind} buf {i}") for i, b in enumerate(bufs)]
        if tx:
            copies = [Copy(b.handle, 0, size) for b, (size, _) in zip(bufs, fills)]
            work = slot.work.make_stream(kind, copies, name=name, reads=windows, **extra)
        else:
            copies = [Copy(0, b.handle, b.size) for b in bufs]
            work = slot.work.make_stream(kind, copies, name=name, writes=windows, **extra)
        await slot.work.run(work)
    finally:
        for b in bufs:
            slot.driver.unmap(b)
    slot.work.retired(work)
    return bufs


async def send_packets(slot: DeviceSlot, packets: list[bytes], place: str = "low",
                       name: str = "") -> None:
    """Transmit ``packets`` from buffers mapped TO_DEVICE (placed as ``place``)."""
    await _run_stream(slot, "tx", place, name, [(len(p), p) for p in packets])


async def receive_packets(slot: DeviceSlot, packets: list[bytes], place: str = "low",
                          name: str = "") -> list[bytes]:
    """Post one buffer per packet (mapped FROM_DEVICE, poisoned, placed as ``place``), feed the
    packets, unmap; returns what the CPU reads back (also checked here)."""
    nb = slot.caps.data_bytes
    sizes = [-(-len(p) // nb) * nb for p in packets]
    bufs = await _run_stream(slot, "rx", place, name,
                             [(size, poison(size, i)) for i, size in enumerate(sizes)],
                             packets=list(packets))
    got = []
    mem = slot.machine.memory
    for i, (b, p) in enumerate(zip(bufs, packets)):
        cpu = bytes(mem.read(b.cpu_addr, len(p)))
        got.append(cpu)
        if cpu != p:
            slot.packets.errors.append(f"{slot.name}: rx packet {i} ({len(p)} B) differs in CPU "
                                       f"memory after unmap (bounced {b.bounced})")
    return got


# -- running the suite ---------------------------------------------------------------------------
SUITE_MODULE = "bench.suites.machine"
SUITE_TESTS = ("machine_traffic", "pool_contention", "pre2008_starves_nic", "nic_strict_refusal")


def run_machine_suite(tests, results_dir, build_dir, *, defect: bool = False,
                      seed: int | None = None) -> dict[str, str]:
    """Build ``machine_tb`` into ``build_dir`` (with MASKDMA_NO_RANGE_CHECK when ``defect``) and
    run ``tests`` of ``bench.suites.machine`` in one simulator; each writes
    ``machine_<test>.json`` into ``results_dir``. Returns {test: "" | failure text}."""
    from pathlib import Path

    from bench import build
    from bench.widths import DATA_WIDTH, MAX_BURST_LEN

    sources = [build.ROOT / "hdl" / f for f in ("tb/machine_tb.v", "dma_engine.v",
                                                 "nic_engine.v", "nic_fifo.v")]
    params = {**{d.param: d.addr_width for d in DEVICES}, "DATA_WIDTH": DATA_WIDTH,
              "MAX_BURST_LEN": MAX_BURST_LEN}
    results_dir, build_dir = Path(results_dir), Path(build_dir)
    results_dir.mkdir(parents=True, exist_ok=True)
    env = {"MASKDMA_RESULT_DIR": str(results_dir),
           "MASKDMA_SEED": str(seed if seed is not None else os.environ.get("SEED") or 2008),
           "COCOTB_LOG_LEVEL": os.environ.get("COCOTB_LOG_LEVEL", "INFO")}
    return {k.split(".")[-1]: v for k, v in build.run(
        build_dir, params, SUITE_MODULE, tests=list(tests), sources=sources, toplevel=TOPLEVEL,
        defines={"MASKDMA_NO_RANGE_CHECK": 1} if defect else None, test_dir=build_dir / "run",
        extra_env=env, check=False).items()}


def random_packet(rng: random.Random, lo: int = 1, hi: int = 600) -> bytes:
    return rng.randbytes(rng.randint(lo, hi))


__all__ = ["SUITE_TESTS", "run_machine_suite", "DEVICES", "DeviceSlot", "DeviceSpec", "LedgerDriver", "MachineBench", "Placement",
           "ZONE_DMA_END", "copy_job", "machine_layout", "random_packet", "receive_packets",
           "send_packets"]
