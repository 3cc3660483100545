"""Fast checks of the bench's own pieces, no simulator: the width parser, the guard's rules (each
one must fire on a burst built to break it, and stay silent on a good one), the coverage buckets
and the scoreboard."""

from __future__ import annotations

import pytest

import models
from bench.coverage import CoverageModel, bucket
from bench.guard import AddressGuard, Burst
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


def _guard(width=32):
    m = models.Machine(ram_size=64 << 20, pool_size=16 << 20, swiotlb_size=1 << 20)
    dev = models.Device(m, "dut")
    assert models.dma_set_mask_and_coherent(dev, models.DMA_BIT_MASK(width)) == 0
    g = AddressGuard(dut=None, clock=None, device=dev, addr_width=width)
    return m, dev, g


def _burst(ch, addr, beats=16, size=8, t=0.0, issued=None):
    last = (addr & ~(size - 1)) + beats * size - 1
    return Burst(ch, addr, beats, size, addr, last, t, issued)


def test_guard_rules_fire():
    m, dev, g = _guard(32)
    rd = m.get_pages_mask(models.GFP_KERNEL, 8192, dev.dma_mask)
    wr = m.get_pages_mask(models.GFP_KERNEL, 8192, dev.dma_mask)
    h_rd = models.dma_map_single(dev, rd, 8192, models.DMA_TO_DEVICE)
    h_wr = models.dma_map_single(dev, wr, 8192, models.DMA_FROM_DEVICE)
    assert g.check(_burst("AR", h_rd)) == []
    assert g.check(_burst("AW", h_wr)) == []
    rules = lambda found: {v.rule for v in found}  # noqa: E731
    assert "direction" in rules(g.check(_burst("AR", h_wr)))
    assert "direction" in rules(g.check(_burst("AW", h_rd)))
    assert "unmapped" in rules(g.check(_burst("AR", max(h_rd, h_wr) + 8192)))
    assert "4k" in rules(g.check(_burst("AR", h_rd + 4096 - 64)))
    assert {"limit", "wrap"} <= rules(g.check(_burst("AR", 0xFFFFFFC0)))
    g.limit = 0xFFFF  # a lower guard limit: the same good burst now breaks it
    assert "limit" in rules(g.check(_burst("AR", h_rd)))
    g.limit = None
    g.begin_job()
    assert g.check(_burst("AR", h_rd + 128)) == []
    assert "backward" in rules(g.check(_burst("AR", h_rd)))
    g._error_seen = ("B", 2, 100.0)
    assert g.check(_burst("AW", h_wr + 256, issued=105.0)) == []  # decided at the error edge
    assert "after-error" in rules(g.check(_burst("AW", h_wr + 384, issued=130.0)))
    g.end_job()
    assert g.bursts_checked == 12 and len(g.violations) >= 9
    v = g.violations[0]
    assert "limit 0xffffffff" in v.message and "nearest mapping" in v.message
    assert "sim time" in v.message
    models.dma_unmap_single(dev, h_rd, 8192, models.DMA_TO_DEVICE)
    models.dma_unmap_single(dev, h_wr, 8192, models.DMA_FROM_DEVICE)
    m.free_pages_mask(rd, 8192)
    m.free_pages_mask(wr, 8192)
    m.check_quiescent()


def test_guard_tolerates_partial_beats_only_inside_the_beat():
    m, dev, g = _guard(32)
    a = m.get_pages_mask(models.GFP_KERNEL, 4096, dev.dma_mask)
    h = models.dma_map_single(dev, a + 3, 10, models.DMA_FROM_DEVICE)  # [a+3, a+12]
    assert g.check(_burst("AW", a, beats=2)) == []  # beats [a, a+15]: head/tail of the beats
    assert g.check(_burst("AW", a, beats=3))  # a third beat is outside
    models.dma_unmap_single(dev, h, 10, models.DMA_FROM_DEVICE)
    m.free_pages_mask(a, 4096)


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
