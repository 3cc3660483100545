"""Functional coverage of DMA jobs: where relative to the limit, how big, how aligned, how mapped.

Bins (a job hits one bin per axis for each of its buffers / itself):
- ``bucket``: bottom page ``[0, 4 KiB)``, top page ``(limit - 4 KiB, limit]``, around 4 GiB
  (within 64 KiB of 4 GiB; only for devices wider than 32 bits), middle (everything else);
- ``size``: tiny < 16 B, small < 256 B, medium < 2 KiB, large >= 2 KiB;
- ``align`` (offsets of src and dst within a bus word): both aligned, src only unaligned, dst
  only unaligned, both unaligned;
- ``mapping``: bounced or direct (bounced only applies when RAM reaches above the limit);
- ``mode``: single or SG.
"""

from __future__ import annotations

PAGE = 4096
FOUR_G = 1 << 32
NEAR_4G = 64 << 10

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

    def __init__(self, width: int, ram_size: int = 8 << 30):
        limit = (1 << width) - 1
        self.width = width
        self.limit = limit
        buckets = ["bottom_page", "top_page", "middle"]
        if limit >= FOUR_G + NEAR_4G:
            buckets.insert(2, "around_4g")
        mappings = ["direct"] + (["bounced"] if ram_size - 1 > limit else [])
        self.bins: dict[str, list[str]] = {
            "bucket": buckets,
            "size": [n for n, _ in SIZE_CLASSES],
            "align": ["aligned", "src_unaligned", "dst_unaligned", "both_unaligned"],
            "mapping": mappings,
            "mode": ["single", "sg"],
        }
        self.hits: dict[str, dict[str, int]] = {a: {b: 0 for b in bins}
                                               for a, bins in self.bins.items()}

    def sample(self, axis: str, value: str) -> None:
        if value in self.hits[axis]:
            self.hits[axis][value] += 1

    def sample_job(self, rec) -> None:
        """``rec``: a JobRecord (see bench.jobs)."""
        self.sample("mode", "sg" if rec.mode == "sg" else "single")
        for seg in rec.segments:
            for first, last in ((seg.src_bus, seg.src_bus + seg.size - 1),
                                (seg.dst_bus, seg.dst_bus + seg.size - 1)):
                if seg.size:
                    self.sample("bucket", bucket(first, last, self.limit))
            self.sample("size", size_class(seg.size))
            self.sample("align", align_class(seg.src_bus, seg.dst_bus))
        for b in rec.bounced:
            self.sample("mapping", "bounced" if b else "direct")

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
