"""WorkScoreboard: predicts what every piece of work must leave in memory and checks it.

Fed the ``bench.work.WorkEvent`` stream (through the pyuvm monitor):

- "submitted" (with the monitor's snapshot of the sources and destinations, bus side, taken
  before the engine starts): the prediction. Copy i must leave the source snapshot in its
  destination; the CPU will see those bytes where the live mappings say (a bounced destination:
  its original buffer after unmap); 64-byte guard bands around every destination (bus side, and
  CPU side where a mapping bounces) are snapshot.
- "completed": the engine's result; the bus-side bands are read again (before unmap).
- "retired" (buffers unmapped): the destinations are read where the CPU sees them and the
  CPU-side bands again; then the work is judged:

  * ended OK: every destination byte equals the source byte; ``bytes_done`` (when the engine
    counts) equals the work's length;
  * ended with an error: it must be ``work.expect_error`` (an error name); every destination
    byte is its old content or the source byte (data already written stays inside the
    destination); ``bytes_done`` does not exceed the length;
  * interrupted by a reset (no result): like an error, whatever the expectation;
  * ``work.expect_error == ANY_RESULT`` accepts any outcome; ``work.check_data`` False skips
    the data (work that is wrong on purpose);
  * every guard band is unchanged.

Pure Python over ``models`` (no simulator).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from bench.adapter import ANY_RESULT, Work, WorkResult

BAND = 64


@dataclass
class Band:
    where: str
    addr: int
    before: bytes
    after: bytes | None = None


@dataclass
class CopyPrediction:
    """Copy ``index``: ``expected`` (the source as the device reads it) must appear in the
    destination, whose old content is ``before``; ``pieces`` are (offset, cpu_addr, n): where
    the CPU sees the destination's bytes once the work is retired."""

    index: int
    src: int
    dst: int
    length: int
    expected: bytes
    before: bytes
    pieces: list[tuple[int, int, int]]


@dataclass
class Prediction:
    work: Work
    copies: list[CopyPrediction]
    bands: list[Band]
    result: WorkResult | None = None
    completed: bool = False


@dataclass
class WorkScoreboard:
    """``memory()`` and ``device()`` return the current machine's memory and device."""

    memory: Callable[[], object]
    device: Callable[[], object]
    errors: list[str] = field(default_factory=list)
    pending: dict[int, Prediction] = field(default_factory=dict)

    def observe(self, event) -> list[str]:
        """Take one WorkEvent; returns the errors found when it completes a check."""
        kind, work = event.kind, event.work
        if kind == "submitted":
            self.pending[work.id] = self.predict(work, event.sources, event.dest_before)
            return []
        pred = self.pending.get(work.id)
        if pred is None:
            err = [f"work {work.id}: {kind} event without a submission"]
            self.errors.extend(err)
            return err
        if kind == "completed":
            pred.result, pred.completed = event.result, True
            for band in pred.bands:
                if band.where.startswith("bus"):
                    band.after = _read(self.memory(), band.addr, len(band.before))
            return []
        if kind == "retired":
            del self.pending[work.id]
            if not pred.completed:
                err = [f"{_tag(work)}: retired before it completed"]
            else:
                err = self.judge(pred)
            self.errors.extend(err)
            return err
        raise ValueError(f"unknown work event kind {kind!r}")

    def unfinished(self) -> list[str]:
        """Work submitted but never retired (a leak in the test or the bench)."""
        return [f"{_tag(p.work)}: submitted but never retired" for p in self.pending.values()]

    # -- prediction ----------------------------------------------------------------------------
    def predict(self, work: Work, sources: list[bytes], dest_before: list[bytes]) -> Prediction:
        mem, dev = self.memory(), self.device()
        copies, bands = [], []
        for i, c in enumerate(work.copies):
            pieces = cpu_pieces(dev, c.dst, c.length)
            copies.append(CopyPrediction(i, c.src, c.dst, c.length, sources[i], dest_before[i],
                                         pieces))
            bands += _bands(mem, "bus", c.dst, c.length)
            for off, cpu, n in pieces:
                if cpu != c.dst + off:
                    bands += _bands(mem, "cpu", cpu, n)
        return Prediction(work, copies, bands)

    # -- judgement -----------------------------------------------------------------------------
    def judge(self, pred: Prediction) -> list[str]:
        work, res = pred.work, pred.result
        mem = self.memory()
        errors: list[str] = []
        tag = _tag(work)
        total = work.total
        partial = res is None or not res.ok
        if res is not None and work.expect_error != ANY_RESULT:
            if not res.ok and work.expect_error is None:
                errors.append(f"{tag}: unexpected {res.describe()}")
            elif not res.ok and res.error_name != work.expect_error:
                errors.append(f"{tag}: expected error {work.expect_error}, got {res.describe()}")
            elif res.ok and work.expect_error is not None:
                errors.append(f"{tag}: expected error {work.expect_error} but it ended OK")
        if res is not None and res.bytes_done is not None:
            if res.bytes_done > total:
                errors.append(f"{tag}: bytes done {res.bytes_done} > length {total}")
            if res.ok and work.expect_error is None and res.bytes_done != total:
                errors.append(f"{tag}: bytes done {res.bytes_done} != length {total}")
        if work.check_data:
            for cp in pred.copies:
                errors += _check_copy(tag, cp, mem, partial)
        for band in pred.bands:
            if band.where.startswith("cpu"):
                band.after = _read(mem, band.addr, len(band.before))
            if band.after != band.before:
                k = next((i for i, (a, b) in enumerate(zip(band.after or b"", band.before))
                          if a != b), 0)
                errors.append(f"{tag}: guard band {band.where} changed at 0x{band.addr + k:x} "
                              f"(stray device write outside the destination)")
        return errors


