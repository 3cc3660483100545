"""WorkScoreboard: predicts what every piece of work must leave in memory and checks it.

Fed the ``bench.work.WorkEvent`` stream (through the pyuvm monitor):

- "submitted" (with the monitor's snapshot of the sources and destinations, bus side, taken
  before the engine starts): the prediction. Copy i must leave the source snapshot in its
  destination; the CPU will see those bytes where the live mappings say (a bounced destination:
  its original buffer after unmap). 64-byte guard bands around every window of the work (the
  buffers it was given, sources and destinations) and every copy range are snapshot, bus side,
  and CPU side around the original of every bounced window. A band leaves out the bytes of the
  work's own windows and copy ranges, the CPU originals of its bounced windows, and live
  mappings that do not contain the window (a write into another live buffer is the guard's
  ``outside-job``). ``bench.jobs`` poisons the bands it owns before the job, so a stray write of
  the memory's old content changes a band too.
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
        copies = []
        for i, c in enumerate(work.copies):
            pieces = cpu_pieces(dev, c.dst, c.length)
            copies.append(CopyPrediction(i, c.src, c.dst, c.length, sources[i], dest_before[i],
                                         pieces))
        return Prediction(work, copies, guard_bands(mem, dev, work))

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
                diff = [i for i, (a, b) in enumerate(zip(band.after or b"", band.before))
                        if a != b] or [0]
                k = diff[0]
                got = f"0x{band.after[k]:02x}" if band.after else "unreadable"
                errors.append(f"{tag}: guard band {band.where} changed at 0x{band.addr + k:x} "
                              f"({len(diff)} byte(s); 0x{band.before[k]:02x} -> {got}); limit "
                              f"0x{self.device().dma_mask:x}; rule: the device writes nothing "
                              f"outside the buffers it was given")
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
    if actual == cp.expected:
        return []
    bad = [k for k, (got, exp) in enumerate(zip(actual, cp.expected))
           if got != exp and not (partial and got == cp.before[k])]
    if not bad:
        return []
    k = bad[0]
    return [f"{tag} copy {cp.index}: {len(bad)} destination byte(s) wrong, first at offset {k} "
            f"(bus 0x{cp.dst + k:x}): got 0x{actual[k]:02x}, expected 0x{cp.expected[k]:02x} "
            f"(src bus 0x{cp.src:x})"]


def guard_bands(mem, dev, work: Work) -> list[Band]:
    """The bands of ``work`` (see the module docstring), snapshot now."""
    objects: list[tuple[str, int, int]] = [(w.what, w.first, w.last)
                                           for w in work.read_windows() + work.write_windows()]
    for i, c in enumerate(work.copies):
        if c.length:
            objects += [(f"src[{i}] copy", c.src, c.src + c.length - 1),
                        (f"dst[{i}] copy", c.dst, c.dst + c.length - 1)]
    own = [(first, last) for _, first, last in objects]
    live = [(m.dma_addr, m.end) for m in dev.mappings()]
    originals = []  # (what, cpu first, cpu last) of bounced windows
    for what, first, last in objects:
        m = dev.find_mapping(first, last - first + 1)
        if m is not None and m.cpu_addr != m.dma_addr and "copy" not in what:
            cpu = m.cpu_addr + (first - m.dma_addr)
            originals.append((what, cpu, cpu + last - first))
    cpu_own = own + [(f, l) for _, f, l in originals]
    bands: list[Band] = []
    for view, objs, holes_base in (("bus", objects, own), ("cpu", originals, cpu_own)):
        for what, first, last in objs:
            holes = holes_base + [(a, b) for a, b in live if not (a <= first and last <= b)]
            for side, lo, hi in _band_ranges(first, last, mem.size):
                for a, b in subtract(lo, hi, holes):
                    bands.append(Band(f"{view} {side} {what} [0x{first:x}..0x{last:x}]", a,
                                      _read(mem, a, b - a + 1)))
    return bands


def _band_ranges(first: int, last: int, size: int) -> list[tuple[str, int, int]]:
    out = []
    if 0 < first <= size:
        out.append(("below", max(0, first - BAND), first - 1))
    if last + 1 < size:
        out.append(("above", last + 1, min(size, last + 1 + BAND) - 1))
    return out


def subtract(first: int, last: int, holes) -> list[tuple[int, int]]:
    """[first, last] minus the inclusive intervals in ``holes``, as sorted intervals."""
    runs = [(first, last)] if first <= last else []
    for h0, h1 in holes:
        nxt = []
        for r0, r1 in runs:
            if h1 < r0 or h0 > r1:
                nxt.append((r0, r1))
                continue
            if r0 < h0:
                nxt.append((r0, h0 - 1))
            if h1 < r1:
                nxt.append((h1 + 1, r1))
        runs = nxt
    return runs


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
