"""The address guard without a simulator: every rule fires on a burst built to break it and stays
silent on its good twin; the two cases an engine that wraps silently used to get past (a wrap
into a live bounce buffer, an overrun into an adjacent live buffer) are reported by name."""

from __future__ import annotations

import pytest

import models
from bench.guard import RULES, AddressGuard, Grant
from bench.monitor import Burst, Response

KIB = 1024


def machine(width: int = 32):
    m = models.Machine(ram_size=64 << 20, pool_size=16 << 20, swiotlb_size=1 << 20)
    dev = models.Device(m, "dut")
    assert models.dma_set_mask_and_coherent(dev, models.DMA_BIT_MASK(width)) == 0
    return m, dev


def burst(ch: str, addr: int, beats: int = 16, size: int = 8, t: float = 0.0,
          issued: float | None = None) -> Burst:
    return Burst.incr(ch, addr, beats, size, t, issued)


def rules(found) -> list[str]:
    return [v.rule for v in found]


@pytest.fixture
def job():
    """A 32-bit device with job 1 in flight: src (TO_DEVICE, 8 KiB) read, dst (FROM_DEVICE,
    8 KiB) written."""
    m, dev = machine(32)
    src = m.get_pages_mask(models.GFP_KERNEL, 8192, dev.dma_mask)
    dst = m.get_pages_mask(models.GFP_KERNEL, 8192, dev.dma_mask)
    h_src = models.dma_map_single(dev, src, 8192, models.DMA_TO_DEVICE)
    h_dst = models.dma_map_single(dev, dst, 8192, models.DMA_FROM_DEVICE)
    g = AddressGuard(dev, 32)
    g.grant(1, [Grant(1, h_src, h_src + 8191, "read", "src[0]"),
                Grant(1, h_dst, h_dst + 8191, "write", "dst[0]")])
    yield g, dev, h_src, h_dst
    g.release(1)
    models.dma_unmap_single(dev, h_src, 8192, models.DMA_TO_DEVICE)
    models.dma_unmap_single(dev, h_dst, 8192, models.DMA_FROM_DEVICE)
    m.free_pages_mask(src, 8192)
    m.free_pages_mask(dst, 8192)
    m.check_quiescent()


def test_good_bursts_are_silent(job):
    g, _, h_src, h_dst = job
    assert g.check(burst("AR", h_src)) == []
    assert g.check(burst("AW", h_dst)) == []
    assert g.check(burst("AR", h_src + 4096)) == []
    assert g.summary() == {"bursts_checked": 3, "bytes_checked": 3 * 128, "bursts_ar": 2,
                           "bursts_aw": 1, "violations": 0}


def test_limit(job):
    g, _, h_src, _ = job
    assert g.check(burst("AR", h_src)) == []
    g.limit = h_src + 64  # a lower limit: the same kind of burst now breaks it
    found = g.check(burst("AR", h_src + 128))
    assert rules(found) == ["limit"]
    assert f"device limit 0x{h_src + 64:x}" in found[0].message


def test_wrap_past_the_top_of_the_bus():
    _, dev = machine(32)
    g = AddressGuard(dev, 32, limit=(1 << 33) - 1)  # limit above the bus: only wrap fires
    g.grant("j", [Grant("j", 0xFFFFF000, (1 << 32) + 0xFFF, "read", "src[0]")])
    assert "wrap" not in rules(g.check(burst("AR", 0xFFFFF000)))
    found = g.check(burst("AR", 0xFFFFFFC0))  # 128 bytes from 64 below the top
    assert "wrap" in rules(found)
    assert "runs past 2^32-1" in found[0].message


def test_4k(job):
    g, _, h_src, _ = job
    assert g.check(burst("AR", h_src + 4096 - 128)) == []
    assert rules(g.check(burst("AR", h_src + 4096 - 64))) == ["4k"]  # inside src, over a page


def test_idle():
    _, dev = machine(32)
    g = AddressGuard(dev, 32)
    found = g.check(burst("AR", 0x1000))
    assert rules(found) == ["idle"]
    assert "no work is in flight" in found[0].message and "none (no work in flight)" in \
        found[0].message
    g.grant("j", [Grant("j", 0x1000, 0x1FFF, "read", "src[0]")])
    assert "idle" not in rules(g.check(burst("AR", 0x1000)))


