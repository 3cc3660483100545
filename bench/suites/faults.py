"""pyuvm scenarios of the device-level faults (``models.faults``), each on ONE simulated device.

The top level is a bare ``nic_engine`` or ``dma_engine`` (``bench.suites.faults_run`` builds it
with the parameters a scenario needs); the bench is ``bench.machine.MachineBench`` with that one
device: its models machine, driver, adapter, AXI memory, monitor and address guard.

Every test runs its scenario, collects what caught something (``Catch``: layer, rule, message)
and writes ``faults_<test>.json`` into MASKDMA_RESULT_DIR. Layers, in the order a buffer meets
them: ``dma-debug`` (the models' mapping audit raises KernelBugError at map time), ``refusal``
(the strict device writes the descriptor back with ERR and names the error code), ``guard``
(every rule the address guard reported, one Catch each), ``data`` (the bytes that arrived differ
from the bytes sent).

MASKDMA_FAULT_MODE:
- ``pair`` (default): a test with ``fault`` runs with exactly that fault injected
  (``faults.injected``) and must be caught by the layer and rule it expects for the device's mode
  (strict or legacy); a test without ``fault`` runs with no fault and must pass: nothing caught,
  every byte right, the machine quiescent.
- ``as-is``: every test runs with the faults of the process (MASKDMA_FAULT, ``make sim
  FAULT=<name>``, ``pytest --fault``) and must pass: a fault the bench catches fails the test with
  the catching layer's message.

Scenarios:
- B1 (``b1_*``, a 30-bit device): the buffer ``[mask - 100, mask + 100]`` sent by the NIC or copied
  by the copy engine. With the fault and dma-debug on, the mapping audit refuses it; with
  dma-debug off (Linux's default) the strict NIC refuses it (ADDR_RANGE) and a legacy copy engine
  wraps to address 0 (the guard: ``wrap``, ``outside-job``). Without the fault it is bounced.
- B6 (``b6_*``, a 40-bit NIC with SPLIT_ADDR_HI): a 512-byte TX buffer at 4 GiB - 256. With the
  fault the strict NIC refuses it (CROSS_4G) and a legacy one reads the wrapped bytes at the
  bottom of the 4 GiB window (the guard: ``outside-job``). Without it the driver copies the
  buffer into pages inside one 4 GiB segment.
- B9 (``b9_*``, a 64-bit NIC with DESC_ADDR_BITS 40, RAM above 2^40): an RX buffer above 2^40.
  With the fault (64-bit mask) the strict NIC refuses it (DESC_BITS) and a legacy one writes the
  packet at the truncated address (the guard: ``outside-job``). Without it the driver's 40-bit
  mask bounces it below 2^40.
"""

from __future__ import annotations

import json
import os
from contextlib import contextmanager
from dataclasses import asdict, dataclass

import cocotb
import pyuvm
from pyuvm import uvm_test

import models
from models import dma_debug, faults

from bench.adapter import ANY_RESULT, Copy, Window
from bench.machine import DeviceSpec, MachineBench

GiB = 1 << 30
MODE_ENV = "MASKDMA_FAULT_MODE"


@dataclass(frozen=True)
class Catch:
    """One thing that caught the scenario: the layer, the rule or error name, the message."""

    layer: str
    rule: str
    message: str


def device_spec(dut) -> DeviceSpec:
    """The bare top level as a device: a NIC when it has a TX stream, else a copy engine."""
    kind = "nic" if hasattr(dut, "m_axis_tx_tdata") else "copy"
    return DeviceSpec("nic" if kind == "nic" else "dma", kind, len(dut.m_axi_araddr), bare=True)


@contextmanager
def dma_debug_enabled(on: bool):
    old = dma_debug.set_enabled(on)
    try:
        yield
    finally:
        dma_debug.set_enabled(old)


