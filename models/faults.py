"""The fault catalogue: historic DMA-address-limit bugs, each a named switch in the code.

Each `Fault` names the real bug and where it is documented, the layer expected to catch it, the
rule that layer names in its message, and the ONE place in the code that reads the switch
(marked there with a comment `FAULT <name>`: in models/ for the kernel side, in bench/ for a
driver's side of a simulated device). A fault changes behaviour only at that place.

Activation (the set of active faults is the module-level frozenset `ACTIVE`):
- environment: `MASKDMA_FAULT=name[,name...]`, read once at import (simulator processes inherit
  it; `make sim FAULT=<name>` sets it);
- tests: `with injected("B1-start-only-mask"): ...` replaces the active set for the block
  (`with injected():` runs a block with no fault, whatever the environment says);
- pytest: `--fault NAME` (repeatable, comma-separated allowed; registered by tests/conftest.py
  through `models.pytest_faults`) activates the faults for the whole session.
An unknown name is a ValueError naming it and listing the catalogue.

A switch point reads `ACTIVE and on("<name>")`: with no fault active that is one module
attribute load and a truth test. `table()` is the listing `make faults` prints.
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import MappingProxyType

ENV_VAR = "MASKDMA_FAULT"


@dataclass(frozen=True)
class Fault:
    """One historic bug as a switchable fault."""
    name: str
    bug: str      # what the real code did wrong
    source: str   # where it is documented (LKML Message-Id, commit, issue thread)
    layer: str    # the check expected to catch it
    rule: str     # the rule that check names in its message
    switch: str   # the one place that reads the switch (file: function)


_FAULTS = (
    Fault("B1-start-only-mask",
          "the bounce decision of dma_map_single looks at the buffer's first byte only (Kleen's "
          "dmatlb needs_mapping()); a buffer [mask-100, mask+100] is mapped directly although "
          "its tail is above the mask",
          "Andi Kleen, \"[PATCH 0/13] General DMA zone rework\", LKML March 2008, patch 13/13 "
          "(code analysis); the correct test is dma_capable() in include/linux/dma-direct.h: "
          "addr + size - 1 <= mask",
          "models dma-debug: mapping check (models/dma_debug.py)",
          "a mapping's last byte <= the device's DMA mask",
          "models/dma_mapping.py: dma_map_single"),
    Fault("B2-zone-flags",
          "the coherent path ORs GFP_DMA32 into gfp for every coherent mask <= 4 GiB and "
          "forwards it to the mask allocator, which rejects zone flags (Kleen's BUG_ON; ALSA "
          "hit the same BUG_ON with __GFP_COMP: \"kernel BUG at mm/mask-alloc.c:178\")",
          "patches 10/13 and 11/13 of \"General DMA zone rework\" (code analysis); review "
          "replies 871w6m955h.fsf@saeurebad.de, 20080307211322.GD7589@cvg, "
          "20080307175148.3a49d8d3@mandriva.com.br",
          "mask allocator API boundary: check_gfp (models/gfp.py)",
          "zone flags (GFP_DMA, GFP_DMA32, __GFP_COMP) never reach the mask allocator",
          "models/dma_mapping.py: _coherent_gfp"),
    Fault("B2-min-size",
          "allocations below the 16-byte minimum reach the mask allocator unrounded (tiny "
          "coherent allocations hit BUG_ON(size < MASK_MIN_SIZE))",
          "review of \"General DMA zone rework\", March 2008: 871w6m955h.fsf@saeurebad.de, "
          "20080307211322.GD7589@cvg, 20080307175148.3a49d8d3@mandriva.com.br",
          "mask allocator precondition (Kleen's BUG_ON, models/machine.py)",
          "size >= MASK_MIN_SIZE (16 bytes) inside the allocator",
          "models/machine.py: Machine._check_args"),
    Fault("B2-wrong-size-free",
          "a coherent free reaches the allocator as a one-page free (Kleen's __free_page_mask() "
          "macro) whatever the buffer's size: a multi-page buffer is freed with the wrong size",
          "patch 6/13 of \"General DMA zone rework\" (mm/mask-alloc.c), code analysis",
          "mask allocator free records (BadFreeError, models/machine.py)",
          "a free gives the page count of the allocation",
          "models/dma_mapping.py: dma_free_coherent"),
    Fault("B3-zone-dma-fallback",
          "before the mask allocator every coherent mask below 4 GiB fell back to GFP_DMA, the "
          "fixed 16 MiB zone: a 30-bit NIC (b44, DMA_BIT_MASK(30)) gets ENOMEM for its rings "
          "once other devices have used that zone up, although 1 GiB would do",
          "b44 \"ENOMEM after uptime\" reports that motivated Andi Kleen's \"[PATCH 0/13] General "
          "DMA zone rework\", LKML March 2008; the same switch is Machine(zone_policy=\"pre2008\")",
          "pool contention test on one machine (bench/suites/machine.py: pre2008_starves_nic)",
          "the 30-bit device gets its buffers while wider devices allocate heavily",
          "models/machine.py: Machine._alloc"),
    Fault("B4-swiotlb-leak",
          "the driver's completion path unmaps the destination but never the source: bounce "
          "slots leak until \"swiotlb buffer is full\"",
          "https://github.com/lwfinger/rtl8192ee/issues/3 (\"total 32768 (slots), used 32768 "
          "(slots)\"), https://github.com/openwrt/mt76/issues/500",
          "swiotlb capacity check with its live-mapping report, check_quiescent()",
          "swiotlb buffer is full; every mapping is unmapped by the end of its job",
          "models/copy_driver.py: CopyDriver.run"),
    Fault("B4-oversize-mapping",
          "the driver maps a whole transfer as one mapping, ignoring dma_max_mapping_size(): a "
          "512 KiB bounce is larger than one 128-slot swiotlb segment",
          "https://github.com/cezanne/usbip-win/issues/368 (524288-byte request, 4 slots "
          "used), https://github.com/Dstack-TEE/dstack/pull/1192 (sz: 262144)",
          "swiotlb size check (models/swiotlb.py)",
          "one bounce mapping <= 128 slots x 2 KiB = 256 KiB",
          "models/copy_driver.py: CopyDriver._pieces"),
    Fault("B6-seg-boundary",
          "the swiotlb slot search ignores the device's segment boundary "
          "(dma_set_seg_boundary): a bounce buffer crosses it",
          "Nicolin Chen, dma-iommu segment boundary, 20200815064726.20459-1-nicoleotsuka@gmail.com;"
          " tg3_4g_overflow_test in drivers/net/ethernet/broadcom/tg3.c",
          "models dma-debug: mapping check (models/dma_debug.py)",
          "a bounce mapping does not cross a (seg_boundary + 1)-aligned boundary",
          "models/swiotlb.py: Swiotlb.map"),
    Fault("B7-dmapool-boundary-off-by-one",
          "dma_pool compares the block end with the boundary using >= where > belongs: with "
          "size 512 and boundary 2048 the last block before every boundary is never used",
          "Tony Battersby, \"dmapool: fix boundary comparison\", "
          "f72e836c-e262-6c48-bca0-db53eaeda1a5@cybernetics.com (Fixes: e34f44b3517f)",
          "dma_pool chunk audit: capacity (models/dma_debug.py)",
          "a chunk yields every block the boundary allows",
          "models/dma_pool.py: DmaPool._carve"),
    Fault("B7-dmapool-cross-boundary",
          "the twin of the off-by-one: the boundary test looks at the block's start only, so a "
          "block that starts before a boundary and ends after it is handed out",
          "the comparison fixed by \"dmapool: fix boundary comparison\" "
          "(f72e836c-e262-6c48-bca0-db53eaeda1a5@cybernetics.com), its dangerous direction",
          "dma_pool chunk audit: boundary (models/dma_debug.py)",
          "no block crosses a multiple of the pool's boundary",
          "models/dma_pool.py: DmaPool._carve"),
)

# Device-level faults: switched in the bench's driver side (bench/), run on the simulated NIC by
# the scenarios of bench/suites/faults.py.
_FAULTS += (
    Fault("B6-tg3-4g-crossing",
          "the driver of a tg3-like NIC (buffer address bits [63:32] fixed per ring, the "
          "descriptor holds bits [31:0]) skips its 4 GiB boundary test: a buffer crossing "
          "4 GiB reaches the device, whose 32-bit address adder wraps inside the 4 GiB window",
          "tg3_4g_overflow_test / tigon3_dma_hwbug_workaround in "
          "drivers/net/ethernet/broadcom/tg3.c (\"Test for DMA buffers crossing any 4GB "
          "boundaries\"); Nicolin Chen, 20200815064726.20459-1-nicoleotsuka@gmail.com",
          "strict NIC (SPLIT_ADDR_HI): refusal ERR_CODE 7 CROSS_4G; legacy NIC: the address "
          "guard (outside-job)",
          "a buffer never crosses the device's segment boundary (dma_set_seg_boundary "
          "0xffffffff)",
          "bench/driver.py: DmaDriver.map_single"),
    Fault("B9-desc-field-mask",
          "the driver sets DMA_BIT_MASK(64) from the bus width although the descriptor's "
          "address field holds 40 bits: buffers above 2^40 are handed out unbounced and a "
          "legacy device truncates their addresses",
          "https://github.com/slaclab/aes-stream-drivers/pull/296 (40-bit descriptors, wider "
          "DMA mask)",
          "strict NIC: refusal ERR_CODE 5 DESC_BITS; legacy NIC: the address guard "
          "(outside-job)",
          "the DMA mask is no wider than the descriptor field (DMA_BIT_MASK(DESC_ADDR_BITS))",
          "bench/engines/nic_engine.py: NicEngineAdapter.dma_mask_bits"),
)

CATALOGUE: MappingProxyType[str, Fault] = MappingProxyType({f.name: f for f in _FAULTS})


def parse(spec: str | Iterable[str]) -> frozenset[str]:
    """The fault names in `spec` (comma-separated string or iterable of such strings; blanks
    ignored). ValueError naming an unknown name and listing the catalogue."""
    parts = [spec] if isinstance(spec, str) else list(spec)
    names = {n.strip() for p in parts for n in p.split(",") if n.strip()}
    unknown = sorted(names - CATALOGUE.keys())
    if unknown:
        raise ValueError(f"unknown fault {', '.join(map(repr, unknown))}: the catalogue has "
                         f"{', '.join(CATALOGUE)} (`make faults` lists them)")
    return frozenset(names)


ACTIVE: frozenset[str] = parse(os.environ.get(ENV_VAR, ""))


def on(name: str) -> bool:
    """True iff fault `name` is active. ValueError for a name not in the catalogue."""
    if name not in CATALOGUE:
        raise ValueError(f"unknown fault {name!r}: the catalogue has {', '.join(CATALOGUE)}")
    return name in ACTIVE


def set_active(spec: str | Iterable[str]) -> frozenset[str]:
    """Replace the active set by the faults of `spec`; return the previous set."""
    global ACTIVE
    new = parse(spec)
    old, ACTIVE = ACTIVE, new
    return old


@contextmanager
def injected(*names: str) -> Iterator[frozenset[str]]:
    """Run a block with exactly the faults `names` active (none if no name is given), then
    restore the previous set."""
    old = set_active(names)
    try:
        yield ACTIVE
    finally:
        set_active(old)


def table() -> str:
    """The catalogue as aligned text (what `make faults` prints)."""
    lines = [f"{len(CATALOGUE)} faults; switch on with MASKDMA_FAULT=<name>[,<name>], "
             f"pytest --fault <name>, make sim FAULT=<name>; active now: "
             f"{', '.join(sorted(ACTIVE)) or 'none'}", ""]
    for f in CATALOGUE.values():
        lines += [f.name,
                  f"  bug:    {f.bug}",
                  f"  source: {f.source}",
                  f"  caught: {f.layer}",
                  f"  rule:   {f.rule}",
                  f"  switch: {f.switch}", ""]
    return "\n".join(lines)
