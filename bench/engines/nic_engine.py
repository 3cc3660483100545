"""NicEngineAdapter: the bench's adapter for ``hdl/nic_engine.v`` (a descriptor-ring NIC).

Registers through ``bench.registers.AxiLiteRegisters``, packets through ``AxiStreamSource``
(the RX input) and ``AxiStreamSink`` (the TX output, frames received uncompacted and checked by
``frame_bytes``); every offset, bit, error code and the descriptor
layout from the generated ``bench.engines.nic_engine_regs``.

- The rings: on the first work, a TX and an RX ring of ``ring_size`` 16-byte descriptors are
  allocated with ``dma_alloc_coherent`` (the device's coherent mask), programmed (BASE, SIZE,
  HEAD = TAIL = 0, IRQ_COALESCE) and enabled; ``shutdown`` disables them, waits until the device
  is idle and frees them. Every work is granted both rings ("rw", ``forward=False``: the device
  revisits them) plus its own buffers (its ``reads``/``writes`` windows).
- ``stream="tx"`` work: one descriptor per copy (buffer ``src``, LEN ``length``, EOP), TX_TAIL
  written once; ``wait`` returns when every descriptor was written back and as many frames left
  the sink. ``stream="rx"`` work: one descriptor per copy (buffer ``dst``, LEN ``length``), RX_TAIL
  written, then ``Work.packets`` are sent on the source; ``wait`` returns when every buffer was
  written back. At most ``ring_size - 1`` packets per work; a work waits in ``start`` until its
  ring has room.
- The driver's DMA limits (``configure_driver``, after ``probe``): the mask is
  ``DMA_BIT_MASK(min(ADDR_WIDTH, DESC_ADDR_BITS))`` -- a descriptor field narrower than the bus
  limits what may be handed to the device -- (``dma_mask_bits``); a SPLIT_ADDR_HI device
  (tg3-like: bits [63:32] of every buffer from the ring's BUF_HI) reaches all ADDR_WIDTH bits,
  its rings get BUF_HI = ``buf_hi`` and its driver a 4 GiB segment boundary
  (``DmaDriver.set_seg_boundary(0xFFFFFFFF)``); a buffer outside the ring's 4 GiB window is a
  ValueError, and the descriptor gets the buffer's low 32 bits.
- Completions: one service task sleeps on the ``irq`` edge (coalesced: ``coalesce`` completions
  or the ring running empty), clears STATUS (W1C), reads TX_HEAD/RX_HEAD and reaps the written-back
  STATUS words in ring order into their works. STATUS.ERR with ERR_CODE BUS is recorded and ends
  every work in flight.

``WorkResult``: ``ok`` when every status word is DONE without ERR; ``bytes_done`` the bytes
sent (tx) or received (rx); ``statuses`` the words; ``packets`` the frames (tx); on error the
first refused descriptor's code and name and ``error_addr`` its buffer address.

``PacketScoreboard`` checks all of that against what was submitted: every byte of every frame
sent (against the bus-side bytes of its buffer at submit), every byte received into an RX buffer
and nothing written past the packet, and every status word (``expected_status``).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

import cocotb
from cocotb.triggers import ClockCycles, Event, First, RisingEdge, Timer, with_timeout
from cocotbext.axi import AxiStreamBus, AxiStreamFrame, AxiStreamSink, AxiStreamSource

import models

from bench.adapter import (ANY_RESULT, BenchContext, Capabilities, EngineAdapter, Work,
                           WorkResult, WorkTimeout)
from bench.engines import nic_engine_regs as regs
from bench.guard import Grant
from bench.ports import BusPorts
from bench.registers import AxiLiteRegisters
from models import faults

MAX_LENGTH = regs.DESC_CTRL_LEN_MASK  # LEN is 16 bits


def ok_status(length: int, eop: bool = True) -> int:
    """The STATUS word of a descriptor that completed: DONE, EOP, LEN."""
    return (regs.DESC_STATUS_DONE | (regs.DESC_STATUS_EOP if eop else 0)
            | length << regs.DESC_STATUS_LEN_SHIFT)


def err_status(code: int, eop: bool = False) -> int:
    """The STATUS word of a refused descriptor: DONE, ERR, ERR_CODE (LEN 0)."""
    return (regs.DESC_STATUS_DONE | regs.DESC_STATUS_ERR | (regs.DESC_STATUS_EOP if eop else 0)
            | code << regs.DESC_STATUS_ERR_CODE_SHIFT)


def status_error(word: int) -> int | None:
    """The ERR_CODE of a STATUS word with ERR, else None."""
    if word & regs.DESC_STATUS_ERR:
        return (word >> regs.DESC_STATUS_ERR_CODE_SHIFT) & regs.DESC_STATUS_ERR_CODE_MASK
    return None


def expected_status(work: Work, i: int) -> int:
    """What the device must write back for copy ``i`` of ``work`` (OK, or refused with
    ``work.expect_error``)."""
    if work.expect_error not in (None, ANY_RESULT):
        return err_status(_code_of(work.expect_error), eop=work.stream == "tx")
    n = work.copies[i].length if work.stream == "tx" else len(work.packets[i])
    return ok_status(n, eop=True)


def _code_of(name: str) -> int:
    for code, n in regs.ERR_NAMES.items():
        if n == name:
            return code
    raise ValueError(f"nic_engine has no error named {name!r} (known: "
                     f"{', '.join(regs.ERR_NAMES.values())})")


@dataclass
class Ring:
    """One descriptor ring: coherent memory, the driver's TAIL, the reap position, and which
    work owns each posted slot."""

    name: str
    cpu: int
    bus: int
    size: int
    tail: int = 0
    reaped: int = 0
    owners: dict[int, tuple[Work, int]] = field(default_factory=dict)
    room: Event | None = None

    @property
    def bytes(self) -> int:
        return self.size * regs.DESC_SIZE

    @property
    def posted(self) -> int:
        return (self.tail - self.reaped) % self.size

    def slot_cpu(self, idx: int) -> int:
        return self.cpu + idx * regs.DESC_SIZE

    def grant(self, owner) -> Grant:
        return Grant(owner, self.bus, self.bus + self.bytes - 1, "rw", f"{self.name} ring",
                     forward=False)


class NicEngineAdapter(EngineAdapter):
    """Adapter of ``nic_engine``; see the module docstring. ``control_prefix`` names the AXI-Lite
    register port, ``tx_prefix``/``rx_prefix`` the stream ports, ``irq`` the interrupt."""

    name = "nic_engine"

    def __init__(self, ports: BusPorts = BusPorts(), control_prefix: str = "s_axil",
                 irq: str = "irq", tx_prefix: str = "m_axis_tx", rx_prefix: str = "s_axis_rx",
                 ring_size: int = 16, coalesce: int = 4, coalesce_timer: int = 64,
                 buf_hi: int = 0):
        if not 2 <= ring_size <= 0xFFFF:
            raise ValueError(f"ring_size {ring_size} outside 2..65535")
        if not 0 <= buf_hi <= 0xFFFFFFFF:
            raise ValueError(f"buf_hi 0x{buf_hi:x} outside 0..0xffffffff")
        self.ports = ports
        self.control_prefix = control_prefix
        self.irq_name = irq
        self.tx_prefix = tx_prefix
        self.rx_prefix = rx_prefix
        self.ring_size = ring_size
        self.coalesce = coalesce
        self.coalesce_timer = coalesce_timer
        self.registers: AxiLiteRegisters | None = None
        self.source: AxiStreamSource | None = None
        self.sink: AxiStreamSink | None = None
        self.irq = None
        self.caps: Capabilities | None = None
        self.desc_addr_bits = 0
        self.split_addr_hi = False
        self.buf_hi = buf_hi
        self.tx: Ring | None = None
        self.rx: Ring | None = None
        self.bus_error: int | None = None
        self.irqs = 0
        self._service = None

    # -- registers -----------------------------------------------------------------------------
    def connect(self, ctx: BenchContext) -> None:
        dut, level = ctx.dut, not self.ports.reset_active_low
        self.registers = AxiLiteRegisters.from_prefix(dut, self.control_prefix, ctx.clock,
                                                      ctx.reset, reset_active_level=level,
                                                      name=self.name)
        self.source = AxiStreamSource(AxiStreamBus.from_prefix(dut, self.rx_prefix), ctx.clock,
                                      ctx.reset, reset_active_level=level)
        self.sink = AxiStreamSink(AxiStreamBus.from_prefix(dut, self.tx_prefix), ctx.clock,
                                  ctx.reset, reset_active_level=level)
        self.irq = getattr(dut, self.irq_name)

    # -- reset and identification --------------------------------------------------------------
    async def reset(self, ctx: BenchContext) -> None:
        """Reset the engine; the rings stay allocated and are programmed again on the next
        work (``shutdown`` frees them)."""
        self._stop_service()
        await super().reset(ctx)
        for ring in (self.tx, self.rx):
            if ring is not None:
                ring.tail = ring.reaped = 0
                ring.owners.clear()
        self._programmed = False
        self.bus_error = None
        self.sink.clear()

    async def probe(self, ctx: BenchContext) -> Capabilities:
        ident = await self.registers.read32(regs.ID)
        if ident != regs.ID_VALUE:
            raise AssertionError(f"{self.name}: ID register reads 0x{ident:08x}, expected "
                                 f"0x{regs.ID_VALUE:08x}")
        caps_word = await self.registers.read32(regs.CAPS)
        desc_caps = await self.registers.read32(regs.DESC_CAPS)
        self.desc_addr_bits = (desc_caps >> regs.DESC_CAPS_ADDR_BITS_SHIFT
                               & regs.DESC_CAPS_ADDR_BITS_MASK)
        self.split_addr_hi = bool(desc_caps & regs.DESC_CAPS_SPLIT_ADDR_HI)
        data_bytes = 1 << (caps_word >> regs.CAPS_DATA_BYTES_LOG2_SHIFT
                           & regs.CAPS_DATA_BYTES_LOG2_MASK)
        caps = Capabilities(
            name=self.name,
            addr_width=caps_word >> regs.CAPS_ADDR_WIDTH_SHIFT & regs.CAPS_ADDR_WIDTH_MASK,
            data_width=8 * data_bytes,
            max_burst_len=caps_word >> regs.CAPS_MAX_BURST_LEN_SHIFT & regs.CAPS_MAX_BURST_LEN_MASK,
            unaligned=False, chains=False, byte_counter=True,
            legacy=bool(caps_word & regs.CAPS_LEGACY),
            max_length=MAX_LENGTH - MAX_LENGTH % data_bytes, error_names=regs.ERR_NAMES,
            streams=True, max_packets=self.ring_size - 1)
        ctx.log.info("probe %s: ID 0x%08x, %s, DESC_ADDR_BITS %d, SPLIT_ADDR_HI %d", self.name,
                     ident, caps, self.desc_addr_bits, self.split_addr_hi)
        self.caps = caps
        return caps

    # -- the driver's DMA limits ---------------------------------------------------------------
    def dma_mask_bits(self, caps: Capabilities) -> int:
        """The width of the DMA mask the driver must set: ADDR_WIDTH, narrowed to DESC_ADDR_BITS
        unless bits [63:32] come from BUF_HI (SPLIT_ADDR_HI)."""
        if self.split_addr_hi:
            return caps.addr_width
        # FAULT B9-desc-field-mask (models/faults.py): the driver takes the mask from the bus
        # width alone (DMA_BIT_MASK(64)), not from the narrower descriptor field.
        if faults.ACTIVE and faults.on("B9-desc-field-mask"):
            return caps.addr_width
        return min(caps.addr_width, self.desc_addr_bits)

    def configure_driver(self, driver, caps: Capabilities) -> None:
        """Set the driver's DMA mask (``dma_mask_bits``) and, for SPLIT_ADDR_HI, its 4 GiB
        segment boundary."""
        driver.set_mask(self.dma_mask_bits(caps))
        if self.split_addr_hi:
            driver.set_seg_boundary(0xFFFFFFFF)

    # -- rings ---------------------------------------------------------------------------------
    async def _open(self, ctx: BenchContext) -> None:
        """Allocate (once) and program both rings, enable the device, start the service."""
        for attr in ("tx", "rx"):
            if getattr(self, attr) is None:
                got = models.dma_alloc_coherent(ctx.device, self.ring_size * regs.DESC_SIZE,
                                                models.GFP_KERNEL)
                if got is None:
                    raise MemoryError(
                        f"{self.name}: dma_alloc_coherent({self.ring_size * regs.DESC_SIZE}) for "
                        f"its {attr.upper()} ring failed (ENOMEM below coherent mask "
                        f"0x{ctx.device.coherent_dma_mask:x})")
                setattr(self, attr, Ring(attr.upper(), got[0], got[1], self.ring_size,
                                         room=Event()))
        await self.registers.write32(regs.CTRL, 0)
        for ring, base, size, head, tail in (
                (self.tx, regs.TX_BASE_LO, regs.TX_SIZE, regs.TX_HEAD, regs.TX_TAIL),
                (self.rx, regs.RX_BASE_LO, regs.RX_SIZE, regs.RX_HEAD, regs.RX_TAIL)):
            ctx.driver.cpu_write(ring.cpu, bytes(ring.bytes))
            await self.registers.write64(base, ring.bus)
            await self.registers.write32(size, ring.size)
            await self.registers.write32(head, 0)
            await self.registers.write32(tail, 0)
            ring.tail = ring.reaped = 0
        if self.split_addr_hi:
            await self.registers.write32(regs.TX_BUF_HI, self.buf_hi)
            await self.registers.write32(regs.RX_BUF_HI, self.buf_hi)
        await self.registers.write32(regs.IRQ_COALESCE, self.coalesce
                           | self.coalesce_timer << regs.IRQ_COALESCE_TIMER_SHIFT)
        await self.registers.write32(regs.CTRL,
                                     regs.CTRL_TX_EN | regs.CTRL_RX_EN | regs.CTRL_IRQ_EN)
        self._programmed = True
        self._service = cocotb.start_soon(self._serve(ctx))

    def _stop_service(self) -> None:
        if self._service is not None:
            self._service.cancel()
            self._service = None

    # -- work ----------------------------------------------------------------------------------
    async def prepare(self, ctx: BenchContext, work: Work) -> list[Grant]:
        if work.stream not in ("tx", "rx"):
            raise ValueError(f"{self.name} runs stream work only (work {work.id} has "
                             f"stream={work.stream!r})")
        if not getattr(self, "_programmed", False):
            await self._open(ctx)
        work.state["statuses"] = [None] * len(work.copies)
        work.state["done"] = Event()
        return [self.tx.grant(work.id), self.rx.grant(work.id)]

    async def start(self, ctx: BenchContext, work: Work) -> None:
        ring = self.tx if work.stream == "tx" else self.rx
        n = len(work.copies)
        if n > ring.size - 1:
            raise ValueError(f"{self.name}: {n} packets > {ring.size - 1} slots of the "
                             f"{ring.name} ring")
        if self.split_addr_hi:
            for c in work.copies:
                addr = c.src if work.stream == "tx" else c.dst
                if addr >> 32 != self.buf_hi:
                    raise ValueError(f"{self.name}: {work.describe()}: buffer 0x{addr:x} lies "
                                     f"outside the {ring.name} ring's 4 GiB window (BUF_HI "
                                     f"0x{self.buf_hi:x})")
        while ring.size - 1 - ring.posted < n:
            ring.room.clear()
            await ring.room.wait()
        for i, c in enumerate(work.copies):
            slot = ring.tail
            if work.stream == "tx":
                addr, ctrl = c.src, c.length | regs.DESC_CTRL_EOP
            else:
                addr, ctrl = c.dst, c.length
            if self.split_addr_hi:
                addr &= 0xFFFFFFFF
            ctx.driver.cpu_write(ring.slot_cpu(slot), struct.pack(regs.DESC_STRUCT, addr, ctrl, 0))
            ring.owners[slot] = (work, i)
            ring.tail = (slot + 1) % ring.size
        work.state["t0"] = ctx.now_ns()
        await self.registers.write32(regs.TX_TAIL if work.stream == "tx" else regs.RX_TAIL,
                                     ring.tail)
        if work.stream == "rx":
            for p in work.packets:
                await self.source.send(AxiStreamFrame(p))

    async def wait(self, ctx: BenchContext, work: Work, timeout_cycles: int) -> WorkResult:
        timer = Timer(int(timeout_cycles * ctx.period_ns), "ns")
        done = work.state["done"]
        if not done.is_set() and await First(done.wait(), timer) is timer:
            st = await self.registers.read32(regs.STATUS)
            got = sum(s is not None for s in work.state["statuses"])
            tx_head = await self.registers.read32(regs.TX_HEAD)
            rx_head = await self.registers.read32(regs.RX_HEAD)
            raise WorkTimeout(f"{self.name}: {work.describe()}: {got} of {len(work.copies)} "
                              f"descriptors written back within {timeout_cycles} cycles (STATUS "
                              f"0x{st:08x}, TX_HEAD {tx_head}, RX_HEAD {rx_head})")
        statuses = list(work.state["statuses"])
        frames = None
        if work.stream == "tx":
            frames = []
            sent = sum(1 for s in statuses if s is not None and status_error(s) in (None, 2))
            for _ in range(sent):
                try:
                    frame = await with_timeout(self.sink.recv(compact=False),
                                               int(timeout_cycles * ctx.period_ns), "ns")
                except cocotb.triggers.SimTimeoutError:
                    raise WorkTimeout(f"{self.name}: {work.describe()}: only {len(frames)} of "
                                      f"{sent} frames left the TX stream") from None
                frames.append(frame_bytes(frame))
        cycles = ctx.cycles_since(work.state.get("t0", ctx.now_ns()))
        codes = [status_error(s) if s is not None else regs.ERR_BUS for s in statuses]
        if work.stream == "tx":
            nbytes = sum(c.length for c, k in zip(work.copies, codes) if k is None)
        else:
            nbytes = sum(s >> regs.DESC_STATUS_LEN_SHIFT & regs.DESC_STATUS_LEN_MASK
                         for s, k in zip(statuses, codes) if k is None)
        bad = next((i for i, k in enumerate(codes) if k is not None), None)
        if bad is None:
            return WorkResult(True, nbytes, cycles=cycles, statuses=statuses, packets=frames)
        c = work.copies[bad]
        code = codes[bad]
        return WorkResult(False, nbytes, code, regs.ERR_NAMES.get(code, f"ERROR_{code}"),
                          c.src if work.stream == "tx" else c.dst, cycles,
                          statuses=statuses, packets=frames)

    # -- completions ---------------------------------------------------------------------------
    async def _serve(self, ctx: BenchContext) -> None:
        """The interrupt handler: clear STATUS, reap both rings up to HEAD."""
        while True:
            if not _bit(self.irq):
                await RisingEdge(self.irq)
            self.irqs += 1
            status = await self.registers.read32(regs.STATUS)
            if status & regs.STATUS_W1C:
                await self.registers.write32(regs.STATUS, status & regs.STATUS_W1C)
            if status & regs.STATUS_ERR:
                code = status >> regs.STATUS_ERR_CODE_SHIFT & regs.STATUS_ERR_CODE_MASK
                if code == regs.ERR_BUS:
                    self.bus_error = code
            for ring, head_reg in ((self.tx, regs.TX_HEAD), (self.rx, regs.RX_HEAD)):
                self._reap(ctx, ring, await self.registers.read32(head_reg))
            if self.bus_error is not None:
                self._end_all_in_flight()
            await ClockCycles(ctx.clock, 3)  # irq follows STATUS within 2 cycles

    def _reap(self, ctx: BenchContext, ring: Ring, head: int) -> None:
        while ring.reaped != head:
            slot = ring.reaped
            word = struct.unpack_from("<I", ctx.driver.cpu_read(
                ring.slot_cpu(slot) + regs.DESC_STATUS, 4))[0]
            work, i = ring.owners.pop(slot)
            work.state["statuses"][i] = word
            if all(s is not None for s in work.state["statuses"]):
                work.state["done"].set()
            ring.reaped = (slot + 1) % ring.size
        ring.room.set()

    def _end_all_in_flight(self) -> None:
        """A bus error disabled both rings: works still waiting end (missing statuses read as
        None)."""
        for ring in (self.tx, self.rx):
            for work, _ in list(ring.owners.values()):
                work.state["done"].set()

    # -- teardown ------------------------------------------------------------------------------
    async def shutdown(self, ctx: BenchContext) -> None:
        """Disable both rings, wait for the device to go idle, free the rings."""
        if self.registers is not None and getattr(self, "_programmed", False):
            await self.registers.write32(regs.CTRL, 0)
            for _ in range(200):
                if not await self.registers.read32(regs.STATUS) & (regs.STATUS_TX_BUSY
                                                         | regs.STATUS_RX_BUSY):
                    break
                await ClockCycles(ctx.clock, 10)
            else:
                raise AssertionError(f"{self.name}: still busy 2000 cycles after disabling "
                                     f"its rings")
        self._stop_service()
        self._programmed = False
        for attr in ("tx", "rx"):
            ring = getattr(self, attr)
            if ring is not None:
                if ring.owners:
                    raise AssertionError(f"{self.name}: shutdown with {len(ring.owners)} "
                                         f"{ring.name} descriptors in flight")
                models.dma_free_coherent(ctx.device, ring.bytes, ring.cpu, ring.bus)
                setattr(self, attr, None)

    async def assert_idle(self, ctx: BenchContext) -> None:
        status = await self.registers.read32(regs.STATUS)
        if status & (regs.STATUS_TX_BUSY | regs.STATUS_RX_BUSY):
            raise AssertionError(f"{self.name} not idle: STATUS 0x{status:08x}")

    def timeout_cycles(self, work: Work, caps: Capabilities) -> int:
        beats = sum(c.length for c in work.copies) // caps.data_bytes + len(work.copies)
        return 4000 + 60 * beats + 400 * len(work.copies)


@dataclass
class PacketScoreboard:
    """Checks the stream work of one NIC: every frame sent, every buffer received into and
    every status word. ``observe`` takes ``bench.work.WorkEvent``s; ``memory`` is a callable
    returning the bus-side byte store. Errors are returned and kept in ``errors``."""

    memory: object
    errors: list[str] = field(default_factory=list)
    packets_checked: int = 0
    bytes_checked: int = 0
    statuses_checked: int = 0
    _pending: dict[int, dict] = field(default_factory=dict)

    def observe(self, event) -> list[str]:
        work = event.work
        if not work.stream:
            return []
        mem = self.memory()
        found: list[str] = []
        if event.kind == "submitted":
            snap = {}
            if work.stream == "tx":
                snap["frames"] = [bytes(mem.read(c.src, c.length)) for c in work.copies]
            else:
                snap["tails"] = [bytes(mem.read(c.dst, c.length)) for c in work.copies]
            self._pending[work.id] = snap
        elif event.kind == "completed":
            snap = self._pending.pop(work.id, None)
            if event.result is None or snap is None:
                return []
            found = self._judge(work, event.result, snap, mem)
        self.errors.extend(found)
        return found

    def unfinished(self) -> list[str]:
        return [f"work {w} submitted and never completed" for w in sorted(self._pending)]

    def _judge(self, work: Work, result: WorkResult, snap: dict, mem) -> list[str]:
        out = []
        tag = f"{work.stream} work {work.id} {work.name}"
        if result.statuses is None or len(result.statuses) != len(work.copies):
            return [f"{tag}: {len(result.statuses or [])} status words for "
                    f"{len(work.copies)} descriptors"]
        for i, word in enumerate(result.statuses):
            want = expected_status(work, i)
            self.statuses_checked += 1
            if work.expect_error != ANY_RESULT and word != want:
                out.append(f"{tag}: descriptor {i}: STATUS written back 0x{word:08x}, expected "
                           f"0x{want:08x}")
        if work.expect_error not in (None,) or not work.check_data:
            return out
        if work.stream == "tx":
            frames = result.packets or []
            if len(frames) != len(work.copies):
                out.append(f"{tag}: {len(frames)} frames on the TX stream for "
                           f"{len(work.copies)} packets")
            for i, (got, want) in enumerate(zip(frames, snap["frames"])):
                self.packets_checked += 1
                self.bytes_checked += len(want)
                if got != want:
                    out.append(f"{tag}: packet {i}: {_first_diff(got, want)}")
        else:
            for i, (c, pkt, before) in enumerate(zip(work.copies, work.packets, snap["tails"])):
                got = bytes(mem.read(c.dst, c.length))
                self.packets_checked += 1
                self.bytes_checked += len(pkt)
                if got[:len(pkt)] != pkt:
                    out.append(f"{tag}: buffer {i} at 0x{c.dst:x}: "
                               f"{_first_diff(got[:len(pkt)], pkt)}")
                if got[len(pkt):] != before[len(pkt):]:
                    k = next(j for j in range(len(pkt), c.length) if got[j] != before[j])
                    out.append(f"{tag}: buffer {i} at 0x{c.dst:x}: byte {k} past the "
                               f"{len(pkt)}-byte packet was written")
        return out


def _first_diff(got: bytes, want: bytes) -> str:
    if len(got) != len(want):
        return f"{len(got)} bytes, expected {len(want)}"
    k = next(j for j in range(len(want)) if got[j] != want[j])
    return f"byte {k} is 0x{got[k]:02x}, expected 0x{want[k]:02x}"


def frame_bytes(frame: AxiStreamFrame) -> bytes:
    """The bytes of an ``AxiStreamSink`` frame received uncompacted (``recv(compact=False)``)
    whose tkeep was set. Checks the NIC's stream contract: tkeep is low only at the tail of the
    frame (a stream without tkeep keeps every byte); AssertionError naming the tkeep pattern
    when a kept byte follows an unkept one, or when the frame was compacted (tkeep is gone)."""
    if frame.tkeep is None:
        raise AssertionError("stream frame received compacted: its tkeep is gone (receive with "
                             "recv(compact=False))")
    keep = list(frame.tkeep) or [1] * len(frame.tdata)
    if len(keep) != len(frame.tdata):
        raise AssertionError(f"stream frame has {len(keep)} tkeep bits for {len(frame.tdata)} "
                             f"bytes")
    n = sum(1 for k in keep if k)
    if not all(keep[:n]) or any(keep[n:]):
        raise AssertionError(f"stream frame tkeep has holes: {keep}")
    return bytes(frame.tdata[:n])


def _bit(sig) -> bool:
    try:
        return bool(int(sig.value))
    except ValueError:
        return False


__all__ = ["NicEngineAdapter", "PacketScoreboard", "Ring", "err_status", "expected_status",
           "frame_bytes", "ok_status", "status_error"]
