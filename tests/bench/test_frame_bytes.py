"""bench.engines.nic_engine.frame_bytes on AXI-Stream frames as ``AxiStreamSink`` delivers them
(uncompacted: one tkeep bit per byte; compacted: tkeep gone)."""

from __future__ import annotations

import re

import pytest
from cocotbext.axi import AxiStreamFrame

from bench.engines.nic_engine import frame_bytes


def frame(data: bytes, keep: list[int]) -> AxiStreamFrame:
    """A frame as the sink builds it: tdata and one tkeep bit per byte (none without tkeep)."""
    return AxiStreamFrame(bytearray(data), list(keep), [], [], [])


def test_tail_without_tkeep_is_cut() -> None:
    assert frame_bytes(frame(b"abcdefgh", [1, 1, 1, 1, 1, 0, 0, 0])) == b"abcde"
    assert frame_bytes(frame(b"abcd", [1, 1, 1, 1])) == b"abcd"


def test_stream_without_tkeep_keeps_every_byte() -> None:
    assert frame_bytes(frame(b"abcd", [])) == b"abcd"


@pytest.mark.parametrize("keep", [[1, 0, 1, 1], [0, 1, 1, 1], [1, 1, 0, 1]])
def test_a_hole_in_tkeep_is_reported(keep: list[int]) -> None:
    with pytest.raises(AssertionError, match=re.escape(f"tkeep has holes: {keep}")):
        frame_bytes(frame(b"abcd", keep))


def test_a_compacted_frame_is_refused() -> None:
    f = frame(b"abcdefgh", [1, 1, 1, 1, 1, 0, 0, 0])
    f.compact()
    with pytest.raises(AssertionError, match=r"received compacted: its tkeep is gone"):
        frame_bytes(f)


def test_tkeep_shorter_than_the_data_is_reported() -> None:
    with pytest.raises(AssertionError, match=r"3 tkeep bits for 4 bytes"):
        frame_bytes(frame(b"abcd", [1, 1, 1]))
