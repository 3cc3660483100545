"""Run the copy-engine suite on any engine an adapter binds: probe, select, run, summarise.

The user's cocotb test module holds the suite bound to the adapter
(``globals().update(bench.suites.copy_engine.suite_tests(MyAdapter))``). ``run_suite``:

1. runs its ``probe_capabilities`` test and reads the engine's ``Capabilities`` from the record;
2. selects the suite tests that apply (``bench.suites.plan``); each one left out is logged and
   printed with its one-line reason, and is not run;
3. runs the selected tests in ONE simulator process and reads their records;
4. writes ``suite-summary.json`` (capabilities, selected, deselected with reasons, results) into
   ``<build_dir>/suite-results`` and prints the summary.

With ``check`` (default), AssertionError names every failed selected test with its failure.
"""

from __future__ import annotations

import json
import logging
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Sequence

from bench import build
from bench.adapter import Capabilities
from bench.suites import COPY_ENGINE_TESTS, SuitePlan, plan

PROBE = "probe_capabilities"
log = logging.getLogger("bench.suites.runner")


@dataclass
class SuiteRun:
    """What ``run_suite`` did: the probed ``caps``, the ``plan`` (selected, deselected with
    reasons), ``results`` {selected test: "" | failure text} and each test's ``records``."""

    caps: Capabilities
    plan: SuitePlan
    results: dict[str, str]
    records: dict[str, dict] = field(default_factory=dict)

    @property
    def failed(self) -> dict[str, str]:
        return {t: text for t, text in self.results.items() if text}

    def summary(self) -> str:
        text = self.plan.summary(self.caps.name, self.caps.addr_width)
        passed = sum(1 for t in self.plan.selected if self.results.get(t) == "")
        return text + f"\n  ran {len(self.plan.selected)}: {passed} passed, " \
                      f"{len(self.plan.selected) - passed} failed"


def run_suite(build_dir: Path, parameters: dict[str, Any], test_module: str, *,
              sources: Sequence[Path], toplevel: str, only: list[str] | None = None,
              extra_env: Mapping[str, str] | None = None, seed: int = 2008,
              check: bool = True) -> SuiteRun:
    """Probe, select and run the copy-engine suite of ``test_module`` on ``toplevel`` built
    from ``sources`` with ``parameters`` in ``build_dir`` (see the module docstring). ``only``:
    consider these suite tests only (ValueError naming an unknown one)."""
    build_dir = Path(build_dir)
    results_dir = build_dir / "suite-results"
    shutil.rmtree(results_dir, ignore_errors=True)
    results_dir.mkdir(parents=True)
    env = {"MASKDMA_SEED": str(seed), "MASKDMA_RESULT_DIR": str(results_dir),
           **dict(extra_env or {})}

    def simulate(tests: list[str], where: str) -> dict[str, str]:
        return build.run(build_dir, parameters, test_module, sources=sources,
                         toplevel=toplevel, tests=tests, test_dir=build_dir / where,
                         extra_env=env, check=False)

    probe = simulate([PROBE], "probe")
    records = sorted(results_dir.glob(f"w*_{PROBE}.json"))
    if probe.get(PROBE) != "" or not records:
        raise AssertionError(f"{test_module}: {PROBE} failed ({probe.get(PROBE, 'did not run')}); "
                             f"log {build_dir / 'probe' / 'sim.log'}")
    caps = Capabilities.from_dict(json.loads(records[0].read_text())["capabilities"])
    chosen = plan(caps, tests=COPY_ENGINE_TESTS, only=only)
    for reason in chosen.deselected.values():
        log.info("deselected %s", reason)
    results = simulate(chosen.selected, "suite") if chosen.selected else {}
    results = {t: results.get(t, f"test {t!r} did not run (not in results.xml)")
               for t in chosen.selected}
    width = caps.addr_width
    run = SuiteRun(caps, chosen, results, {
        t: json.loads(p.read_text()) for t in chosen.selected
        if (p := results_dir / f"w{width}_{t}.json").exists()})
    (results_dir / "suite-summary.json").write_text(json.dumps({
        "engine": caps.name, "width": width, "capabilities": caps.to_dict(),
        "selected": chosen.selected, "deselected": chosen.deselected,
        "results": {t: ("pass" if not text else "fail") for t, text in results.items()}},
        indent=1))
    print(run.summary())
    if check and run.failed:
        raise AssertionError(f"{caps.name} w{width}: {len(run.failed)} suite test(s) failed "
                             f"(log {build_dir / 'suite' / 'sim.log'})\n" +
                             "\n".join(f"--- {t}: {text}" for t, text in run.failed.items()))
    return run


__all__ = ["PROBE", "SuiteRun", "run_suite"]
