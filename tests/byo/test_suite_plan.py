"""The suite's capability contract without a simulator: which copy-engine tests apply to which
engine (bench.suites.plan, one-line reasons), the adaptations of placed jobs
(bench.sequences), and Capabilities' serialisation for the suite runner."""

import pytest

from bench.adapter import Capabilities
from bench.suites import COPY_ENGINE_TESTS, TESTS_BY_NAME, SuiteTest, plan
from bench.sequences import PlacedJobsSeq, adapt_segment, seg


def caps(**kw) -> Capabilities:
    base = dict(name="eng", addr_width=24, data_width=32, max_burst_len=16, unaligned=True,
                chains=True, byte_counter=True, legacy=False, max_length=1 << 20,
                error_names={1: "ADDR_RANGE", 2: "BUS", 3: "ABORTED"}, abort=True)
    return Capabilities(**{**base, **kw})


def test_stream_dma_like_engine_loses_legacy_and_chain_tests_only():
    p = plan(caps(unaligned=False, chains=False, byte_counter=False))
    assert sorted(p.deselected) == ["sg_chains", "teeth_legacy", "wrap_into_bounce"]
    assert p.deselected["sg_chains"].startswith("sg_chains: needs chains -- ")
    assert "eng lacks it" in p.deselected["teeth_legacy"]
    assert len(p.selected) == len(COPY_ENGINE_TESTS) - 3
    assert "deselected sg_chains: needs chains" in p.summary("eng", 24)


def test_each_need_deselects_its_tests():
    assert set(plan(caps(abort=False)).deselected) == {"abort_mid_job", "teeth_legacy",
                                                       "wrap_into_bounce"}
    legacy = plan(caps(legacy=True), width=40)
    assert legacy.deselected["strict_rejection"].startswith("strict_rejection: needs strict")
    assert legacy.deselected["wrap_into_bounce"] == ("wrap_into_bounce: applies to widths "
                                                     "<= 32, not 40")
    assert "teeth_legacy" in legacy.selected
    assert "wrap_into_bounce" in plan(caps(legacy=True), width=32).selected


def test_bad_names_are_refused():
    with pytest.raises(ValueError, match="unknown capability \\['dma'\\]"):
        SuiteTest("x", needs=("dma",))
    with pytest.raises(ValueError, match="unknown suite test\\(s\\) \\['nope'\\]"):
        plan(caps(), only=["nope"])
    assert plan(caps(), only=["sg_chains"]).selected == ["sg_chains"]


def test_needs_and_adapts_name_real_capabilities():
    c = caps()
    for t in COPY_ENGINE_TESTS:
        for flag in t.needs + t.adapts:
            assert isinstance(getattr(c, flag), bool), (t.name, flag)
    assert TESTS_BY_NAME["teeth_legacy"].legacy and not TESTS_BY_NAME["bus_errors"].legacy


def test_capabilities_round_trip_and_rounding():
    c = caps(unaligned=False, error_address=True, descriptor_faults=True)
    assert Capabilities.from_dict(c.to_dict()) == c
    assert (c.round_up(0), c.round_up(1), c.round_up(4), c.round_up(5)) == (0, 4, 4, 8)
    assert caps().round_up(7) == 7 and c.strict and c.has_error("BUS")
    with pytest.raises(ValueError, match="unknown field\\(s\\) \\['colour'\\]"):
        Capabilities.from_dict({**c.to_dict(), "colour": 1})


def test_placed_jobs_adapt_to_an_aligned_engine_without_chains():
    aligned = caps(unaligned=False, chains=False, data_width=64, max_length=4096)
    assert adapt_segment(seg(7, "low", "high", 1, 9), aligned) == seg(8, "low", "high", 8, 16)
    assert adapt_segment(seg(5000), aligned)["size"] == 4096
    specs = [[seg(100, so=3)], ("chain", [seg(1), seg(2, do=1)])]
    assert PlacedJobsSeq("p", specs, caps=aligned).jobs() == [
        (False, [seg(104, so=8)]), (False, [seg(8)]), (False, [seg(8, do=8)])]
    assert PlacedJobsSeq("p", specs, caps=caps()).jobs()[1] == (True, [seg(1), seg(2, do=1)])
    assert PlacedJobsSeq("p", specs).jobs()[0] == (False, [seg(100, so=3)])
