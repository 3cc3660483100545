"""Buffer placements for the memory-map picture of `make bench`, as the simulation made them.

Source: the multi-device machine's results (``machine_machine_traffic.json`` and the other
``machine_*.json`` records of ``bench.suites.machine``): every buffer each device's driver got
during the simulated traffic -- bus address, CPU address, size, kind (streaming / coherent /
resource) and whether swiotlb bounced it -- one row per device width (24, 30, 32, 64). When
``make sim`` left no such record, ``machine_traffic`` is simulated here first (a few seconds)
into ``build/bench/machine``. The shaded regions are those of that machine's layout.
"""

from __future__ import annotations

import json
from pathlib import Path

import models
from bench.machine import machine_layout, run_machine_suite

ROOT = Path(__file__).resolve().parents[1]
OWN_RESULTS = ROOT / "build" / "bench" / "machine"


def from_sim_results(results_dir: Path) -> list[dict] | None:
    """Every buffer placement of the machine's traffic test in ``results_dir``, or None."""
    f = Path(results_dir) / "machine_machine_traffic.json"
    if not f.exists():
        return None
    rec = json.loads(f.read_text())
    out = []
    for name, dev in sorted(rec.get("devices", {}).items()):
        for job, p in enumerate(dev.get("placements", [])):
            out.append({"width": p["width"], "device": name, "dma_addr": p["dma_addr"],
                        "cpu_addr": p["cpu_addr"], "size": p["size"],
                        "bounced": bool(p["bounced"]), "kind": p["kind"], "job": job,
                        "source": f.name})
    return out or None


def regions() -> dict:
    """The machine layout the traffic test boots: pool, swiotlb slots, RAM top."""
    m = models.Machine(**machine_layout("traffic"))
    return {"pool": [m.pool_start, m.pool_end],
            "swiotlb": [m.swiotlb.base, m.swiotlb.end], "ram_top": m.ram_size}


def placements(results_dir: Path, quick: bool = False) -> dict:
    """{"source", "buffers", "regions"}: from ``results_dir`` if ``make sim`` recorded the
    machine's traffic, else from a run of ``machine_traffic`` made here. ``quick`` is accepted
    for the benchmark driver's signature (the test is small either way)."""
    got = from_sim_results(results_dir)
    source = f"simulated machine_traffic ({Path(results_dir) / 'machine_machine_traffic.json'})"
    if not got:
        outcome = run_machine_suite(["machine_traffic"], OWN_RESULTS, OWN_RESULTS / "build")
        if outcome.get("machine_traffic") != "":
            raise RuntimeError(f"memory map: machine_traffic failed: "
                               f"{outcome.get('machine_traffic', 'did not run')}")
        got = from_sim_results(OWN_RESULTS)
        source = f"simulated machine_traffic ({OWN_RESULTS / 'machine_machine_traffic.json'})"
    return {"source": source, "buffers": got or [], "regions": regions()}
