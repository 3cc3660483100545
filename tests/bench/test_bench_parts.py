"""The bench's other simulator-free pieces: the width parser and the coverage buckets (the
scoreboard's prediction is tested in tests/sim/test_bench_layers.py)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from bench.coverage import CoverageModel, bucket
from bench.widths import DEFAULT_WIDTHS, parse_widths


def test_parse_widths():
    assert parse_widths(["29", "30,31", "40 48"]) == [29, 30, 31, 40, 48]
    assert parse_widths([]) == []
    assert 64 in DEFAULT_WIDTHS and len(set(DEFAULT_WIDTHS)) == len(DEFAULT_WIDTHS)
    with pytest.raises(ValueError, match="outside"):
        parse_widths(["65"])
    with pytest.raises(ValueError, match="not an integer"):
        parse_widths(["x"])


def test_coverage_buckets():
    lim32, lim40 = (1 << 32) - 1, (1 << 40) - 1
    assert bucket(0, 100, lim32) == "bottom_page"
    assert bucket(lim32 - 10, lim32, lim32) == "top_page"
    assert bucket((1 << 32) - 100, (1 << 32) + 100, lim40) == "around_4g"
    assert bucket(1 << 20, (1 << 20) + 10, lim40) == "middle"
    caps = lambda w: SimpleNamespace(addr_width=w, data_bytes=8, unaligned=True,  # noqa: E731
                                     chains=True)
    assert "bucket:around_4g" not in CoverageModel(caps(32)).all_bins()
    assert "bucket:around_4g" in CoverageModel(caps(40)).all_bins()
    assert "mapping:bounced" in CoverageModel(caps(32)).all_bins()
    assert "mapping:bounced" not in CoverageModel(caps(40)).all_bins()  # 8 GiB RAM below it
