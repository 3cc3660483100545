"""The engine adapter: the one interface between the engine-free bench and a DMA engine.

The bench (memory, monitor, guard, driver, sequences, scoreboard, coverage) knows nothing about
an engine's registers, descriptors or interrupts. An ``EngineAdapter`` does: it brings the engine
out of reset, reports its ``Capabilities``, turns a piece of ``Work`` (one copy or a chain of
copies) into whatever the engine takes, waits for the end and reports a ``WorkResult``.

The bench, never a test and never the adapter, brackets every piece of work (``bench.work``)::

    grants = await adapter.prepare(ctx, work)        # e.g. write descriptors
    guard.grant(work.id, <work.reads as "read", work.writes as "write"> + grants,
                ordered=work.fetch_order)
    await adapter.start(ctx, work)
    result = await adapter.wait(ctx, work, timeout_cycles)
    guard.release(work.id)
    adapter.release(ctx, work)                       # free what prepare took

Packet engines (a NIC) use the same bracket: a ``Work`` with ``stream="tx"`` sends each copy's
``src`` buffer as one packet on the engine's output stream, one with ``stream="rx"`` posts each
copy's ``dst`` buffer and feeds ``Work.packets`` on its input stream; the ``WorkResult`` carries
the frames seen (``packets``) and the status words written back (``statuses``). Rings and other
state an adapter keeps across works are re-granted with every work (``prepare``) and given back
by ``shutdown``.

A user binds another engine by subclassing ``EngineAdapter`` (only ``probe``, ``start`` and
``wait`` are abstract) and naming it in the pyuvm test: ``adapter_class = MyAdapter`` on a
subclass of ``bench.env.DmaBaseTest`` (``bench.suites.copy_engine.suite_tests(MyAdapter)`` makes
the whole copy-engine suite that way), or ``ConfigDB().set(None, "*", "ADAPTER", MyAdapter)``
inside the test's own ``build_phase`` before ``super().build_phase()`` -- pyuvm's ``run_test``
clears ConfigDB when a test starts, so a ``set`` at module level or before ``run_test`` is lost.
``bench.engines.dma_engine.DmaEngineAdapter`` is the adapter of ``hdl/dma_engine.v`` and the
default.

Timing rule for adapter methods that drive engine inputs directly (streams, pulses): a method
may be called in the timestep of a rising clock edge (after a ``Timer`` or another coroutine
that ended on it). Inputs written then may or may not be seen by that edge, and signals read
then still show the values from before it. Drive inputs after ``await FallingEdge(clock)``;
sample handshakes (valid and ready both high) after ``await RisingEdge(clock)``, where the
values read are the ones the edge sampled; after ``RisingEdge(some_valid)``, read the payload at
the next clock edge, not at once (registers of the same edge may not be updated yet).
"""

from __future__ import annotations

import logging
import random
from abc import ABC, abstractmethod
from dataclasses import dataclass, field, fields
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Mapping

from bench.ports import BusPorts

if TYPE_CHECKING:  # pragma: no cover
    from bench.driver import DmaDriver
    from bench.guard import Grant

ANY_RESULT = "*"  # Work.expect_error: any outcome is accepted (DONE or any error)
STREAMS = ("", "tx", "rx")  # Work.stream


