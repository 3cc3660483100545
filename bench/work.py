"""WorkRunner: the one place that brackets every piece of work an engine runs.

For each ``Work``::

    submit:   grants = adapter.prepare  ->  guard.grant(work.id, reads "read" + writes "write"
              + grants, ordered=work.fetch_order)  ->  "submitted" event  ->  adapter.start
    complete: adapter.wait  ->  guard.release(work.id)  ->  adapter.release  ->  "completed"
    retired:  the caller gave the work's buffers back (unmapped)  ->  "retired" event

``abort`` writes the adapter's abort and tells the guard (``note_stop``: no new burst may follow);
``reset`` resets the engine, forgets every work in flight (``guard.release_all``) and reports
each as "completed" with no result. Tests never call the guard's grant/release themselves.

Stream work (a NIC's packets, ``Work.stream``) is built with ``make_stream`` and bracketed the
same way.

Listeners (``listeners.append(callback)``) get a ``WorkEvent`` for each step: the pyuvm monitor
publishes them, the scoreboard and coverage subscribe.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Callable

from bench.adapter import BenchContext, Copy, EngineAdapter, Work, WorkResult
from bench.guard import AddressGuard, Grant


@dataclass
class WorkEvent:
    """``kind``: "submitted" (prepared, granted, about to start), "completed" (``result`` is the
    engine's; None when a reset interrupted the work) or "retired" (buffers given back).
    ``sources``/``dest_before``: per copy, the bus-side bytes at submit (filled by the monitor
    that publishes the event)."""

    kind: str
    work: Work
    result: WorkResult | None = None
    time_ns: float = 0.0
    sources: list[bytes] | None = None
    dest_before: list[bytes] | None = None


@dataclass
class WorkStats:
    jobs: int = 0
    jobs_ok: int = 0
    jobs_err: int = 0
    interrupted: int = 0
    bytes_moved: int = 0
    events: int = 0


class WorkRunner:
    """Runs ``Work`` on ``adapter`` inside the guard's grants; see the module docstring."""

    def __init__(self, adapter: EngineAdapter, ctx: BenchContext, guard: AddressGuard,
                 log: logging.Logger | None = None):
        self.adapter = adapter
        self.ctx = ctx
        self.guard = guard
        self.log = log or logging.getLogger("cocotb.bench.work")
        self.listeners: list[Callable[[WorkEvent], None]] = []
        self.in_flight: dict[int, Work] = {}
        self.stats = WorkStats()
        self._next_id = 0

    # -- building work -------------------------------------------------------------------------
    def new_id(self) -> int:
        self._next_id += 1
        return self._next_id

    def make(self, copies: list[Copy], **fields) -> Work:
        """A ``Work`` with a fresh id, checked against the engine's capabilities: a chain only
        for an engine with chains (and at most ``max_chain`` copies), lengths at most
        ``max_length``, per-copy events only when the engine has them. ValueError names the bad
        value and the limit."""
        work = Work(self.new_id(), list(copies), **fields)
        caps = self.ctx.caps
        if caps is None:
            raise AssertionError("the engine was not probed yet (Testbench.start)")
        if work.is_chain and not caps.chains:
            raise ValueError(f"{caps.name} has no chains: {len(work.copies)} copies in one work")
        if caps.max_chain and len(work.copies) > caps.max_chain:
            raise ValueError(f"chain of {len(work.copies)} copies > max_chain {caps.max_chain} "
                             f"of {caps.name}")
        for i, c in enumerate(work.copies):
            if c.length > caps.max_length:
                raise ValueError(f"copy {i}: length {c.length} > max_length {caps.max_length} "
                                 f"of {caps.name}")
        if work.irq_every and not caps.copy_events:
            raise ValueError(f"{caps.name} has no per-copy events (irq_every={work.irq_every})")
        return work

    def make_stream(self, stream: str, copies: list[Copy], **fields) -> Work:
        """A stream ``Work`` ("tx" or "rx", see ``bench.adapter.Work``) with a fresh id, checked
        against the engine's capabilities: only for an engine with ``streams``, at most
        ``max_packets`` copies, lengths at most ``max_length``, for "rx" one packet per copy.
        ValueError names the bad value and the limit."""
        caps = self.ctx.caps
        if caps is None:
            raise AssertionError("the engine was not probed yet")
        if stream not in ("tx", "rx"):
            raise ValueError(f"stream {stream!r} must be 'tx' or 'rx'")
        if not caps.streams:
            raise ValueError(f"{caps.name} moves no packets (Capabilities.streams is False)")
        work = Work(self.new_id(), list(copies), stream=stream, **fields)
        if not work.copies:
            raise ValueError(f"{stream} work with no packet")
        if caps.max_packets and len(work.copies) > caps.max_packets:
            raise ValueError(f"{len(work.copies)} packets > max_packets {caps.max_packets} of "
                             f"{caps.name}")
        for i, c in enumerate(work.copies):
            if not 1 <= c.length <= caps.max_length:
                raise ValueError(f"packet {i}: length {c.length} outside 1..{caps.max_length} "
                                 f"of {caps.name}")
        if stream == "rx" and len(work.packets) != len(work.copies):
            raise ValueError(f"rx work: {len(work.packets)} packets for {len(work.copies)} "
                             f"buffers (one packet per buffer)")
        return work

    # -- the bracket ---------------------------------------------------------------------------
    async def submit(self, work: Work) -> None:
        """Prepare, grant and start ``work``."""
        ctx, guard = self.ctx, self.guard
        extra = await self.adapter.prepare(ctx, work)
        grants = [Grant(work.id, w.first, w.last, "read", w.what) for w in work.read_windows()]
        grants += [Grant(work.id, w.first, w.last, "write", w.what)
                   for w in work.write_windows()]
        try:
            guard.grant(work.id, grants + list(extra), ordered=work.fetch_order)
        except BaseException:
            self.adapter.release(ctx, work)
            raise
        self.in_flight[work.id] = work
        self.stats.jobs += 1
        self._emit(WorkEvent("submitted", work, None, ctx.now_ns()))
        self.log.debug("submit %s", work.describe())
        try:
            await self.adapter.start(ctx, work)
        except BaseException:
            self._forget(work)
            raise

    async def complete(self, work: Work, timeout_cycles: int | None = None) -> WorkResult:
        """Wait for the end of ``work`` (submitted), release its grants and what prepare took."""
        ctx = self.ctx
        if timeout_cycles is None:
            timeout_cycles = self.adapter.timeout_cycles(work, ctx.caps)
        try:
            result = await self.adapter.wait(ctx, work, timeout_cycles)
        finally:
            self._forget(work)
        st = self.stats
        st.events += result.events
        if result.ok:
            st.jobs_ok += 1
            st.bytes_moved += result.bytes_done if result.bytes_done is not None else work.total
        else:
            st.jobs_err += 1
        self.log.debug("%s: %s", work.describe(), result.describe())
        self._emit(WorkEvent("completed", work, result, ctx.now_ns()))
        return result

    async def run(self, work: Work, timeout_cycles: int | None = None) -> WorkResult:
        """``submit`` then ``complete``."""
        await self.submit(work)
        return await self.complete(work, timeout_cycles)

    def retired(self, work: Work) -> None:
        """The caller gave ``work``'s buffers back: the CPU sees its results now."""
        self._emit(WorkEvent("retired", work, None, self.ctx.now_ns()))

    # -- stopping ------------------------------------------------------------------------------
    async def abort(self, work: Work | None = None) -> None:
        """Abort ``work`` (default: every work in flight). The guard's after-error rule applies
        from the moment the abort was written."""
        targets = [work] if work is not None else list(self.in_flight.values())
        for w in targets:
            await self.adapter.abort(self.ctx, w)
            self.guard.note_stop(w.id, self.ctx.now_ns(), "ABORT")

    async def reset(self) -> None:
        """Reset the engine; every work in flight ends without a result."""
        await self.adapter.reset(self.ctx)
        self.guard.release_all()
        for work in list(self.in_flight.values()):
            self.in_flight.pop(work.id)
            self.adapter.release(self.ctx, work)
            self.stats.interrupted += 1
            self._emit(WorkEvent("completed", work, None, self.ctx.now_ns()))

    # -- internals -----------------------------------------------------------------------------
    def _forget(self, work: Work) -> None:
        if self.in_flight.pop(work.id, None) is None:
            return  # a reset already ended it
        self.guard.release(work.id)
        self.adapter.release(self.ctx, work)

    def _emit(self, event: WorkEvent) -> None:
        for callback in list(self.listeners):
            callback(event)
