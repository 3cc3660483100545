"""The device-level faults through the simulated bench (bench/suites/faults.py): each scenario
is caught with its fault by the layer the catalogue names, with one message naming the rule or
error, and passes without it. One simulator run per device image (bench/suites/faults_run.py).

With faults switched on for the run (`pytest --fault NAME`, `make sim FAULT=NAME`) the same
images run their clean scenarios under those faults instead ("as-is"), and every scenario must
pass: a fault the bench catches fails its image's test with the catching layer's message.
"""
import json
import re

import pytest

from bench.suites.faults_run import BUILD, IMAGES, run_image
from models import faults

RESULTS = BUILD / "results"
pytestmark = pytest.mark.xdist_group("sim-faults")
GUARD = (r"GUARD VIOLATION \[{rule}\] {dev}: {ch} burst addr={addr} len=\d+ \(\d+ beats\) "
         r"size=8B range=\[{addr}, 0x[0-9a-f]+\]: ")


def run(name: str) -> dict[str, dict]:
    """Run image `name`; in as-is mode assert its clean scenarios passed, else return
    {test: record} after asserting every test of the image ran and passed."""
    image = IMAGES[name]
    if faults.ACTIVE:
        out = run_image(image, RESULTS / "as-is", "as-is")
        failed = {t: f for t, f in out.items() if f}
        assert set(out) == set(image.clean_tests) and not failed, "\n".join(
            f"{t}: {f}" for t, f in failed.items()) or f"not every test ran: {out}"
        return {}
    out = run_image(image, RESULTS)
    assert set(out) == set(image.tests), f"{name}: tests that ran: {sorted(out)}"
    failed = {t: f for t, f in out.items() if f}
    assert not failed, "\n".join(f"--- {t}: {f}" for t, f in failed.items())
    recs = {t: json.loads((RESULTS / f"faults_{t}.json").read_text()) for t in image.tests}
    for t, rec in recs.items():
        assert rec["quiescent"], f"{t}: machine not quiescent at the end"
    return recs


def catches(rec, layer=None):
    return [(c["rule"], c["message"]) for c in rec["catches"] if layer in (None, c["layer"])]


def clean(rec):
    assert rec["fault"] == "" and rec["catches"] == [] and rec["guard"]["violations"] == 0
    assert rec["guard"]["bursts_checked"] > 0
    return rec


def show(rec, layer):
    print(f"{rec['test']} ({'legacy' if rec['legacy'] else 'strict'}): caught by {layer}:",
          catches(rec, layer)[0][1])


def refused(rec, error: str, pattern: str) -> None:
    """The strict device refused the buffer of ``rec`` with ``error``: its one catch, whose
    message matches ``pattern``."""
    [(name, msg)] = catches(rec)
    assert name == error and re.fullmatch(pattern, msg), msg
    show(rec, "refusal")


def damaged_then_bounced(r, test: str, what: str, size: int, first_bad: int, clean_test: str):
    """The data check of ``test`` names ``what``: all ``size`` bytes arrived, the first wrong one
    at ``first_bad``; prints the guard's catch; the clean scenario ``clean_test`` bounced."""
    rec = r[test]
    assert catches(rec, "data") == [("bytes", f"{what}: {size} bytes arrived for {size}, "
                                              f"first difference at byte {first_bad}")]
    show(rec, "guard")
    assert clean(r[clean_test])["bounced"]


# -- B1 through the bench ------------------------------------------------------------------------
def test_b1_on_the_30_bit_nic():
    r = run("nic30_strict")
    if not r:
        return
    rule = "a mapping's last byte <= the device's DMA mask"
    dbg = r["b1_dma_debug"]
    assert catches(dbg) == [(rule, (
        "DMA-API: device nic_nic_engine: dma_map_single: DMA addr 0x3fffff9b+201 overflow (mask "
        f"0x3fffffff): last byte 0x40000063 is above the mask [rule: {rule}]"))]
    show(dbg, "dma-debug")
    off = r["b1_nic"]
    assert not off["dma_debug"] and off["handle"] == 0x3FFFFF9B and not off["bounced"]
    refused(off, "ADDR_RANGE", r"nic: TX buffer \[0x3fffff9b, 0x40000063\]: ERR 1 \(ADDR_RANGE\) "
                               r"at 0x3fffff9b, bytes done 0, \d+ cycles")
    ok = clean(r["b1_nic_clean"])
    assert ok["bounced"] and ok["handle"] + 200 <= 0x3FFFFFFF


