"""The devices the fault scenarios (``bench.suites.faults``) run on, and the runner.

``IMAGES`` names each simulated device (a bare ``nic_engine`` or ``dma_engine`` and its
parameters) and the scenario tests it runs. ``run_image`` builds it into
``build/faults/<image>`` and runs its tests in ONE simulator process; every test leaves
``faults_<test>.json`` in the result directory. Mode "pair" runs every test (each fault with its
clean twin); mode "as-is" runs only the clean scenarios, under the faults of the environment
(``make sim FAULT=<name>``): there they must pass, so a fault the bench catches fails them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from bench import build

MODULE = "bench.suites.faults"
BUILD = build.ROOT / "build" / "faults"
NIC_SOURCES = (build.ROOT / "hdl" / "nic_engine.v", build.ROOT / "hdl" / "nic_fifo.v")
COPY_SOURCES = (build.RTL,)
NIC_DEFAULTS = {"ADDR_WIDTH": 30, "DESC_ADDR_BITS": 32, "DATA_WIDTH": 64, "MAX_BURST_LEN": 16,
                "LEGACY_TRUNCATE": 0, "ID_WIDTH": 4, "SPLIT_ADDR_HI": 0}
COPY_DEFAULTS = {"ADDR_WIDTH": 30, "DATA_WIDTH": 64, "MAX_BURST_LEN": 16, "LEGACY_TRUNCATE": 0}


@dataclass(frozen=True)
class Image:
    """One device build: ``kind`` "nic" | "copy", its parameters over the defaults, and the
    scenario tests it runs (faulty ones first, each followed by its clean twin)."""

    name: str
    kind: str
    params: dict = field(default_factory=dict)
    tests: tuple[str, ...] = ()

    @property
    def parameters(self) -> dict:
        return {**(NIC_DEFAULTS if self.kind == "nic" else COPY_DEFAULTS), **self.params}

    @property
    def clean_tests(self) -> tuple[str, ...]:
        return tuple(t for t in self.tests if t.endswith("_clean"))


IMAGES: dict[str, Image] = {i.name: i for i in (
    Image("nic30_strict", "nic", {}, ("b1_dma_debug", "b1_nic", "b1_nic_clean")),
    Image("copy30_legacy", "copy", {"LEGACY_TRUNCATE": 1}, ("b1_copy", "b1_copy_clean")),
    Image("split40_strict", "nic", {"ADDR_WIDTH": 40, "SPLIT_ADDR_HI": 1},
          ("b6_crossing", "b6_clean")),
    Image("split40_legacy", "nic", {"ADDR_WIDTH": 40, "SPLIT_ADDR_HI": 1, "LEGACY_TRUNCATE": 1},
          ("b6_crossing", "b6_clean")),
    Image("desc40_strict", "nic", {"ADDR_WIDTH": 64, "DESC_ADDR_BITS": 40},
          ("b9_wide_mask", "b9_clean")),
    Image("desc40_legacy", "nic", {"ADDR_WIDTH": 64, "DESC_ADDR_BITS": 40, "LEGACY_TRUNCATE": 1},
          ("b9_wide_mask", "b9_clean")),
)}


def run_image(image: Image, results_dir: Path, mode: str = "pair") -> dict[str, str]:
    """Build ``image`` and run its tests (all in "pair" mode, the clean ones in "as-is" mode) in
    one simulator; returns {test: "" | failure text}. Records go to ``results_dir``."""
    if mode not in ("pair", "as-is"):
        raise ValueError(f"mode {mode!r}: must be 'pair' or 'as-is'")
    tests = image.tests if mode == "pair" else image.clean_tests
    results_dir = Path(results_dir)
    results_dir.mkdir(parents=True, exist_ok=True)
    for t in tests:
        (results_dir / f"faults_{t}.json").unlink(missing_ok=True)
    bdir = BUILD / image.name
    env = {"MASKDMA_RESULT_DIR": str(results_dir), "MASKDMA_FAULT_MODE": mode,
           "MASKDMA_SEED": os.environ.get("SEED") or "2008",
           "COCOTB_LOG_LEVEL": os.environ.get("COCOTB_LOG_LEVEL", "INFO")}
    return {k.split(".")[-1]: v for k, v in build.run(
        bdir, image.parameters, MODULE, tests=list(tests),
        sources=NIC_SOURCES if image.kind == "nic" else COPY_SOURCES,
        toplevel="nic_engine" if image.kind == "nic" else build.TOPLEVEL,
        test_dir=bdir / f"run-{mode}", extra_env=env, check=False).items()}


__all__ = ["BUILD", "IMAGES", "Image", "MODULE", "run_image"]
