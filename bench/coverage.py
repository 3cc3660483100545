"""Functional coverage of DMA jobs: where relative to the limit, how big, how aligned, how mapped.

Bins (a job hits one bin per axis for each of its buffers / itself):
- ``bucket``: bottom page ``[0, 4 KiB)``, top page ``(limit - 4 KiB, limit]``, around 4 GiB
  (within 64 KiB of 4 GiB; only for devices wider than 32 bits), middle (everything else);
- ``size``: tiny < 16 B, small < 256 B, medium < 2 KiB, large >= 2 KiB;
- ``align`` (offsets of src and dst within a bus word): both aligned, src only unaligned, dst
  only unaligned, both unaligned (only "aligned" applies to an aligned-only engine);
- ``mapping``: bounced or direct (bounced only applies when RAM reaches above the limit);
- ``mode``: single or SG (SG only applies to an engine with chains);
- ``edge``: the limit's edge -- ``exact_fit`` (a buffer given to the device ends exactly at the
  limit), ``straddle_bounced`` / ``straddle_refused`` (a CPU buffer that starts at or below the
  limit and ends above it was bounced by ``dma_map_single`` / refused by ``dma_map_resource``; at
  64 bits, where nothing lies above the limit, the candidate is the byte at 2^64 - 1 whose
  direct handle would be DMA_MAPPING_ERROR). ``exact_fit`` is sampled from the work's windows;
  the straddle outcomes come from ``bench.jobs`` (``sample("edge", outcome)``).

Sampled from each submitted ``Work`` (``sample_work``); which bins apply follows the engine's
``Capabilities``.
"""

from __future__ import annotations

PAGE = 4096
FOUR_G = 1 << 32
NEAR_4G = 64 << 10

EDGE_BINS = ("exact_fit", "straddle_bounced", "straddle_refused")

SIZE_CLASSES = (("tiny", 16), ("small", 256), ("medium", 2048), ("large", None))


def bucket(first: int, last: int, limit: int) -> str:
    if first < PAGE:
        return "bottom_page"
    if last > limit - PAGE:
        return "top_page"
    if limit >= FOUR_G + NEAR_4G and first < FOUR_G + NEAR_4G and last >= FOUR_G - NEAR_4G:
        return "around_4g"
    return "middle"


def size_class(n: int) -> str:
    for name, below in SIZE_CLASSES:
        if below is None or n < below:
            return name
    return "large"  # pragma: no cover


def align_class(src: int, dst: int, word: int = 8) -> str:
    s, d = src % word != 0, dst % word != 0
    return {(False, False): "aligned", (True, False): "src_unaligned",
            (False, True): "dst_unaligned", (True, True): "both_unaligned"}[(s, d)]


class CoverageModel:
    """Counts hits per (axis, bin); ``applicable`` bins depend on the width and the RAM size."""

    def __init__(self, caps, ram_size: int = 8 << 30):
        width = caps.addr_width
        limit = (1 << width) - 1
        self.width = width
        self.limit = limit
        self.word = caps.data_bytes
        buckets = ["bottom_page", "top_page", "middle"]
        if limit >= FOUR_G + NEAR_4G:
            buckets.insert(2, "around_4g")
        mappings = ["direct"] + (["bounced"] if ram_size - 1 > limit else [])
        self.bins: dict[str, list[str]] = {
            "bucket": buckets,
            "size": [n for n, _ in SIZE_CLASSES],
            "align": (["aligned", "src_unaligned", "dst_unaligned", "both_unaligned"]
                      if caps.unaligned else ["aligned"]),
            "mapping": mappings,
            "mode": ["single", "sg"] if caps.chains else ["single"],
            "edge": list(EDGE_BINS),
        }
        self.hits: dict[str, dict[str, int]] = {a: {b: 0 for b in bins}
                                               for a, bins in self.bins.items()}

    def sample(self, axis: str, value: str) -> None:
        if value in self.hits[axis]:
            self.hits[axis][value] += 1

    def sample_work(self, work, bounced: list[bool]) -> None:
        """``work``: a submitted ``bench.adapter.Work``; ``bounced``: per buffer it was given,
        whether its mapping is a swiotlb bounce."""
        self.sample("mode", "sg" if work.is_chain else "single")
        for c in work.copies:
            for first, last in ((c.src, c.src + c.length - 1), (c.dst, c.dst + c.length - 1)):
                if c.length:
                    self.sample("bucket", bucket(first, last, self.limit))
            self.sample("size", size_class(c.length))
            self.sample("align", align_class(c.src, c.dst, self.word))
        for b in bounced:
            self.sample("mapping", "bounced" if b else "direct")
        for w in work.read_windows() + work.write_windows():
            if w.last == self.limit:
                self.sample("edge", "exact_fit")

    def hit_bins(self) -> list[str]:
        return [f"{a}:{b}" for a, bins in self.hits.items() for b, n in bins.items() if n]

    def all_bins(self) -> list[str]:
        return [f"{a}:{b}" for a, bins in self.bins.items() for b in bins]

    def percent(self) -> float:
        total = len(self.all_bins())
        return 100.0 * len(self.hit_bins()) / total if total else 100.0

    def report(self) -> str:
        lines = [f"coverage w{self.width}: {self.percent():.1f}% "
                 f"({len(self.hit_bins())}/{len(self.all_bins())} bins)"]
        for axis, bins in self.hits.items():
            lines.append(f"  {axis:8s} " + "  ".join(f"{b}={n}" for b, n in bins.items()))
        return "\n".join(lines)