def test_outside_job(job):
    g, _, h_src, h_dst = job
    assert g.check(burst("AW", h_dst + 8192 - 128)) == []
    found = g.check(burst("AW", max(h_src, h_dst) + 8192))  # the page above both: nobody's
    assert rules(found) == ["outside-job"]
    assert "should be in: dst[0] of 1" in found[0].message


def test_direction_by_grant_and_by_mapping(job):
    g, dev, h_src, h_dst = job
    found = g.check(burst("AW", h_src))  # src is granted for reading only
    assert rules(found) == ["direction"]
    assert "granted only as read (src[0] of 1)" in found[0].message
    g.add_grants(1, [Grant(1, h_src + 4096, h_src + 8191, "rw", "status[0]")])
    found = g.check(burst("AW", h_src + 4096))  # granted rw, but the mapping is TO_DEVICE
    assert rules(found) == ["direction"]
    assert "DMA_TO_DEVICE" in found[0].message and "forbids a device write" in found[0].message
    assert g.check(burst("AR", h_src + 4096)) == []


def test_unmapped(job):
    g, _, h_src, h_dst = job
    top = max(h_src, h_dst) + 8192
    g.add_grants(1, [Grant(1, top, top + 4095, "read", "src[1]")])  # granted, never mapped
    found = g.check(burst("AR", top))
    assert rules(found) == ["unmapped"]
    assert "not inside a live mapping" in found[0].message


def test_backward_per_window_and_channel(job):
    g, _, h_src, h_dst = job
    assert g.check(burst("AR", h_src + 128)) == []
    assert g.check(burst("AW", h_dst)) == []  # another window: its own stream
    found = g.check(burst("AR", h_src))
    assert rules(found) == ["backward"]
    assert "moves backward inside src[0]" in found[0].message


def test_backward_descriptor_order():
    m, dev = machine(32)
    page = m.get_pages_mask(models.GFP_KERNEL, 4096, dev.dma_mask)
    h = models.dma_map_single(dev, page, 4096, models.DMA_BIDIRECTIONAL)
    d0, d1, d2 = h + 0x100, h + 0x40, h + 0x200  # chain order is not address order
    g = AddressGuard(dev, 32)
    g.grant("c", [Grant("c", d, d + 31, "read", f"desc[{i}]") for i, d in enumerate((d0, d1, d2))],
            ordered=[d0, d1, d2])
    assert g.check(burst("AR", d0, beats=4)) == []
    assert g.check(burst("AR", d1, beats=4)) == []  # lower address, but next in the chain
    g2 = AddressGuard(dev, 32)
    g2.grant("c", g.grants("c"), ordered=[d0, d1, d2])
    assert g2.check(burst("AR", d0, beats=4)) == []
    found = g2.check(burst("AR", d2, beats=4))  # skips d1
    assert rules(found) == ["backward"]
    assert f"expected 0x{d1:x}" in found[0].message
    models.dma_unmap_single(dev, h, 4096, models.DMA_BIDIRECTIONAL)
    m.free_pages_mask(page, 4096)


def test_forward_false_grant_may_be_revisited(job):
    g, _, h_src, _ = job
    g.add_grants(1, [Grant(1, h_src, h_src + 255, "read", "ring", forward=False)])
    g2 = AddressGuard(g.device, 32)
    g2.grant(1, [Grant(1, h_src, h_src + 255, "read", "ring", forward=False)])
    assert g2.check(burst("AR", h_src + 128)) == []
    assert g2.check(burst("AR", h_src)) == []


