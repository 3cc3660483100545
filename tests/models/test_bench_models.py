"""Smoke test of benchmarks/bench_models.py (`make bench-models`) in quick mode: it runs and
produces figures (no timing assertions)."""

from benchmarks import bench_models


def test_bench_models_quick():
    r = bench_models.run_bench(quick=True)
    for name in ("mask_pool", "cocotbext_buddy"):
        assert r[name]["pairs_per_s"] > 0
        assert r[name]["pages_requested"] > 0
    assert r["mask_pool"]["consumed_per_requested"] == 1.0
    assert r["cocotbext_buddy"]["consumed_per_requested"] >= 1.0
    assert bench_models.main(["--quick"]) == 0
