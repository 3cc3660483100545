"""TlmMemory: the bench's AXI4 memory at transaction level, on ``hdl/tb/dma_engine_tb.v``.

The per-beat, per-cycle work (handshakes, back-pressure, pipelined read latency, W collection
with strobes, B ordering) runs in Verilog (``hdl/tb/axi_mem_bfm.v``). Python wakes once per clock
edge that carries an event -- an AR or AW handshake, the last W beat of a write burst, an
SLVERR/DECERR handshake on R or B -- never per beat and never on idle cycles:

- AR: the burst is published, its data and per-beat responses are read from the store in one go
  and handed to the memory (one write of ``rf_data``/``rf_resp``, one toggle of ``rf_go``);
- AW: the burst is published (and queued for its data);
- last W beat: the whole burst (data and strobes) is written into the store in one go and its B
  response handed over (``bf_resp`` + a toggle of ``bf_go``);
- R/B error handshakes: a ``Response`` is published.

The semantics are those of ``bench.memory.AxiMemory`` with cocotbext-axi's ``AxiSlave``, so the two
paths give the same memory contents and the same bursts: reads fetch the whole beat-aligned word of
every beat; a beat whose word touches an error window (``inject``, first matching window wins) or
lies outside the store answers that window's kind (outside: DECERR) with zero data; writes go per
beat and per contiguous run of strobed bytes, a run touching a window is not written and makes the
burst's B SLVERR, or DECERR if any failing run was DECERR. INCR, FIXED and WRAP addressing.

Events: ``subscribe(callback)`` receives the same ``Burst`` (AR/AW, with the handshake time and the
first edge at which VALID was high) and ``Response`` (R/B errors only) objects as
``bench.monitor.AxiMonitor`` publishes, once each, so the guard and the counters can subscribe
here instead of to a per-cycle monitor.

``TbState`` drives the testbench top's ``tb_*`` inputs (job, limit, grants, violations, error
responses) so the waves show the bench's state; ``RULE_CODES`` numbers the guard's rules there.
"""

from __future__ import annotations

import logging
from collections import deque

from bench.error_windows import WindowedStore
from bench.monitor import Burst, EventSource, Response

RESP = {"OKAY": 0, "EXOKAY": 1, "SLVERR": 2, "DECERR": 3}
CHANNELS = ("ar", "r", "aw", "w", "b")
MIN_READ_LATENCY = 2
RULE_CODES = {"limit": 1, "wrap": 2, "4k": 3, "idle": 4, "outside-job": 5, "direction": 6,
              "unmapped": 7, "backward": 8, "after-error": 9}
PROTO_ERRORS = {1: "read data handed over with no read burst waiting",
                2: "write response handed over with no write burst finished",
                3: "burst longer than the memory's slot (BEATS)",
                4: "WLAST on the wrong beat"}
FLAG_AR, FLAG_AW, FLAG_WD, FLAG_RERR, FLAG_BERR, FLAG_PROTO = 1, 2, 4, 8, 16, 32


