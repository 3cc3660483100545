"""The PNGs of `make bench` (matplotlib, Agg backend)."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

KIB = 1024


def _size_label(n: int) -> str:
    return f"{n // (1 << 20)} MiB" if n >= 1 << 20 else f"{n // KIB} KiB"


def throughput(rows: list[dict], path: Path) -> None:
    """Beats/cycle vs transfer size: left panel zero wait, right panel 16-cycle read latency.
    Colour = DATA_WIDTH, marker = MAX_BURST_LEN (filled circle 16, hollow diamond 256, drawn so
    that coinciding results stay visible), solid = bus window (first AR .. last B), dashed = end
    to end (first register write .. DONE read)."""
    from matplotlib.lines import Line2D

    rows = [r for r in rows if r["memory"] == "lean"]
    lats = sorted({r["latency"] for r in rows})
    fig, axes = plt.subplots(1, len(lats), figsize=(6.4 * len(lats), 4.8), sharey=True,
                             squeeze=False)
    widths = sorted({r["data_width"] for r in rows})
    bursts = sorted({r["max_burst_len"] for r in rows})
    color = {dw: c for dw, c in zip(widths, ("tab:blue", "tab:orange", "tab:green",
                                            "tab:red", "tab:purple"))}
    style = [dict(marker="o", ms=6), dict(marker="D", ms=10, mfc="none", mew=1.5)]
    sizes = sorted({r["size"] for r in rows})
    for ax, lat in zip(axes[0], lats):
        for dw in widths:
            for bi, mbl in enumerate(bursts):
                pts = sorted((r["size"], min(r["r_beats_per_cycle"], r["w_beats_per_cycle"]),
                              r["e2e_beats_per_cycle"]) for r in rows
                             if r["latency"] == lat and r["data_width"] == dw and
                             r["max_burst_len"] == mbl)
                if not pts:
                    continue
                xs = [p[0] for p in pts]
                st = style[bi % len(style)]
                ax.plot(xs, [p[1] for p in pts], "-", color=color[dw], lw=1.6, **st)
                ax.plot(xs, [p[2] for p in pts], "--", color=color[dw], lw=1.0, alpha=0.7,
                        **dict(st, ms=st["ms"] * 0.7))
        ax.axhline(1.0, color="grey", lw=0.8)
        goal = 0.99 if lat <= 1 else 0.95
        ax.axhline(goal, color="red", lw=0.9, ls=":")
        ax.text(sizes[-1], goal - 0.002, f"target {goal} (64 KiB, DW 32, burst 16) ",
                color="red", fontsize=7, va="top", ha="right")
        ax.set_xscale("log", base=2)
        ax.set_xticks(sizes)
        ax.set_xticklabels([_size_label(s) for s in sizes])
        ax.set_xlabel("copy size")
        ax.set_title("zero-wait memory" if lat <= 1 else f"{lat}-cycle read latency (pipelined)")
        ax.grid(True, which="both", alpha=0.3)
    axes[0][0].set_ylabel("beats per cycle per direction\n(1.0 = DATA_WIDTH/8 bytes per cycle)")
    lo = min([min(r["e2e_beats_per_cycle"], r["r_beats_per_cycle"]) for r in rows] + [0.9])
    axes[0][0].set_ylim(max(0.0, lo - 0.03), 1.01)
    handles = [Line2D([], [], color=color[dw], lw=2, label=f"DATA_WIDTH {dw}") for dw in widths]
    handles += [Line2D([], [], color="k", ls="", label=f"MAX_BURST_LEN {mbl}",
                       **style[i % len(style)]) for i, mbl in enumerate(bursts)]
    handles += [Line2D([], [], color="k", ls="-", label="first AR .. last B"),
                Line2D([], [], color="k", ls="--", label="register write .. DONE read")]
    axes[0][-1].legend(handles=handles, fontsize=8, loc="lower right")
    fig.suptitle("dma_engine copy throughput (Icarus, cycle-exact handshake counts)",
                 fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def memory_map(data: dict, path: Path) -> None:
    """One row per device width; x = address (log). Direct buffers as dots, bounced buffers as
    an x at the original CPU address joined to the bounce slot the device really used; the
    device limit 2^W - 1 as a vertical bar per row; the mask pool and RAM top as shaded bands."""
    bufs = data["buffers"]
    widths = sorted({b["width"] for b in bufs})
    fig, ax = plt.subplots(figsize=(11, 1.1 * len(widths) + 2.2))
    kinds = {"low": ("tab:blue", "o"), "coherent": ("tab:green", "s"), "high": ("tab:purple", "o"),
             "streaming": ("tab:blue", "o"), "resource": ("tab:cyan", "D")}
    lo_x = 2 ** 11
    seen = set()

    def lab(k):
        if k in seen:
            return None
        seen.add(k)
        return k

    for y, w in enumerate(widths):
        row = [b for b in bufs if b["width"] == w]
        for b in row:
            j = ((b.get("job", 0) * 37 + b["size"]) % 21 - 10) / 40.0
            x = max(lo_x, b["dma_addr"])
            if b["bounced"]:
                xc = max(lo_x, b["cpu_addr"])
                ax.plot([xc, x], [y + j, y + j], color="tab:red", lw=0.4, alpha=0.35)
                ax.plot(xc, y + j, "x", color="tab:red", ms=5,
                        label=lab("bounced: original buffer (above limit)"))
                ax.plot(x, y + j, "o", color="tab:orange", ms=4,
                        label=lab("bounced: swiotlb slot the device used"))
            else:
                c, m = kinds.get(b["kind"], ("k", "."))
                ax.plot(x, y + j, m, color=c, ms=4, alpha=0.8,
                        label=lab(f"direct: {b['kind']}"))
        ax.plot([2 ** w, 2 ** w], [y - 0.42, y + 0.42], color="black", lw=2.2,
                label=lab("device limit 2^W"))
    reg = data.get("regions") or {"pool": [0, 16 << 20], "swiotlb": [0, 0], "ram_top": 8 << 30}
    p0, p1 = reg["pool"]
    ax.axvspan(max(lo_x, p0), p1, color="gold", alpha=0.15,
               label=f"mask pool ({(p1 - p0) >> 20} MiB at 0x{p0:x})")
    s0, s1 = reg["swiotlb"]
    if s1 > s0:
        ax.axvspan(max(lo_x, s0), s1, facecolor="none", hatch="//", edgecolor="tan", lw=0,
                   label=f"swiotlb slots ({(s1 - s0) >> 20} MiB, carved from the pool)")
    ax.axvline(reg["ram_top"], color="grey", ls="--", lw=1,
               label=f"top of RAM ({reg['ram_top'] >> 30} GiB)")
    ax.set_xscale("log", base=2)
    ax.set_xlim(lo_x, 2 ** 42)
    ticks = [2 ** k for k in range(12, 43, 2)]
    ax.set_xticks(ticks)
    names = {10: "KiB", 20: "MiB", 30: "GiB", 40: "TiB"}

    def tl(k):
        for b in (40, 30, 20, 10):
            if k >= b:
                return f"{2 ** (k - b)} {names[b]}"
        return str(2 ** k)
    ax.set_xticklabels([tl(k) for k in range(12, 43, 2)], rotation=45, fontsize=8)
    ax.set_yticks(range(len(widths)))
    ax.set_yticklabels([f"{w}-bit device" for w in widths])
    ax.set_ylim(-0.6, len(widths) - 0.4)
    ax.set_xlabel("physical / bus address (log scale)")
    n_b = sum(1 for b in bufs if b["bounced"])
    ax.set_title(f"Where {len(bufs)} DMA buffers landed ({n_b} bounced) -- {data['source']}",
                 fontsize=9)
    ax.grid(True, axis="x", alpha=0.3)
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
