"""The bench's other simulator-free pieces: the width parser, the coverage buckets and the
scoreboard's byte checks."""

from __future__ import annotations

import pytest

from bench.coverage import CoverageModel, bucket
from bench.jobs import Band, JobRecord, Segment
from bench.scoreboard import check_record
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
    assert "bucket:around_4g" not in CoverageModel(32).all_bins()
    assert "mapping:bounced" not in CoverageModel(40).all_bins()  # 8 GiB RAM below the limit


def _rec(actual, expected=b"abcd", before=b"\xa5" * 4, error=None, expect_error=None,
         bands=()):
    seg = Segment(0x1000, 0x2000, len(expected), expected=expected, before=before, actual=actual)
    rec = JobRecord(1, "t", "single", [seg], list(bands), expect_error=expect_error)
    rec.bytes_done = len(expected) if error is None else 0
    rec.error = error
    return rec


def test_scoreboard():
    assert check_record(_rec(b"abcd")) == []
    assert "1 destination byte(s) wrong" in check_record(_rec(b"abXd"))[0]
    band = Band("bus above 0x2003", 0x2004, b"\x00" * 4, b"\x00\x01\x00\x00")
    assert "guard band" in check_record(_rec(b"abcd", bands=[band]))[0]
    assert "expected ERR_CODE 2" in check_record(_rec(b"abcd", expect_error=2))[0]