class TlmMemory(WindowedStore, EventSource):
    """Serves dma_engine_tb's memory from ``memory`` (a ``models.PhysicalMemory`` or any store with
    ``read``/``write``/``size``). ``start()`` begins serving (call it before releasing reset)."""

    def __init__(self, dut, memory, *, period_ns: float = 10.0, read_latency: int = 0,
                 log: logging.Logger | None = None):
        WindowedStore.__init__(self)
        EventSource.__init__(self)
        self.dut = dut
        self.log = log or logging.getLogger("cocotb.bench.tlm_memory")
        self.memory = memory
        self.period_ns = period_ns
        self.bursts = {"AR": 0, "AW": 0}
        self.responses: dict[str, int] = {}  # "R:OKAY" per beat, "B:SLVERR" per burst, as sent
        self.wakeups = 0
        self.addr_width = len(dut.m_axi_araddr)
        self.id_width = len(dut.m_axi_arid)
        self.nb = len(dut.m_axi_rdata) // 8
        self.beats = len(dut.rf_resp) // 2
        self._aw: deque = deque()  # AW bursts waiting for their last W beat
        self._rf = 0
        self._bf = 0
        self._bp = {ch: 0 for ch in CHANNELS}
        self._seed = 0
        self.read_latency = 0
        self.write_latency = 0
        self.set_latency(read_latency)
        self._apply_config()
        dut.rf_go.value = 0
        dut.bf_go.value = 0
        dut.rf_data.value = 0
        dut.rf_resp.value = 0
        dut.bf_resp.value = 0
        TbState(dut).clear()

    # -- modes ---------------------------------------------------------------------------------
    def set_latency(self, read: int = 0, write: int = 0) -> None:
        """Read latency: the first R handshake of every read burst comes ``read`` cycles after its
        AR handshake (pipelined: later ARs are accepted meanwhile); values below 2 mean 2, the
        shortest this memory has. Write latency: a write burst's B response comes no earlier
        than ``write`` cycles after its last W beat (0: at once). Both 0..255 cycles."""
        for what, value in (("read", read), ("write", write)):
            if not 0 <= value <= 255:
                raise ValueError(f"{what} latency {value}: must be 0..255 cycles")
        self.read_latency = max(read, MIN_READ_LATENCY)
        self.write_latency = write
        self.dut.cfg_rd_latency.value = self.read_latency
        self.dut.cfg_wr_latency.value = write

    def set_backpressure(self, probability: float = 0.3, seed: int = 0,
                         channels=CHANNELS) -> None:
        """Stall each named channel ("ar", "r", "aw", "w", "b") at random with ``probability`` per
        cycle (resolution 1/256), from an LFSR per channel seeded by ``seed`` at the next reset
        (0 clears). AR/AW/W stall by READY low, R/B by VALID held back."""
        if not 0.0 <= probability < 1.0:
            raise ValueError(f"back-pressure probability {probability}: must be in [0, 1)")
        for name in channels:
            if name not in CHANNELS:
                raise ValueError(f"channel {name!r}: must be one of {', '.join(CHANNELS)}")
            self._bp[name] = min(255, round(probability * 256))
        self._seed = seed & 0xFFFFFFFF
        self._apply_config()
        self.log.info("back-pressure p=%.2f on %s (seed %d, LFSR per channel)", probability,
                      ",".join(channels), seed)

    def _apply_config(self) -> None:
        for ch in CHANNELS:
            getattr(self.dut, f"cfg_{ch}_stall").value = self._bp[ch]
        self.dut.cfg_seed.value = self._seed

    # -- serving -------------------------------------------------------------------------------
    def start(self) -> "TlmMemory":
        import cocotb

        if not self._tasks:
            self._tasks = [cocotb.start_soon(self._serve()), cocotb.start_soon(self._on_reset())]
        return self

    async def _on_reset(self) -> None:
        """A reset empties the Verilog queues: forget the write bursts waiting for data."""
        from cocotb.triggers import RisingEdge

        rst = self.dut.rst
        while True:
            await RisingEdge(rst)
            self._aw.clear()

    async def _serve(self) -> None:
        from cocotb.triggers import ReadWrite, ValueChange
        from cocotb.utils import get_sim_time

        dut = self.dut
        count, flags = dut.ev_count, dut.ev_flags
        changed = ValueChange(count)
        settle = ReadWrite()
        while True:
            await changed
            await settle
            try:
                f = int(flags.value)
            except ValueError:
                continue
            if not f:
                continue
            self.wakeups += 1
            now = get_sim_time("ns")
            if f & FLAG_AR:
                self._on_addr("AR", int(dut.ev_ar_info.value), now)
            if f & FLAG_AW:
                self._on_addr("AW", int(dut.ev_aw_info.value), now)
            if f & FLAG_WD:
                self._on_write_done()
            if f & FLAG_RERR:
                info = int(dut.ev_r_info.value)
                self.publish(Response("R", info & 3, now, bool(info >> 2)))
            if f & FLAG_BERR:
                self.publish(Response("B", int(dut.ev_b_info.value) & 3, now))
            if f & FLAG_PROTO:
                err = int(dut.proto_err.value)
                raise AssertionError(f"axi_mem_bfm protocol error {err}: "
                                     f"{PROTO_ERRORS.get(err, '?')} at {now:.0f} ns")

    def _on_addr(self, channel: str, info: int, now: float) -> None:
        aw = self.addr_width
        addr = info & ((1 << aw) - 1)
        alen = (info >> aw) & 0xFF
        size = 1 << ((info >> (aw + 8)) & 7)
        burst_type = (info >> (aw + 11 + self.id_width)) & 3
        wait = info >> (aw + 13 + self.id_width)
        n = alen + 1
        self.bursts[channel] += 1
        self.publish(Burst.incr(channel, addr, n, size, now, now - wait * self.period_ns))
        addrs = beat_addresses(addr, n, size, burst_type, self.nb)
        if channel == "AR":
            self._serve_read(addrs)
        else:
            self._aw.append(addrs)

    def _serve_read(self, addrs: list[int]) -> None:
        nb = self.nb
        n = len(addrs)
        first, last = addrs[0], addrs[-1] + nb - 1
        contiguous = all(addrs[i + 1] - addrs[i] == nb for i in range(n - 1))
        if contiguous and self.clean(first, last, "read"):
            data = bytes(self._memory.read(first, n * nb))
            resp = 0
            self._count("R", "OKAY", n)
        else:
            chunks, resp = [], 0
            for i, a in enumerate(addrs):
                kind = self.fault(a, nb, "read")
                if kind is None:
                    chunks.append(bytes(self._memory.read(a, nb)))
                    self._count("R", "OKAY")
                else:
                    chunks.append(bytes(nb))
                    resp |= RESP[kind] << (2 * i)
                    self._count("R", kind)
            data = b"".join(chunks)
        dut = self.dut
        dut.rf_data.value = int.from_bytes(data, "little")
        dut.rf_resp.value = resp
        self._rf ^= 1
        dut.rf_go.value = self._rf

    def _on_write_done(self) -> None:
        dut = self.dut
        if not self._aw:
            raise AssertionError("axi_mem_bfm finished a write burst with no AW burst known")
        addrs = self._aw.popleft()
        n = int(dut.ev_wd_beats.value)
        if n != len(addrs):
            raise AssertionError(f"write burst of {n} beats for an AW of {len(addrs)} beats")
        nb = self.nb
        try:
            data = int(dut.ev_wd_data.value).to_bytes(self.beats * nb, "little")
        except ValueError:
            raise AssertionError(f"m_axi_wdata holds X/Z in a strobed lane in the write burst at "
                                 f"0x{addrs[0]:x}: {dut.ev_wd_data.value}") from None
        strb = int(dut.ev_wd_strb.value)
        full = (1 << nb) - 1
        first, last = addrs[0], addrs[-1] + nb - 1
        contiguous = all(addrs[i + 1] - addrs[i] == nb for i in range(n - 1))
        bresp = "OKAY"
        clean = contiguous and self.clean(first, last, "write")
        if clean and strb & ((1 << (n * nb)) - 1) == (1 << (n * nb)) - 1:
            self._memory.write(first, data[:n * nb])
        elif clean:
            for start, end in _runs(strb, n * nb):
                self._memory.write(first + start, data[start:end])
        else:
            for i, a in enumerate(addrs):
                s = (strb >> (i * nb)) & full
                for start, end in _runs(s, nb):
                    kind = self.fault(a + start, end - start, "write")
                    if kind is None:
                        self._memory.write(a + start, data[i * nb + start:i * nb + end])
                    elif bresp != "DECERR":
                        bresp = kind
        self._count("B", bresp)
        dut.bf_resp.value = RESP[bresp]
        self._bf ^= 1
        dut.bf_go.value = self._bf

    def _count(self, channel: str, resp: str, n: int = 1) -> None:
        key = f"{channel}:{resp}"
        self.responses[key] = self.responses.get(key, 0) + n


