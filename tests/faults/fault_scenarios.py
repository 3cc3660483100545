"""The realistic scenario of each models-level fault, run with or without the fault by the tests
(`with faults.injected(NAME):` / `with faults.injected():`). Each scenario checks its own result
(data copied, resources back) and leaves the machine quiescent when nothing is wrong."""
from __future__ import annotations

import random

from models import (DMA_BIT_MASK, GFP_KERNEL, PAGE_SIZE, CopyDriver, CopyJob, Device, Machine,
                    dma_alloc_coherent, dma_free_coherent, dma_pool_create,
                    dma_set_seg_boundary)

GiB, MiB, KiB = 1 << 30, 1 << 20, 1 << 10


def payload(n: int, seed: int) -> bytes:
    return random.Random(seed).randbytes(n)


def copy_jobs(dev: Device, jobs: list[CopyJob], seed: int = 1) -> CopyDriver:
    """Fill each job's source, run the jobs through a CopyDriver, check every destination."""
    mem = dev.machine.memory
    drv = CopyDriver(dev)
    for i, job in enumerate(jobs):
        data = payload(job.length, seed + i)
        mem.write(job.src, data)
        mem.fill(job.dst, job.length, 0xA5)
        drv.run(job)
        assert mem.read(job.dst, job.length) == data, f"job {i}: destination differs"
    return drv


def finish(m: Machine, *devs: Device) -> None:
    for d in devs:
        d.remove()
    m.check_quiescent()


def b1_straddling_buffer(mask_bits: int = 30) -> Machine:
    """A b44-like device (30-bit mask) copies a 201-byte buffer [mask - 100, mask + 100] (an skb
    whose data straddles the limit) to high memory."""
    m = Machine()
    dev = Device(m, "b44", DMA_BIT_MASK(mask_bits), DMA_BIT_MASK(mask_bits))
    mask = dev.dma_mask
    copy_jobs(dev, [CopyJob(mask - 100, 5 * GiB, 201)])
    finish(m, dev)
    return m


def b2_coherent_ring(size: int = 3 * PAGE_SIZE, mask_bits: int = 32) -> Machine:
    """A driver allocates a coherent descriptor ring (default 3 pages, 32-bit coherent mask),
    uses it and frees it."""
    m = Machine()
    dev = Device(m, "snd_via82xx", DMA_BIT_MASK(mask_bits), DMA_BIT_MASK(mask_bits))
    got = dma_alloc_coherent(dev, size, GFP_KERNEL)
    assert got is not None, "coherent allocation failed"
    cpu, handle = got
    assert handle + size - 1 <= dev.coherent_dma_mask
    m.memory.write(cpu, payload(size, 7))
    dma_free_coherent(dev, size, cpu, handle)
    finish(m, dev)
    return m


def b4_leaky_jobs(njobs: int, length: int = 16 * KiB) -> Machine:
    """An rtl8192ee-like 32-bit device copies `length`-byte buffers that live above 4 GiB
    (bounced), `njobs` times, with a 1 MiB swiotlb (512 slots)."""
    m = Machine(swiotlb_size=1 * MiB)
    dev = Device(m, "rtl8192ee")
    copy_jobs(dev, [CopyJob(5 * GiB + i * length, 6 * GiB + i * length, length)
                    for i in range(njobs)])
    finish(m, dev)
    return m


def b4_big_transfer(length: int = 512 * KiB) -> Machine:
    """A usbip-like 32-bit device copies one 512 KiB transfer between buffers above 4 GiB."""
    m = Machine()
    dev = Device(m, "usbip")
    copy_jobs(dev, [CopyJob(5 * GiB, 6 * GiB, length)])
    finish(m, dev)
    return m


def b6_boundary_device(njobs: int = 8, length: int = 24 * KiB) -> Machine:
    """An ATA-like 32-bit device whose PRD entries cannot cross 64 KiB
    (dma_set_seg_boundary(dev, 0xffff)) copies 24 KiB buffers above 4 GiB: every bounce buffer
    must stay inside one 64 KiB segment."""
    m = Machine()
    dev = Device(m, "ata0")
    assert dma_set_seg_boundary(dev, 0xFFFF) == 0
    copy_jobs(dev, [CopyJob(5 * GiB + i * length, 6 * GiB + i * length, length)
                    for i in range(njobs)])
    finish(m, dev)
    return m


def b7_descriptor_pool(size: int, boundary: int) -> tuple[Machine, list[int], int]:
    """A driver's dma_pool of `size`-byte descriptors that must not cross `boundary`: take every
    block of the first chunk, check none crosses, give them back, destroy the pool. Returns the
    machine, the blocks and the chunk base."""
    m = Machine()
    dev = Device(m, "ehci")
    pool = dma_pool_create("desc", dev, size, 0, boundary)
    first = pool.alloc(GFP_KERNEL)
    assert first is not None
    blocks = [first[0]]
    while len(pool.chunks) == 1:
        got = pool.alloc(GFP_KERNEL)
        assert got is not None
        blocks.append(got[0])
    extra = blocks.pop()  # the first block of the second chunk
    base = pool.chunks[0]
    for a in blocks:
        assert a // boundary == (a + size - 1) // boundary, f"block {a:#x} crosses {boundary}"
    for a in blocks + [extra]:
        pool.free(a, a)
    pool.destroy()
    finish(m, dev)
    return m, blocks, base