def test_b1_on_a_30_bit_legacy_copy_engine():
    r = run("copy30_legacy")
    if not r:
        return
    rec = r["b1_copy"]
    assert rec["legacy"] and not rec["dma_debug"] and rec["handle"] == 0x3FFFFF9B
    guard = catches(rec, "guard")
    assert [g[0] for g in guard] == ["wrap", "outside-job"], guard
    for rule, msg in guard:
        assert re.match(GUARD.format(rule=rule, dev="dma", ch="AR", addr="0x0"), msg), msg
        assert "should be in: src of 1 [0x3fffff9b, 0x40000063] read" in msg
    assert "lands at the bottom of the bus right after the AR burst of 1 that reached 2^30-1 " \
           "(the stream wrapped)" in guard[0][1]
    # the 101 bytes below 2^30 arrived; byte 101 onwards came from address 0
    damaged_then_bounced(r, "b1_copy", "dma: the copied bytes", 201, 101, "b1_copy_clean")


# -- B6: a buffer crossing 4 GiB on a tg3-like NIC ------------------------------------------------
def test_b6_strict_nic_refuses_the_crossing_buffer():
    r = run("split40_strict")
    if not r:
        return
    rec = r["b6_crossing"]
    assert rec["handle"] == 0xFFFFFF00 and not rec["bounced"]
    refused(rec, "CROSS_4G", r"nic: TX buffer \[0xffffff00, 0x1000000ff\]: ERR 7 \(CROSS_4G\) "
                             r"at 0xffffff00, bytes done 0, \d+ cycles")
    assert rec["guard"]["violations"] == 0
    ok = clean(r["b6_clean"])
    assert ok["bounced"] and ok["handle"] // (1 << 32) == (ok["handle"] + 511) // (1 << 32)


def test_b6_legacy_nic_wraps_inside_its_window_and_the_guard_sees_it():
    r = run("split40_legacy")
    if not r:
        return
    rec = r["b6_crossing"]
    guard = catches(rec, "guard")
    assert {g[0] for g in guard} == {"outside-job"} and len(guard) == 2, guard
    assert re.match(GUARD.format(rule="outside-job", dev="nic", ch="AR", addr="0x0"),
                    guard[0][1]), guard[0][1]
    assert "should be in: tx buf of 1 [0xffffff00, 0x1000000ff] read" in guard[0][1]
    damaged_then_bounced(r, "b6_crossing", "nic: the frame sent", 512, 256, "b6_clean")


# -- B9: a descriptor field narrower than the DMA mask --------------------------------------------
def test_b9_strict_nic_refuses_buffers_above_its_descriptor_field():
    r = run("desc40_strict")
    if not r:
        return
    rec = r["b9_wide_mask"]
    h = rec["handle"]
    assert h >> 40 and not rec["bounced"]
    refused(rec, "DESC_BITS", rf"nic: RX buffer \[{h:#x}, {h + 1023:#x}\]: ERR 5 \(DESC_BITS\) "
                              rf"at {h:#x}, bytes done 0, \d+ cycles")
    ok = clean(r["b9_clean"])
    assert ok["bounced"] and ok["handle"] + 1023 < 1 << 40 and ok["cpu"] >> 40


def test_b9_legacy_nic_truncates_and_the_guard_sees_it():
    r = run("desc40_legacy")
    if not r:
        return
    rec = r["b9_wide_mask"]
    h = rec["handle"]
    guard = catches(rec, "guard")
    assert {g[0] for g in guard} == {"outside-job"}, guard
    alias = h & ((1 << 40) - 1)
    assert re.match(GUARD.format(rule="outside-job", dev="nic", ch="AW", addr=f"{alias:#x}"),
                    guard[0][1]), guard[0][1]
    damaged_then_bounced(r, "b9_wide_mask", "nic: the packet in CPU memory", 1000, 0, "b9_clean")


def test_images_cover_every_device_level_fault():
    """Every fault switched in bench/ has a scenario test on some image."""
    bench_faults = {n for n, f in faults.CATALOGUE.items() if f.switch.startswith("bench/")}
    from bench.suites import faults as suite
    tested = {getattr(suite, t).fault for i in IMAGES.values() for t in i.tests}
    assert bench_faults <= tested, bench_faults - tested