def test_after_error_response_and_note_stop(job):
    g, _, h_src, h_dst = job
    g.observe(Response("B", 2, 100.0))
    assert g.errors_seen and g.errors_seen[0].resp_name == "SLVERR"
    assert g.check(burst("AW", h_dst + 256, t=110.0, issued=105.0)) == []  # decided at the edge
    found = g.check(burst("AW", h_dst + 384, t=140.0, issued=130.0))
    assert rules(found) == ["after-error"]
    assert "after SLVERR on B at 100 ns" in found[0].message
    # work granted after the error is not stopped; a burst job 2 may own is not after-error
    g.grant(2, [Grant(2, h_src, h_src + 4095, "read", "src[0]")])
    assert g.check(burst("AR", h_src, issued=200.0)) == []
    g.note_stop(2, 300.0, "ABORT")
    assert g.check(burst("AR", h_src + 128, issued=305.0)) == []  # within the clock of grace
    found = g.check(burst("AR", h_src + 256, issued=320.0))
    assert rules(found) == ["after-error"] and "after ABORT at 300 ns" in found[0].message
    g.release(2)


def test_full_width_beats_tolerated_only_inside_the_beat():
    m, dev = machine(32)
    a = m.get_pages_mask(models.GFP_KERNEL, 4096, dev.dma_mask)
    h = models.dma_map_single(dev, a + 3, 10, models.DMA_FROM_DEVICE)  # [a+3, a+12]
    g = AddressGuard(dev, 32)
    g.grant(1, [Grant(1, h, h + 9, "write", "dst[0]")])
    assert g.check(burst("AW", a, beats=2)) == []  # beats [a, a+15]: head/tail of the beats
    assert "outside-job" in rules(g.check(burst("AW", a, beats=3)))  # a third beat: outside
    g.release(1)
    models.dma_unmap_single(dev, h, 10, models.DMA_FROM_DEVICE)
    m.free_pages_mask(a, 4096)


def test_grants_with_several_owners(job):
    g, _, h_src, h_dst = job
    g.grant(2, [Grant(2, h_dst + 4096, h_dst + 8191, "write", "dst[0]")])
    assert g.in_flight == frozenset({1, 2})
    assert g.check(burst("AW", h_dst + 4096)) == []  # both 1 and 2 cover it
    g.release(1)
    found = g.check(burst("AW", h_dst))  # job 1's window is gone with it
    assert rules(found) == ["outside-job"]
    assert "should be in: dst[0] of 2" in found[0].message
    g.grant(1, [Grant(1, h_src, h_src + 8191, "read", "src[0]"),
                Grant(1, h_dst, h_dst + 4095, "write", "dst[0]")])
    g.release(2)


def test_bad_grants_and_releases_are_refused():
    _, dev = machine(32)
    g = AddressGuard(dev, 32)
    with pytest.raises(ValueError, match="access 'x'"):
        Grant(1, 0, 10, "x", "src[0]")
    with pytest.raises(ValueError, match=r"window \[10, 5\]"):
        Grant(1, 10, 5, "read", "src[0]")
    with pytest.raises(ValueError, match="belongs to 2, not 1"):
        g.grant(1, [Grant(2, 0, 10, "read", "src[0]")])
    g.release_all()
    with pytest.raises(ValueError, match="release of 7, which is not in flight"):
        g.release(7)
    g.grant(1, [])
    with pytest.raises(ValueError, match="already in flight"):
        g.grant(1, [])
    with pytest.raises(ValueError, match="addr_width 65"):
        AddressGuard(dev, 65)


def test_every_rule_has_a_test():
    names = {n[len("test_"):] for n in globals() if n.startswith("test_")}
    for rule in RULES:
        token = rule.replace("-", "_")
        assert any(token in n for n in names), f"no unit test named after rule {rule}"


