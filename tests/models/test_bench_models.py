"""Smoke test of tools/bench_models.py in quick mode: it runs and produces figures (no timing
assertions)."""
import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_bench_models_quick():
    pytest.importorskip("cocotbext.axi")
    spec = importlib.util.spec_from_file_location("bench_models", ROOT / "tools" / "bench_models.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    r = mod.run_bench(quick=True)
    for name in ("mask_pool", "cocotbext_buddy"):
        assert r[name]["pairs_per_s"] > 0
        assert r[name]["pages_requested"] > 0
    assert r["mask_pool"]["consumed_per_requested"] == 1.0
    assert r["cocotbext_buddy"]["consumed_per_requested"] >= 1.0
    assert mod.main(["--quick"]) == 0