class FaultTest(uvm_test):
    """One scenario. Subclasses set ``fault`` (injected in pair mode; "" for the clean run),
    ``dma_debug``, ``layout`` (``bench.machine.machine_layout``), ``expect`` ({"strict": (layer,
    rule), "legacy": (layer, rule)}, or "any" for both) and ``scenario``."""

    fault = ""
    dma_debug = True
    layout = "traffic"
    expect: dict[str, tuple[str, str]] = {}

    def build_phase(self):
        self.bench = MachineBench(cocotb.top, (device_spec(cocotb.top),),
                                  test_name=type(self).__name__)
        self.bench.build(self.layout)
        self.slot = next(iter(self.bench.slots.values()))
        self.mode = os.environ.get(MODE_ENV, "pair")
        if self.mode not in ("pair", "as-is"):
            raise ValueError(f"{MODE_ENV}={self.mode!r}: must be 'pair' or 'as-is'")
        self.catches: list[Catch] = []
        self.record: dict = {}

    async def run_phase(self):
        self.raise_objection()
        try:
            if self.mode == "pair":
                names = (self.fault,) if self.fault else ()
                with faults.injected(*names), dma_debug_enabled(self.dma_debug):
                    await self._run()
            else:
                with dma_debug_enabled(self.dma_debug):
                    await self._run()
        finally:
            self._write()
            self.drop_objection()

    async def _run(self) -> None:
        self.active = sorted(faults.ACTIVE)
        await self.bench.start()
        try:
            await self.scenario(self.slot)
        except models.KernelBugError as exc:
            self.catches.append(Catch("dma-debug", _rule_of(str(exc)), str(exc)))
        self.catches += [Catch("guard", v.rule, v.message) for v in self.slot.guard.violations]
        await self.bench.retire()
        self.record["quiescent"] = True

    async def scenario(self, slot) -> None:
        raise NotImplementedError

    # -- helpers for scenarios -----------------------------------------------------------------
    def judge(self, result, what: str) -> None:
        """Record a refusal by the device (a result with an error name)."""
        if not result.ok:
            self.catches.append(Catch("refusal", result.error_name or "?",
                                      f"{self.slot.name}: {what}: {result.describe()}"))

    def compare(self, got: bytes, want: bytes, what: str) -> None:
        if got != want:
            k = next((i for i, (a, b) in enumerate(zip(got, want)) if a != b),
                     min(len(got), len(want)))
            self.catches.append(Catch("data", "bytes", f"{self.slot.name}: {what}: {len(got)} "
                                                       f"bytes arrived for {len(want)}, first "
                                                       f"difference at byte {k}"))

    # -- verdict -------------------------------------------------------------------------------
    def expected(self) -> tuple[str, str] | None:
        caps = self.slot.caps
        return self.expect.get("any") or self.expect.get(
            "legacy" if caps is not None and caps.legacy else "strict")

    def check_phase(self):
        want = self.expected() if self.mode == "pair" and self.fault else None
        if want is not None:
            layer, rule = want
            if not any(c.layer == layer and c.rule == rule for c in self.catches):
                raise AssertionError(
                    f"{type(self).__name__}: fault {self.fault} was NOT caught by {layer} "
                    f"[{rule}]; caught: {self._listing() or 'nothing'}")
        elif self.catches:
            c = self.catches[0]
            raise AssertionError(
                f"{type(self).__name__}: faults {', '.join(self.active) or 'none'}: caught by "
                f"{c.layer} [{c.rule}]: {c.message}")

    def _listing(self) -> str:
        return "; ".join(f"{c.layer} [{c.rule}]" for c in self.catches)

    def _write(self) -> None:
        caps = self.slot.caps
        rec = {"test": type(self).__name__, "mode": self.mode, "fault": self.fault,
               "active": getattr(self, "active", []), "dma_debug": self.dma_debug,
               "device": self.slot.name, "width": self.slot.spec.addr_width,
               "legacy": bool(caps and caps.legacy), "expected": self.expected(),
               "catches": [asdict(c) for c in self.catches],
               "guard": self.slot.guard.summary(), "quiescent": False}
        rec.update(self.record)
        out = os.environ.get("MASKDMA_RESULT_DIR")
        if out:
            with open(os.path.join(out, f"faults_{rec['test']}.json"), "w") as f:
                json.dump(rec, f, indent=1, sort_keys=True)


