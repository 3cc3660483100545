"""Checks of a finished JobRecord: every destination byte and the guard bands around it.

- A job that ended DONE: every destination byte equals the source byte; BYTES_DONE equals the
  job's length.
- A job that ended ERR: the code must be the expected one (a job not expecting an error fails);
  every destination byte is either its old content or the source byte (data already written stays
  inside the destination, DESIGN.md), and BYTES_DONE does not exceed the length.
- Every guard band (64 bytes on each side of each destination, bus side and CPU side) is
  unchanged.
"""

from __future__ import annotations


def check_record(rec) -> list[str]:
    errors: list[str] = []
    total = sum(s.size for s in rec.segments)
    tag = f"job {rec.job_id} ({rec.name}, {rec.mode}, {len(rec.segments)} segment(s), {total} B)"
    if rec.error is not None:
        if rec.expect_error is None:
            errors.append(f"{tag}: unexpected {rec.error}")
        elif rec.error.code != rec.expect_error:
            errors.append(f"{tag}: expected ERR_CODE {rec.expect_error}, got {rec.error}")
    elif rec.expect_error is not None:
        errors.append(f"{tag}: expected ERR_CODE {rec.expect_error} but the job ended DONE")
    if rec.bytes_done > total:
        errors.append(f"{tag}: BYTES_DONE {rec.bytes_done} > length {total}")
    if rec.error is None and rec.expect_error is None and rec.bytes_done != total:
        errors.append(f"{tag}: BYTES_DONE {rec.bytes_done} != length {total}")
    for i, seg in enumerate(rec.segments):
        if len(seg.actual) != seg.size:
            errors.append(f"{tag} seg {i}: destination 0x{seg.dst_bus:x} unreadable")
            continue
        bad = []
        for k, (got, exp) in enumerate(zip(seg.actual, seg.expected)):
            if got == exp:
                continue
            if rec.error is not None and got == seg.before[k]:
                continue
            bad.append(k)
        if bad:
            k = bad[0]
            errors.append(f"{tag} seg {i}: {len(bad)} destination byte(s) wrong, first at "
                          f"offset {k} (bus 0x{seg.dst_bus + k:x}): got 0x{seg.actual[k]:02x}, "
                          f"expected 0x{seg.expected[k]:02x} (src bus 0x{seg.src_bus:x})")
    for band in rec.bands:
        if band.after != band.before:
            k = next(i for i, (a, b) in enumerate(zip(band.after, band.before)) if a != b) \
                if len(band.after) == len(band.before) else 0
            errors.append(f"{tag}: guard band {band.where} changed at 0x{band.addr + k:x} "
                          f"(stray device write outside the destination)")
    return errors
