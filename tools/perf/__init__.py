"""Helpers behind `make bench` (tools/bench.py): simulator runs, responders, plots."""
