"""Test suites the bench runs in a simulator, and what each test needs of the engine.

``bench.suites.copy_engine`` holds the pyuvm tests of a memory-to-memory copy engine (run on
``hdl/dma_engine.v`` by ``bench.sim_runner``/tests/sim, and on any engine an adapter binds,
``bench.suites.runner``). ``COPY_ENGINE_TESTS`` lists them with:

- ``needs``: ``Capabilities`` properties that must be true for the test to mean anything
  (``legacy``: the engine truncates out-of-range addresses -- for dma_engine, the
  LEGACY_TRUNCATE=1 build --; ``strict``: it refuses them; ``chains``; ``abort``). A test whose
  needs the engine lacks is deselected by the runner with a one-line reason (``plan``), and fails
  with that reason if it is run anyway;
- ``adapts``: the capabilities that change what the test does (``unaligned``: lengths and
  offsets in ``alignment`` granules otherwise; ``chains``: chains run as single jobs otherwise;
  ``byte_counter``, ``error_address``: the reported value is checked only when the engine
  reports it; ``copy_events``, ``descriptor_faults``, ``strict``: the steps using them run only
  when present, each skipped step logged);
- ``max_width``: the widest address width it applies to; ``provokes_violations``: it makes the
  guard report violations on purpose.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from bench.adapter import Capabilities

COPY_ENGINE_MODULE = "bench.suites.copy_engine"

# bulk_copies: the bytes it moves come from MASKDMA_BULK_BYTES (`make sim BULK=`); `make test`
# runs BULK_DEFAULT. BULK_MAX keeps a run inside the test's simulated-time limit (200 ms: 20 M
# cycles, ~160 MB at 8 bytes a cycle) with room for slow engines.
BULK_ENV = "MASKDMA_BULK_BYTES"
BULK_DEFAULT = 48 * 1024
BULK_MAX = 64 << 20
BULK_PIECE = 1 << 20  # the largest copy bulk_copies asks for (or the engine's max_length)


def bulk_budget(text: str | None = None) -> int:
    """The bytes ``bulk_copies`` moves: ``text`` (default: MASKDMA_BULK_BYTES), else
    BULK_DEFAULT when empty. ValueError naming a value that is not an integer in
    1..BULK_MAX."""
    text = (os.environ.get(BULK_ENV, "") if text is None else text).strip()
    if not text:
        return BULK_DEFAULT
    try:
        n = int(text, 0)
    except ValueError:
        raise ValueError(f"{BULK_ENV}={text!r} (BULK=): not an integer number of bytes") from None
    if not 1 <= n <= BULK_MAX:
        raise ValueError(f"{BULK_ENV}={n} (BULK=): must be 1..{BULK_MAX} bytes")
    return n

# What a missing capability means, for the deselection reason.
NEED_MEANING = {
    "legacy": "an engine that truncates out-of-range addresses (it refuses them)",
    "strict": "an engine that refuses out-of-range work (it truncates addresses)",
    "chains": "descriptor chains (it runs single copies only)",
    "abort": "abort of work in flight (it has none)",
    "unaligned": "unaligned addresses and lengths (it is aligned-only)",
}
CAPABILITY_FLAGS = ("legacy", "strict", "chains", "abort", "unaligned", "byte_counter",
                    "error_address", "copy_events", "descriptor_faults")


@dataclass(frozen=True)
class SuiteTest:
    name: str
    needs: tuple[str, ...] = ()
    adapts: tuple[str, ...] = ()
    max_width: int = 64  # the test applies to widths up to this one
    provokes_violations: bool = False

    def __post_init__(self) -> None:
        bad = [c for c in self.needs + self.adapts if c not in CAPABILITY_FLAGS]
        if bad:
            raise ValueError(f"suite test {self.name}: unknown capability {bad} (known: "
                             f"{', '.join(CAPABILITY_FLAGS)})")

    @property
    def legacy(self) -> bool:
        """Runs on a truncating engine (dma_engine: the LEGACY_TRUNCATE=1 build)."""
        return "legacy" in self.needs

    def applies_to(self, width: int) -> bool:
        return width <= self.max_width

    def missing(self, caps: "Capabilities") -> list[str]:
        """The needed capabilities ``caps`` lacks."""
        return [c for c in self.needs if not getattr(caps, c)]

    def reason_not_run(self, caps: "Capabilities", width: int | None = None) -> str | None:
        """One line saying why the test does not apply to ``caps``'s engine (None: it does)."""
        width = caps.addr_width if width is None else width
        missing = self.missing(caps)
        if missing:
            return (f"{self.name}: needs {', '.join(missing)} -- "
                    f"{'; '.join(NEED_MEANING.get(c, c) for c in missing)}; {caps.name} lacks it")
        if not self.applies_to(width):
            return f"{self.name}: applies to widths <= {self.max_width}, not {width}"
        return None


