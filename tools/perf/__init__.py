"""Helpers behind `make bench` (tools/run_benchmarks.py): simulator runs, responders, plots."""