def beat_addresses(addr: int, n: int, size: int, burst_type: int, nb: int) -> list[int]:
    """The bus-word address (aligned to ``nb`` bytes) of each of ``n`` beats of a burst."""
    aligned = addr - addr % size
    if burst_type == 0:  # FIXED
        return [aligned - aligned % nb] * n
    if burst_type == 2:  # WRAP
        total = size * n
        lower = addr - addr % total
        out, cur = [], aligned
        for _ in range(n):
            out.append(cur - cur % nb)
            cur += size
            if cur == lower + total:
                cur = lower
        return out
    if burst_type != 1:
        raise AssertionError(f"AxBURST {burst_type} is reserved (burst at 0x{addr:x})")
    return [(a - a % nb) for a in range(aligned, aligned + n * size, size)]


def _runs(strb: int, lanes: int) -> list[tuple[int, int]]:
    """Contiguous runs [start, end) of set bits in the low ``lanes`` bits of ``strb``."""
    runs, i = [], 0
    while i < lanes:
        if strb >> i & 1:
            j = i
            while j < lanes and strb >> j & 1:
                j += 1
            runs.append((i, j))
            i = j
        else:
            i += 1
    return runs


class TbState:
    """The testbench top's ``tb_*`` inputs: what the waves show of the bench's state.

    ``job(owner_id, grants)`` at the start of a piece of work, ``idle()`` at its end,
    ``limit(value)``, ``violation(rule)`` (toggles ``tb_violation``, code in
    ``tb_violation_rule``: ``RULE_CODES``), ``error_response()`` (``tb_err_resp`` until the next
    job). ``guard_listener`` is a guard listener that forwards violations."""

    GRANT_SLOTS = 4

    def __init__(self, dut):
        self.dut = dut
        self._violation = 0

    def clear(self) -> None:
        d = self.dut
        d.tb_job_id.value = 0
        d.tb_job_active.value = 0
        d.tb_limit.value = 0
        d.tb_violation.value = 0
        d.tb_violation_rule.value = 0
        d.tb_err_resp.value = 0
        self._set_grants([])

    def limit(self, value: int) -> None:
        self.dut.tb_limit.value = value & (2**64 - 1)

    def job(self, job_id: int, grants=()) -> None:
        d = self.dut
        d.tb_job_id.value = job_id & 0xFFFFFFFF
        d.tb_job_active.value = 1
        d.tb_err_resp.value = 0
        self._set_grants(list(grants))

    def idle(self) -> None:
        self.dut.tb_job_active.value = 0
        self._set_grants([])

    def violation(self, rule: str) -> None:
        self._violation ^= 1
        self.dut.tb_violation_rule.value = RULE_CODES.get(rule, 255)
        self.dut.tb_violation.value = self._violation

    def error_response(self) -> None:
        self.dut.tb_err_resp.value = 1

    def guard_listener(self, kind: str, obj) -> None:
        if kind == "violation":
            self.violation(obj.rule)

    def observe(self, event) -> None:
        """A memory/monitor subscriber: flags error responses."""
        if isinstance(event, Response) and event.is_error:
            self.error_response()

    def _set_grants(self, grants: list) -> None:
        d = self.dut
        d.tb_grant_count.value = min(len(grants), 255)
        for i in range(self.GRANT_SLOTS):
            first, last = (grants[i].first, grants[i].last) if i < len(grants) else (0, 0)
            getattr(d, f"tb_grant_first_{i}").value = first & (2**64 - 1)
            getattr(d, f"tb_grant_last_{i}").value = last & (2**64 - 1)