def cpu_pieces(device, bus: int, n: int) -> list[tuple[int, int, int]]:
    """Split the bus range [bus, bus + n) by live mapping: (offset, cpu_addr, length) each; a
    byte no mapping covers is seen by the CPU at its bus address (no IOMMU)."""
    out: list[tuple[int, int, int]] = []
    off = 0
    while off < n:
        a = bus + off
        m = device.find_mapping(a, 1)
        if m is not None:
            run = min(n - off, m.end - a + 1)
            cpu = m.cpu_addr + (a - m.dma_addr)
        else:
            run, cpu = 1, a
        if out and out[-1][1] + out[-1][2] == cpu and out[-1][0] + out[-1][2] == off:
            o, c, k = out[-1]
            out[-1] = (o, c, k + run)
        else:
            out.append((off, cpu, run))
        off += run
    return out


def _check_copy(tag: str, cp: CopyPrediction, mem, partial: bool) -> list[str]:
    actual = b"".join(_read(mem, cpu, n) for _, cpu, n in cp.pieces)
    if len(cp.expected) != cp.length and not partial:
        return [f"{tag} copy {cp.index}: source 0x{cp.src:x} outside memory"]
    if len(actual) != cp.length:  # outside memory: nothing there can have been written
        return [] if partial else [f"{tag} copy {cp.index}: destination 0x{cp.dst:x} "
                                   f"outside memory"]
    bad = [k for k, (got, exp) in enumerate(zip(actual, cp.expected))
           if got != exp and not (partial and got == cp.before[k])]
    if not bad:
        return []
    k = bad[0]
    return [f"{tag} copy {cp.index}: {len(bad)} destination byte(s) wrong, first at offset {k} "
            f"(bus 0x{cp.dst + k:x}): got 0x{actual[k]:02x}, expected 0x{cp.expected[k]:02x} "
            f"(src bus 0x{cp.src:x})"]


def _bands(mem, view: str, addr: int, n: int) -> list[Band]:
    out = []
    lo = max(0, addr - BAND)
    if addr > lo:
        out.append(Band(f"{view} below 0x{addr:x}", lo, _read(mem, lo, addr - lo)))
    hi = min(mem.size, addr + n + BAND)
    if hi > addr + n:
        out.append(Band(f"{view} above 0x{addr + n - 1:x}", addr + n,
                        _read(mem, addr + n, hi - addr - n)))
    return out


def _read(mem, addr: int, n: int) -> bytes:
    if addr < 0 or n <= 0 or addr + n > mem.size:
        return b""
    return bytes(mem.read(addr, n))


def _tag(work: Work) -> str:
    return (f"work {work.id} ({work.name or 'unnamed'}, {'chain' if work.is_chain else 'single'},"
            f" {len(work.copies)} copy(ies), {work.total} B)")


def snapshot(memory, work: Work) -> tuple[list[bytes], list[bytes]]:
    """Sources and destinations of ``work`` as the bus sees them now (empty where outside
    memory): what the monitor records at submit."""
    return ([_read(memory, c.src, c.length) for c in work.copies],
            [_read(memory, c.dst, c.length) for c in work.copies])
