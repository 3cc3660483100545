import pytest

from models import PAGE_SIZE, PhysicalMemory


def test_untouched_reads_zero_and_costs_nothing():
    m = PhysicalMemory(2**64)
    assert m.read(2**64 - 10, 10) == bytes(10)
    assert m.pages_touched == 0


def test_cross_page_roundtrip():
    m = PhysicalMemory(1 << 30)
    data = bytes(range(256)) * 40  # 10240 bytes over 4 pages
    m.write(PAGE_SIZE - 100, data)
    assert m.read(PAGE_SIZE - 100, len(data)) == data
    assert m.read(PAGE_SIZE - 101, 1) == b"\0"
    assert m.pages_touched == 4


def test_single_page_fast_path_and_memoryview():
    m = PhysicalMemory(1 << 20)
    m.write(16, memoryview(b"abcd"))
    assert m.read(16, 4) == b"abcd"
    assert m.read(0, 0) == b""


@pytest.mark.parametrize("addr,n", [(-1, 1), (1 << 20, 1), ((1 << 20) - 1, 2)])
def test_out_of_range_names_address_length_size(addr, n):
    m = PhysicalMemory(1 << 20)
    with pytest.raises(IndexError) as e:
        m.read(addr, n)
    msg = str(e.value)
    assert f"{n} bytes" in msg and f"{addr:#x}" in msg and "0x100000" in msg
    with pytest.raises(IndexError):
        m.write(addr, b"x" * n)
    assert m.pages_touched == 0  # failed write changed nothing


def test_fill_and_zero():
    m = PhysicalMemory(1 << 20)
    m.fill(100, 3 * PAGE_SIZE, 0xAB)
    assert m.read(100, 3 * PAGE_SIZE) == b"\xab" * (3 * PAGE_SIZE)
    assert m.read(99, 1) == b"\0"
    m.zero(0, 1 << 20)
    assert m.read(100, 10) == bytes(10)
    assert m.pages_touched <= 2
    with pytest.raises(ValueError, match="fill value 256"):
        m.fill(0, 1, 256)


def test_copy():
    m = PhysicalMemory(1 << 20)
    m.write(0, b"hello")
    m.copy(8000, 0, 5)
    assert m.read(8000, 5) == b"hello"


@pytest.mark.parametrize("size", [0, -5, 2**64 + 1])
def test_bad_size(size):
    with pytest.raises(ValueError, match="size"):
        PhysicalMemory(size)