# -- the two cases a silently wrapping engine got past ------------------------------------------
def test_wrap_into_a_live_bounce_buffer_of_the_same_device():
    """A copy of 256 B to dst = 2^24 - 64 on a 24-bit device: the engine writes 64 B at the top
    and wraps the other 192 B to 0x0-0xBF, where swiotlb put a live FROM_DEVICE bounce buffer of
    the same device. Every burst respects 4 KiB and the second lies inside a live mapping."""
    m, dev = machine(24)
    top = (1 << 24) - 1
    rx = models.dma_map_single(dev, 48 << 20, 2048, models.DMA_FROM_DEVICE)  # RAM above 16 MiB
    assert rx == 0  # bounced: swiotlb's slots start at 0
    src_cpu = m.get_pages_mask(models.GFP_KERNEL, 4096, dev.dma_mask)
    src = models.dma_map_single(dev, src_cpu, 256, models.DMA_TO_DEVICE)
    dst = models.dma_map_single(dev, top - 63, 64, models.DMA_FROM_DEVICE)  # the top 64 bytes
    g = AddressGuard(dev, 24)
    g.grant("copy", [Grant("copy", src, src + 255, "read", "src[0]"),
                     Grant("copy", dst, dst + 63, "write", "dst[0]")])
    assert g.check(burst("AR", src, beats=32)) == []
    assert g.check(burst("AW", top - 63, beats=8, t=500.0)) == []  # reaches 2^24 - 1
    found = g.check(burst("AW", 0x0, beats=24, t=600.0))  # 0x0-0xBF
    assert rules(found) == ["wrap", "outside-job"]
    msg = found[0].message
    print(msg)
    assert "GUARD VIOLATION [wrap] AW burst addr=0x0 len=23 (24 beats) size=8B range=[0x0, 0xbf]" \
        in msg
    assert "reached 2^24-1" in msg
    assert f"should be in: dst[0] of 'copy' [0x{dst:x}, 0x{top:x}] write" in msg
    assert "hit: live mapping bounce [0x0..0x7ff] size=2048 DMA_FROM_DEVICE" in msg
    assert "of device dut that no work in flight was given" in msg
    assert "device limit 0xffffff (ADDR_WIDTH 24); sim time 600 ns" in msg
    assert "hit: live mapping bounce [0x0..0x7ff]" in found[1].message
    g.release("copy")
    assert rules(g.check(burst("AW", 0x0, beats=24))) == ["idle"]  # the wrap needs live work


def test_overrun_into_an_adjacent_live_buffer():
    """A copy overrunning its 1 KiB destination into the adjacent live FROM_DEVICE buffer of the
    same device: the burst crossing the end of dst and the one after it are `outside-job`."""
    m, dev = machine(32)
    page = m.get_pages_mask(models.GFP_KERNEL, 8192, dev.dma_mask)
    src = models.dma_map_single(dev, page, 2 * KIB, models.DMA_TO_DEVICE)
    dst = models.dma_map_single(dev, page + 4096, KIB, models.DMA_FROM_DEVICE)
    rx = models.dma_map_single(dev, page + 4096 + KIB, KIB, models.DMA_FROM_DEVICE)
    g = AddressGuard(dev, 32)
    g.grant(5, [Grant(5, src, src + 2 * KIB - 1, "read", "src[0]"),
                Grant(5, dst, dst + KIB - 1, "write", "dst[0]")])
    for k in range(8):  # 1 KiB in 128-byte bursts: fine
        assert g.check(burst("AW", dst + 128 * k)) == []
    found = g.check(burst("AW", dst + KIB, t=900.0))  # the 9th burst: inside rx
    assert rules(found) == ["outside-job"]
    msg = found[0].message
    print(msg)
    assert f"[0x{dst + KIB:x}, 0x{dst + KIB + 127:x}]" in msg
    assert f"should be in: dst[0] of 5 [0x{dst:x}, 0x{dst + KIB - 1:x}] write" in msg
    assert f"hit: live mapping streaming [0x{rx:x}..0x{rx + KIB - 1:x}] size=1024 " \
           f"DMA_FROM_DEVICE" in msg
    straddle = g.check(burst("AW", dst + KIB - 64))  # half in dst, half in rx
    assert rules(straddle) == ["outside-job"] and f"[0x{rx:x}.." in straddle[0].message
    g.release(5)
    for h, n, d in ((src, 2 * KIB, models.DMA_TO_DEVICE), (dst, KIB, models.DMA_FROM_DEVICE),
                    (rx, KIB, models.DMA_FROM_DEVICE)):
        models.dma_unmap_single(dev, h, n, d)
    m.free_pages_mask(page, 8192)


def test_listeners_get_bursts_and_violations(job):
    g, _, h_src, _ = job
    seen = []
    g.listeners.append(lambda kind, obj: seen.append(kind))
    g.check(burst("AR", h_src))
    g.check(burst("AW", h_src))
    assert seen == ["burst", "burst", "violation"]
    g.enabled = False
    g.observe(burst("AR", h_src + 4096))
    assert g.bursts_checked == 2
