"""The benchmarks of `make bench` (``python -m benchmarks.run_benchmarks``) and `make bench-models`
(``python -m benchmarks.bench_models``): copy throughput, simulation speed, allocators, plots."""