COPY_ENGINE_TESTS: tuple[SuiteTest, ...] = (
    SuiteTest("random_regression", adapts=("unaligned", "chains", "copy_events")),
    SuiteTest("limit_placement", adapts=("unaligned",)),
    SuiteTest("limit_edge", adapts=("unaligned", "chains", "strict", "error_address")),
    SuiteTest("bounce_high_memory", adapts=("unaligned", "chains")),
    SuiteTest("strict_rejection", needs=("strict",),
              adapts=("unaligned", "error_address", "descriptor_faults")),
    SuiteTest("teeth_legacy", needs=("legacy",), adapts=("unaligned",),
              provokes_violations=True),
    # A swiotlb bounce buffer exists only where RAM reaches above the limit (8 GiB RAM).
    SuiteTest("wrap_into_bounce", needs=("legacy",), max_width=32, provokes_violations=True),
    SuiteTest("overrun_into_neighbour", provokes_violations=True),
    SuiteTest("bus_errors", adapts=("unaligned", "error_address")),
    SuiteTest("backpressure_latency", adapts=("unaligned", "chains", "copy_events")),
    SuiteTest("reset_mid_job", adapts=("unaligned", "chains")),
    SuiteTest("abort_mid_job", needs=("abort",), adapts=("chains", "byte_counter")),
    SuiteTest("sg_chains", needs=("chains",),
              adapts=("unaligned", "copy_events", "descriptor_faults", "byte_counter",
                      "error_address")),
    SuiteTest("mempool_exhaustion"),
    SuiteTest("bulk_copies", adapts=("unaligned", "chains")),
)

TESTS_BY_NAME = {t.name: t for t in COPY_ENGINE_TESTS}


@dataclass
class SuitePlan:
    """The tests to run on one engine and width, and the one-line reason for each left out."""

    selected: list[str]
    deselected: dict[str, str]

    def summary(self, engine: str, width: int) -> str:
        lines = [f"{engine} w{width}: {len(self.selected)} suite test(s) selected, "
                 f"{len(self.deselected)} deselected"]
        lines += [f"  deselected {reason}" for reason in self.deselected.values()]
        return "\n".join(lines)


def plan(caps: "Capabilities", width: int | None = None,
         tests: tuple[SuiteTest, ...] = COPY_ENGINE_TESTS,
         only: list[str] | None = None) -> SuitePlan:
    """Which of ``tests`` (or of the names ``only``) apply to ``caps``'s engine at ``width``
    (default ``caps.addr_width``). ValueError naming an unknown test."""
    by_name = {t.name: t for t in tests}
    if only is not None:
        unknown = [n for n in only if n not in by_name]
        if unknown:
            raise ValueError(f"unknown suite test(s) {unknown} (known: {', '.join(by_name)})")
        tests = tuple(by_name[n] for n in only)
    selected, deselected = [], {}
    for t in tests:
        reason = t.reason_not_run(caps, width)
        if reason is None:
            selected.append(t.name)
        else:
            deselected[t.name] = reason
    return SuitePlan(selected, deselected)