def _rule_of(message: str) -> str:
    """The rule named in a models message ("... [rule: ...]")."""
    return message.rsplit("[rule: ", 1)[-1].rstrip("]") if "[rule: " in message else "?"


# -- scenarios -----------------------------------------------------------------------------------
async def _nic_stream(test: FaultTest, slot, kind: str, cpu: int, size: int, **extra):
    """Map the CPU buffer at ``cpu`` (``size`` bytes; TO_DEVICE for "tx", FROM_DEVICE for "rx"),
    run one stream work ``kind`` on it (any result accepted), unmap; records the handle and
    whether it bounced, judges the result and returns it."""
    tx = kind == "tx"
    buf = slot.driver.map_single(cpu, size, models.DMA_TO_DEVICE if tx else models.DMA_FROM_DEVICE)
    try:
        window = [Window.of(buf.handle, size, f"{kind} buf")]
        copy = Copy(buf.handle, 0, size) if tx else Copy(0, buf.handle, size)
        windows = {"reads": window} if tx else {"writes": window}
        work = slot.work.make_stream(kind, [copy], name=kind, expect_error=ANY_RESULT,
                                     **windows, **extra)
        res = await slot.work.run(work)
    finally:
        slot.driver.unmap(buf)
    slot.work.retired(work)
    test.record["handle"] = buf.handle
    test.record["bounced"] = buf.bounced
    test.judge(res, f"{kind.upper()} buffer [0x{buf.handle:x}, 0x{buf.handle + size - 1:x}]")
    return res


async def nic_send(test: FaultTest, slot, cpu: int, pkt: bytes) -> None:
    """The NIC sends ``pkt`` from the CPU buffer at ``cpu`` (mapped TO_DEVICE)."""
    slot.machine.memory.write(cpu, pkt)
    res = await _nic_stream(test, slot, "tx", cpu, len(pkt))
    if res.ok:
        test.compare((res.packets or [b""])[0], pkt, "the frame sent")


async def nic_receive(test: FaultTest, slot, cpu: int, pkt: bytes, size: int) -> None:
    """The NIC receives ``pkt`` into the CPU buffer at ``cpu`` (``size`` bytes, mapped
    FROM_DEVICE); the CPU reads it after unmap."""
    mem = slot.machine.memory
    mem.write(cpu, bytes(size))
    res = await _nic_stream(test, slot, "rx", cpu, size, packets=[pkt])
    if res.ok:
        test.compare(bytes(mem.read(cpu, len(pkt))), pkt, "the packet in CPU memory")


# -- B1: [mask - 100, mask + 100] on a 30-bit device ---------------------------------------------
class _B1Nic(FaultTest):
    async def scenario(self, slot):
        await nic_send(self, slot, slot.mask - 100, slot.rng.randbytes(201))


class _B1Copy(FaultTest):
    async def scenario(self, slot):
        mask, n = slot.mask, 201
        data = slot.rng.randbytes(n)
        m = slot.machine
        m.memory.write(mask - 100, data)
        dst_cpu = m.get_pages_mask(models.GFP_KERNEL, 4096, mask)
        src = slot.driver.map_single(mask - 100, n, models.DMA_TO_DEVICE)
        dst = None
        try:
            dst = slot.driver.map_single(dst_cpu, n, models.DMA_FROM_DEVICE)
            work = slot.work.make([Copy(src.handle, dst.handle, n)], name="b1-copy",
                                  reads=[Window.of(src.handle, n, "src")],
                                  writes=[Window.of(dst.handle, n, "dst")],
                                  expect_error=ANY_RESULT)
            res = await slot.work.run(work)
            slot.work.retired(work)
        finally:
            slot.driver.unmap(src)
            if dst is not None:
                slot.driver.unmap(dst)
        self.record["handle"] = src.handle
        self.record["bounced"] = src.bounced
        self.judge(res, f"copy from [0x{src.handle:x}, 0x{src.handle + n - 1:x}]")
        if res.ok:
            self.compare(bytes(m.memory.read(dst_cpu, n)), data, "the copied bytes")
        m.free_pages_mask(dst_cpu, 4096)


