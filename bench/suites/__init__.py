"""Test suites the bench runs in a simulator, and what each test needs.

``bench.suites.copy_engine`` holds the pyuvm tests of a memory-to-memory copy engine (run on
``hdl/dma_engine.v``). ``COPY_ENGINE_TESTS`` lists them for the runners (``bench.sim_runner``,
tests/sim): the build each needs (``legacy``: the engine built with LEGACY_TRUNCATE=1), the
address widths it applies to, and whether it provokes guard violations on purpose.
"""

from __future__ import annotations

from dataclasses import dataclass

COPY_ENGINE_MODULE = "bench.suites.copy_engine"


@dataclass(frozen=True)
class SuiteTest:
    name: str
    legacy: bool = False
    max_width: int = 64  # the test applies to widths up to this one
    provokes_violations: bool = False

    def applies_to(self, width: int) -> bool:
        return width <= self.max_width


COPY_ENGINE_TESTS: tuple[SuiteTest, ...] = (
    SuiteTest("random_regression"),
    SuiteTest("limit_placement"),
    SuiteTest("limit_edge"),
    SuiteTest("bounce_high_memory"),
    SuiteTest("strict_rejection"),
    SuiteTest("teeth_legacy", legacy=True, provokes_violations=True),
    # A swiotlb bounce buffer exists only where RAM reaches above the limit (8 GiB RAM).
    SuiteTest("wrap_into_bounce", legacy=True, max_width=32, provokes_violations=True),
    SuiteTest("overrun_into_neighbour", provokes_violations=True),
    SuiteTest("bus_errors"),
    SuiteTest("backpressure_latency"),
    SuiteTest("reset_mid_job"),
    SuiteTest("abort_mid_job"),
    SuiteTest("sg_chains"),
    SuiteTest("mempool_exhaustion"),
)

TESTS_BY_NAME = {t.name: t for t in COPY_ENGINE_TESTS}