@dataclass(frozen=True)
class Capabilities:
    """What an engine can do, as its adapter's ``probe`` found out.

    ``addr_width``: bits of the AXI address (the DMA mask is ``DMA_BIT_MASK(addr_width)``);
    ``data_width``: bits of the AXI data bus; ``max_burst_len``: beats per burst;
    ``unaligned``: sources, destinations and lengths may be any byte (else multiples of
    ``data_width // 8``); ``chains``: several copies in one submission; ``max_chain``: most copies
    per chain (0: no limit); ``byte_counter``: ``WorkResult.bytes_done`` is reported;
    ``legacy``: out-of-range addresses are truncated to ``addr_width`` bits instead of refused;
    ``max_length``: largest copy in bytes; ``abort``: ``EngineAdapter.abort`` stops work in
    flight; ``copy_events``: the engine reports per-copy completions (``Work.irq_every``);
    ``error_names``: engine error code -> name (e.g. ``{1: "ADDR_RANGE"}``);
    ``streams``: the engine moves packets between memory and streams (``Work.stream``);
    ``max_packets``: most packets per stream work (0: no limit);
    ``error_address``: a failed work reports where it failed (``WorkResult.error_addr``: the
    start of the refused range, an address inside the failing burst, the bad descriptor);
    ``descriptor_faults``: the adapter honours the fault-injection options ``Work.options``
    ``"desc_addr"`` (``{i: bus address}``: descriptor i is taken from there, nothing written)
    and ``"next"`` (``{i: bus address}``: descriptor i's next pointer), for engines that fetch
    descriptors from memory.

    The suite (``bench.suites``) follows these: what a test does adapts to them (lengths and
    offsets in ``alignment`` granules, no chain without ``chains``, no check of a value the
    engine does not report), and a test that is meaningless without one is deselected.
    A strict engine (``legacy`` False) must name its range error ``"ADDR_RANGE"``; the suite
    also uses ``"BUS"`` (SLVERR/DECERR), ``"ABORTED"`` and, when present, ``"LEN_ZERO"`` and
    ``"DESC"``.
    """

    name: str
    addr_width: int
    data_width: int
    max_burst_len: int
    unaligned: bool
    chains: bool
    byte_counter: bool
    legacy: bool
    max_length: int
    error_names: Mapping[int, str] = field(default_factory=dict)
    max_chain: int = 0
    abort: bool = False
    copy_events: bool = False
    streams: bool = False
    max_packets: int = 0
    error_address: bool = False
    descriptor_faults: bool = False

    def __post_init__(self) -> None:
        if not 1 <= self.addr_width <= 64:
            raise ValueError(f"Capabilities.addr_width {self.addr_width} outside 1..64")
        if self.data_width < 8 or self.data_width & (self.data_width - 1):
            raise ValueError(f"Capabilities.data_width {self.data_width} is not a power of two "
                             f">= 8 bits")
        if self.max_burst_len < 1:
            raise ValueError(f"Capabilities.max_burst_len {self.max_burst_len} < 1")
        if self.max_length < 1:
            raise ValueError(f"Capabilities.max_length {self.max_length} < 1")
        if self.max_chain < 0:
            raise ValueError(f"Capabilities.max_chain {self.max_chain} < 0")
        if self.max_packets < 0:
            raise ValueError(f"Capabilities.max_packets {self.max_packets} < 0")
        object.__setattr__(self, "error_names", MappingProxyType(dict(self.error_names)))

    @property
    def data_bytes(self) -> int:
        return self.data_width // 8

    @property
    def limit(self) -> int:
        """Highest bus address the engine can drive: 2**addr_width - 1."""
        return (1 << self.addr_width) - 1

    @property
    def alignment(self) -> int:
        """Granule of addresses and lengths: 1 byte, or one bus word for aligned-only engines."""
        return 1 if self.unaligned else self.data_bytes

    @property
    def strict(self) -> bool:
        """Out-of-range work is refused (the opposite of ``legacy``)."""
        return not self.legacy

    def round_up(self, n: int) -> int:
        """``n`` rounded up to a multiple of ``alignment`` (0 stays 0)."""
        a = self.alignment
        return -(-n // a) * a

    def has_error(self, name: str) -> bool:
        return name in self.error_names.values()

    def to_dict(self) -> dict[str, Any]:
        """The capabilities as JSON-ready data (``from_dict`` reads them back)."""
        d = {f.name: getattr(self, f.name) for f in fields(self)}
        d["error_names"] = {str(k): v for k, v in self.error_names.items()}
        return d

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Capabilities":
        """Inverse of ``to_dict``; ValueError naming unknown keys."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"Capabilities: unknown field(s) {unknown} (known: {sorted(known)})")
        d = dict(data)
        d["error_names"] = {int(k): v for k, v in d.get("error_names", {}).items()}
        return cls(**d)

    def error_name(self, code: int) -> str:
        return self.error_names.get(code, f"ERROR_{code}")

    def error_code(self, name: str) -> int:
        """Inverse of ``error_names``; ValueError naming the known names."""
        for code, n in self.error_names.items():
            if n == name:
                return code
        raise ValueError(f"{self.name} has no error named {name!r} (known: "
                         f"{', '.join(self.error_names.values()) or 'none'})")


@dataclass(frozen=True)
class Copy:
    """Copy ``length`` bytes from bus address ``src`` to bus address ``dst``."""

    src: int
    dst: int
    length: int


@dataclass(frozen=True)
class Window:
    """Bus addresses ``[first, last]`` (inclusive) a piece of work was given; ``what`` names it
    in guard messages ("src[0]", "dst[1]", ...)."""

    first: int
    last: int
    what: str

    @classmethod
    def of(cls, first: int, size: int, what: str) -> "Window":
        return cls(first, first + max(size, 1) - 1, what)


@dataclass
class Work:
    """One piece of work for the engine: one copy, or a chain of copies.

    ``reads``/``writes``: the windows the device may read / write for this work -- the buffers
    it was given (``bench.jobs`` fills them with whole DmaBuffers; empty means the copies' own
    ranges). ``chain``: submit as a chain even with one copy. ``irq_every``: ask for a per-copy
    event every n-th copy (0: none). ``expect_error``: the error name the work must end with
    (None: it must end OK; ``ANY_RESULT``: any outcome). ``check_data``: False for work that is
    wrong on purpose (the scoreboard then judges only the result). ``options``: adapter-specific
    settings, each adapter documents its own. ``fetch_order`` (set by ``prepare``): bus
    addresses the device must read in this order (descriptors). ``state``: the adapter's own
    bookkeeping for this work, freed by ``release``. ``label``: free text for coverage and logs.
    ``stream``: "" (memory to memory), "tx" (each copy's ``src``/``length`` is one packet the
    device reads and sends; ``dst`` is unused) or "rx" (each copy's ``dst``/``length`` is a
    posted buffer; ``src`` is unused; ``packets[i]`` is fed on the input stream). A stream work's
    windows are exactly ``reads``/``writes`` (none are derived from the copies).
    """

    id: int
    copies: list[Copy]
    irq_every: int = 0
    chain: bool = False
    name: str = ""
    reads: list[Window] = field(default_factory=list)
    writes: list[Window] = field(default_factory=list)
    expect_error: str | None = None
    check_data: bool = True
    options: dict[str, Any] = field(default_factory=dict)
    fetch_order: list[int] = field(default_factory=list)
    state: dict[str, Any] = field(default_factory=dict)
    label: str = ""
    stream: str = ""
    packets: list[bytes] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.stream not in STREAMS:
            raise ValueError(f"Work {self.id}: stream {self.stream!r} not one of {STREAMS}")

    @property
    def total(self) -> int:
        return sum(c.length for c in self.copies)

    @property
    def is_chain(self) -> bool:
        return self.chain or len(self.copies) > 1

    def read_windows(self) -> list[Window]:
        if self.stream:
            return list(self.reads)
        return self.reads or [Window.of(c.src, c.length, f"src[{i}]")
                              for i, c in enumerate(self.copies)]

    def write_windows(self) -> list[Window]:
        if self.stream:
            return list(self.writes)
        return self.writes or [Window.of(c.dst, c.length, f"dst[{i}]")
                               for i, c in enumerate(self.copies)]

    def describe(self) -> str:
        copies = ", ".join(f"0x{c.src:x}->0x{c.dst:x} {c.length}B" for c in self.copies)
        if self.stream == "tx":
            return (f"work {self.id} {self.name or ''} (tx: " +
                    ", ".join(f"0x{c.src:x} {c.length}B" for c in self.copies) + ")")
        if self.stream == "rx":
            return (f"work {self.id} {self.name or ''} (rx: " +
                    ", ".join(f"0x{c.dst:x} {c.length}B" for c in self.copies) + ")")
        return f"work {self.id} {self.name or ''} ({'chain' if self.is_chain else 'single'}: {copies})"


@dataclass
class WorkResult:
    """How a piece of work ended. ``bytes_done`` is None when the engine has no byte counter;
    ``error_*`` are None when it ended OK; ``cycles`` from start to the end being seen;
    ``events``: per-copy completion events seen (``Work.irq_every``); stream work: ``statuses``
    the status word written back per copy, ``packets`` the frames the output stream carried
    (tx)."""

    ok: bool
    bytes_done: int | None
    error_code: int | None = None
    error_name: str | None = None
    error_addr: int | None = None
    cycles: int = 0
    events: int = 0
    statuses: list[int] | None = None
    packets: list[bytes] | None = None

    def describe(self) -> str:
        if self.ok:
            return f"OK ({self.bytes_done} bytes, {self.cycles} cycles)"
        addr = "" if self.error_addr is None else f" at 0x{self.error_addr:x}"
        return (f"ERR {self.error_code} ({self.error_name}){addr}, bytes done "
                f"{self.bytes_done}, {self.cycles} cycles")


class WorkTimeout(AssertionError):
    """The engine did not finish a piece of work within its cycle budget."""


class BenchContext:
    """What an adapter may use of the bench: the DUT, its ports and clock, the Linux-style
    driver (``driver``: masks, mappings, coherent memory, dma pools, CPU-side memory access) and
    the machine it serves, a seeded ``rng`` and a logger. The bench owns it; its ``machine`` and
    ``device`` follow the driver when a test boots another machine layout."""

    def __init__(self, dut, ports: BusPorts, driver: "DmaDriver", period_ns: float,
                 rng: random.Random, log: logging.Logger | None = None):
        self.dut = dut
        self.ports = ports
        self.driver = driver
        self.period_ns = period_ns
        self.rng = rng
        self.log = log or logging.getLogger("cocotb.bench")
        self.caps: Capabilities | None = None

    @property
    def clock(self):
        return self.ports.clock_signal(self.dut)

    @property
    def reset(self):
        return self.ports.reset_signal(self.dut)

    @property
    def machine(self):
        return self.driver.machine

    @property
    def device(self):
        return self.driver.device

    def now_ns(self) -> float:
        from cocotb.utils import get_sim_time

        return get_sim_time("ns")

    def cycles_since(self, t0_ns: float) -> int:
        return int((self.now_ns() - t0_ns) / self.period_ns)

    async def cycles(self, n: int) -> None:
        from cocotb.triggers import ClockCycles

        await ClockCycles(self.clock, n)


class EngineAdapter(ABC):
    """Drives one DMA engine for the bench. Subclasses set ``ports`` (how the AXI4 master port,
    clock and reset are named) and ``name``, and implement ``probe``, ``start`` and ``wait``;
    ``connect``, ``reset``, ``prepare``, ``abort``, ``release``, ``assert_idle`` and
    ``timeout_cycles`` have defaults. No method may touch the guard: the bench brackets work.
    """

    name: str = "engine"
    ports: BusPorts = BusPorts()
    reset_cycles: int = 5

    def connect(self, ctx: BenchContext) -> None:
        """Build the adapter's own bus models (a register master, stream drivers); called once
        in the build phase, after the clock was created and before ``reset``."""

    async def reset(self, ctx: BenchContext) -> None:
        """Put the engine in its reset state (default: assert ``ports.reset`` for
        ``reset_cycles`` clocks, with its polarity)."""
        await self.ports.assert_reset(ctx.dut, self.reset_cycles)

    @abstractmethod
    async def probe(self, ctx: BenchContext) -> Capabilities:
        """Identify the engine and report what it can do (the bench then sets the DMA mask)."""

    async def prepare(self, ctx: BenchContext, work: Work) -> list["Grant"]:
        """Get ready to run ``work`` (e.g. allocate and write descriptors through
        ``ctx.driver``); return the extra windows the device may touch for it (owner
        ``work.id``) and set ``work.fetch_order`` when the device must read them in order."""
        return []

    @abstractmethod
    async def start(self, ctx: BenchContext, work: Work) -> None:
        """Hand ``work`` to the engine (it was prepared and granted)."""

    @abstractmethod
    async def wait(self, ctx: BenchContext, work: Work, timeout_cycles: int) -> WorkResult:
        """Wait for the end of ``work``; raise ``WorkTimeout`` when ``timeout_cycles`` pass."""

    async def abort(self, ctx: BenchContext, work: Work) -> None:
        """Stop ``work`` in flight (``Capabilities.abort``); ``wait`` then reports its end."""
        raise NotImplementedError(f"{self.name}: abort is not supported")

    def release(self, ctx: BenchContext, work: Work) -> None:
        """Give back what ``prepare`` took for ``work``."""

    async def shutdown(self, ctx: BenchContext) -> None:
        """Stop the engine and give back what the adapter keeps across works (rings, buffers
        it allocated itself); called with no work in flight before the machine is retired.
        Default: nothing is kept."""

    async def assert_idle(self, ctx: BenchContext) -> None:
        """AssertionError unless the engine reports nothing in flight and no leftover state
        (used after a reset)."""

    def timeout_cycles(self, work: Work, caps: Capabilities) -> int:
        """A generous cycle budget for ``work``: two cycles per beat each way plus slack."""
        beats = work.total // caps.data_bytes + 2 * len(work.copies) + 2
        return 2000 + 40 * beats + (400 * len(work.copies) if work.is_chain else 0)


__all__ = ["ANY_RESULT", "STREAMS", "BenchContext", "Capabilities", "Copy", "EngineAdapter", "Window",
           "Work", "WorkResult", "WorkTimeout"]