@pyuvm.test()
class b1_dma_debug(_B1Nic):
    """B1 with dma-debug on: the mapping audit refuses the buffer at map time."""
    fault = "B1-start-only-mask"
    expect = {"any": ("dma-debug", "a mapping's last byte <= the device's DMA mask")}


@pyuvm.test()
class b1_nic(_B1Nic):
    """B1 with dma-debug off: the strict 30-bit NIC refuses the descriptor (ADDR_RANGE)."""
    fault = "B1-start-only-mask"
    dma_debug = False
    expect = {"strict": ("refusal", "ADDR_RANGE")}


@pyuvm.test()
class b1_nic_clean(_B1Nic):
    """The same buffer without the fault: bounced below the mask, the frame sent intact."""


@pyuvm.test()
class b1_copy(_B1Copy):
    """B1 with dma-debug off on a 30-bit copy engine: strict refuses (ADDR_RANGE), legacy wraps
    the read to address 0 (the guard: wrap, outside-job)."""
    fault = "B1-start-only-mask"
    dma_debug = False
    expect = {"strict": ("refusal", "ADDR_RANGE"), "legacy": ("guard", "wrap")}


@pyuvm.test()
class b1_copy_clean(_B1Copy):
    """The same copy without the fault: the source is bounced, the copy exact."""


# -- B6: a TX buffer crossing 4 GiB on a tg3-like NIC (SPLIT_ADDR_HI) -----------------------------
class _B6(FaultTest):
    async def scenario(self, slot):
        await nic_send(self, slot, 4 * GiB - 256, slot.rng.randbytes(512))


@pyuvm.test()
class b6_crossing(_B6):
    """B6: the driver skips the 4 GiB test; strict refuses (CROSS_4G), legacy wraps inside the
    window (the guard: outside-job)."""
    fault = "B6-tg3-4g-crossing"
    expect = {"strict": ("refusal", "CROSS_4G"), "legacy": ("guard", "outside-job")}


@pyuvm.test()
class b6_clean(_B6):
    """Without the fault the driver copies the buffer inside one 4 GiB segment."""


# -- B9: an RX buffer above 2^40 on a NIC whose descriptors hold 40 bits ---------------------------
class _B9(FaultTest):
    layout = "above40"

    async def scenario(self, slot):
        m = slot.machine
        cpu = m.get_pages_mask(models.GFP_KERNEL, 4096, models.DMA_BIT_MASK(64))
        if cpu is None or cpu >> 40 == 0:
            raise AssertionError(f"B9 scenario: no page above 2^40 (got {cpu!r})")
        self.record["cpu"] = cpu
        try:
            await nic_receive(self, slot, cpu, slot.rng.randbytes(1000), 1024)
        finally:
            m.free_pages_mask(cpu, 4096)


@pyuvm.test()
class b9_wide_mask(_B9):
    """B9: a 64-bit mask for a 40-bit descriptor field; strict refuses (DESC_BITS), legacy writes
    the packet at the truncated address (the guard: outside-job)."""
    fault = "B9-desc-field-mask"
    expect = {"strict": ("refusal", "DESC_BITS"), "legacy": ("guard", "outside-job")}


@pyuvm.test()
class b9_clean(_B9):
    """Without the fault the 40-bit mask bounces the buffer below 2^40."""
