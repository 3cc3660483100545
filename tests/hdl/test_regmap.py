"""The register map has one source (regmap/*.rdl): every generated file is current, the Python
constants agree with the RDL, the Verilog localparams compile, and bad sources are refused by name."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from bench.engines import dma_engine_regs as regs
from tools import regmap

ROOT = Path(__file__).resolve().parents[2]
TOOL = ROOT / "tools" / "regmap.py"

DMA_RDL = ROOT / "regmap" / "dma_engine.rdl"


def run_tool(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(TOOL), *args], capture_output=True, text=True,
                          timeout=120)


def copy_checkout(dest: Path) -> Path:
    """A minimal checkout in dest: regmap/ plus every file the generator reads or writes."""
    shutil.copytree(ROOT / "regmap", dest / "regmap")
    for rel in regmap.outputs(ROOT):
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / rel, dest / rel)
    return dest


def test_generated_files_are_current(tmp_path: Path) -> None:
    out = tmp_path / "out"
    res = run_tool("--out", str(out))
    assert res.returncode == 0, res.stderr
    generated = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert "hdl/dma_engine_regs.vh" in generated and "bench/engines/dma_engine_regs.py" in generated
    stale = [rel for rel in generated
             if not (ROOT / rel).exists() or (ROOT / rel).read_text() != (out / rel).read_text()]
    assert not stale, f"stale generated files (run `python tools/regmap.py`): {stale}"


def test_check_names_a_stale_file(tmp_path: Path) -> None:
    root = copy_checkout(tmp_path)
    assert run_tool("--check", "--root", str(root)).returncode == 0
    vh = root / "hdl" / "dma_engine_regs.vh"
    vh.write_text(vh.read_text().replace("32'h444D4131", "32'h444D4132"))
    res = run_tool("--check", "--root", str(root))
    assert res.returncode == 1 and "stale: hdl/dma_engine_regs.vh" in res.stderr


def test_an_rdl_change_makes_every_output_stale(tmp_path: Path) -> None:
    root = copy_checkout(tmp_path)
    rdl = root / "regmap" / "dma_engine.rdl"
    rdl.write_text(rdl.read_text().replace("} BYTES_DONE @ 0x2C;", "} BYTES_DONE @ 0x38;"))
    res = run_tool("--check", "--root", str(root))
    assert res.returncode == 1
    for rel in ("hdl/dma_engine_regs.vh", "hdl/dma_engine.v", "bench/engines/dma_engine_regs.py",
                "include/maskdma/dma_engine_regs.h", "docs/dma-engine.md",
                "docs/dma-engine-registers.md"):
        assert f"stale: {rel}" in res.stderr
    assert run_tool("--root", str(root)).returncode == 0
    assert "BYTES_DONE = 0x38" in (root / "bench/engines/dma_engine_regs.py").read_text()
    assert run_tool("--check", "--root", str(root)).returncode == 0


@pytest.mark.parametrize("source, message", [
    ("addrmap other { reg { field {} F[31:0]; } R @ 0; };", "defines no addrmap named 'blk'"),
    ("addrmap blk { reg { field {} F[31:0]; } R @ 0; };\n"
     "addrmap blk_desc { reg { field {} F[31:0]; } R @ 0; };", "must set const_prefix and struct_align"),
    ("addrmap blk { reg { field {} F[31:0]; } R @ 0; ", "SystemRDL compile failed"),
    ("enum e { A = 4'd0; };\naddrmap blk { reg { field {encode = e;} E_A[3:0]; field {} A[8:8]; } E @ 0; };",
     "both named E_A"),
])
def test_bad_source_is_refused_by_name(tmp_path: Path, source: str, message: str) -> None:
    (tmp_path / "regmap").mkdir()
    (tmp_path / "regmap" / "blk.rdl").write_text(source + "\n")
    res = run_tool("--check", "--root", str(tmp_path))
    assert res.returncode == 2, res.stderr
    assert "blk.rdl" in res.stderr and message in res.stderr
    assert not (tmp_path / "hdl").exists()


def test_python_constants_agree_with_the_rdl() -> None:
    block = regmap.load_block(DMA_RDL)
    assert regs.REGISTERS == {r.name: r.offset for r in block.registers}
    for r in block.registers:
        assert getattr(regs, r.name) == r.offset
    assert regs.READ_ONLY == {r.name for r in block.registers if r.read_only}
    assert regs.READ_ONLY == {"ID", "CAPS", "BYTES_DONE", "ERR_ADDR_LO", "ERR_ADDR_HI"}
    status = next(r for r in block.registers if r.name == "STATUS")
    code = next(f for f in status.fields if f.name == "ERR_CODE")
    assert regs.ERR_NAMES == {m.value: m.name for m in code.enum.members}


def test_contract_spot_values() -> None:
    assert (regs.ID, regs.CAPS, regs.CTRL, regs.STATUS) == (0x00, 0x04, 0x08, 0x0C)
    assert (regs.SRC_LO, regs.DST_HI, regs.LEN, regs.DESC_HI) == (0x10, 0x1C, 0x20, 0x28)
    assert (regs.BYTES_DONE, regs.ERR_ADDR_LO, regs.ERR_ADDR_HI) == (0x2C, 0x30, 0x34)
    assert regs.ID_VALUE == 0x444D4131
    assert (regs.CTRL_START, regs.CTRL_IRQ_EN, regs.CTRL_SG, regs.CTRL_ABORT) == (1, 2, 4, 8)
    assert (regs.STATUS_BUSY, regs.STATUS_DONE, regs.STATUS_ERR, regs.STATUS_DESC_IRQ) == (1, 2, 4, 8)
    assert (regs.STATUS_ERR_CODE_SHIFT, regs.STATUS_ERR_CODE_MASK) == (4, 0xF)
    assert regs.STATUS_W1C == regs.STATUS_DONE | regs.STATUS_ERR | regs.STATUS_DESC_IRQ
    caps = (40 << regs.CAPS_ADDR_WIDTH_SHIFT | 3 << regs.CAPS_DATA_BYTES_LOG2_SHIFT
            | 256 << regs.CAPS_MAX_BURST_LEN_SHIFT | 1 << regs.CAPS_LEGACY_SHIFT)
    assert caps == 0x8100_0328
    assert (caps >> regs.CAPS_MAX_BURST_LEN_SHIFT) & regs.CAPS_MAX_BURST_LEN_MASK == 256
    assert (regs.CAPS_ADDR_WIDTH_MASK, regs.CAPS_DATA_BYTES_LOG2_MASK) == (0xFF, 0xF)
    assert regs.ERR_NAMES == {0: "NONE", 1: "ADDR_RANGE", 2: "BUS", 3: "LEN_ZERO", 4: "DESC",
                              5: "ABORTED"}
    assert [regs.ERR_NONE, regs.ERR_ADDR_RANGE, regs.ERR_BUS, regs.ERR_LEN_ZERO, regs.ERR_DESC,
            regs.ERR_ABORTED] == [0, 1, 2, 3, 4, 5]


def test_descriptor_layout() -> None:
    assert regs.DESC_STRUCT == "<QQIIQ"
    assert struct.calcsize(regs.DESC_STRUCT) == regs.DESC_SIZE == regs.DESC_ALIGN == 32
    raw = struct.pack(regs.DESC_STRUCT, 0x1111_2222_3333_4444, 0x5555_6666_7777_8888, 0x9999,
                      regs.DESC_FLAG_IRQ | regs.DESC_FLAG_LAST, 0xAAAA_BBBB_CCCC_DDE0)
    assert int.from_bytes(raw[regs.DESC_SRC:regs.DESC_SRC + 8], "little") == 0x1111_2222_3333_4444
    assert int.from_bytes(raw[regs.DESC_DST:regs.DESC_DST + 8], "little") == 0x5555_6666_7777_8888
    assert int.from_bytes(raw[regs.DESC_LEN:regs.DESC_LEN + 4], "little") == 0x9999
    assert int.from_bytes(raw[regs.DESC_FLAGS:regs.DESC_FLAGS + 4], "little") == 0b11
    assert int.from_bytes(raw[regs.DESC_NEXT:regs.DESC_NEXT + 8], "little") == 0xAAAA_BBBB_CCCC_DDE0
    assert (regs.DESC_FLAG_IRQ, regs.DESC_FLAG_LAST) == (1, 2)


def verilog_localparams(text: str) -> dict[str, int]:
    out = {}
    for name, value in re.findall(r"^localparam (?:\[\d+:0\] |integer )(\w+) = ([^;]+);", text, re.M):
        sized = re.fullmatch(r"\d+'h([0-9A-F]+)", value)
        out[name] = int(sized.group(1), 16) if sized else int(value)
    return out


def test_verilog_localparams_agree_with_python() -> None:
    vh = verilog_localparams((ROOT / "hdl" / "dma_engine_regs.vh").read_text())
    for name, offset in regs.REGISTERS.items():
        assert vh[f"{name}_OFFSET"] == offset and vh[f"{name}_IDX"] * 4 == offset
    assert vh["REG_LAST_IDX"] == 13 and vh["ID_VALUE"] == regs.ID_VALUE
    assert vh["CTRL_ABORT_BIT"] == 3 and vh["STATUS_ERR_CODE_LSB"] == regs.STATUS_ERR_CODE_SHIFT
    assert vh["CAPS_MAX_BURST_LEN_MSB"] == 24 and vh["CAPS_LEGACY_BIT"] == regs.CAPS_LEGACY_SHIFT
    assert vh["ERR_ABORTED"] == regs.ERR_ABORTED and vh["DESC_NEXT"] == regs.DESC_NEXT
    assert vh["DESC_FLAG_LAST_BIT"] == 1 and vh["DESC_SIZE"] == 32


def test_engine_uses_the_generated_block() -> None:
    """hdl/dma_engine.v carries the .vh text in its regmap block and no bare register index."""
    text = (ROOT / "hdl" / "dma_engine.v").read_text()
    block = text.split("// regmap:dma_engine begin\n")[1].split("// regmap:dma_engine end\n")[0]
    assert block == (ROOT / "hdl" / "dma_engine_regs.vh").read_text()
    body = text.replace(block, "")
    assert not re.search(r"(?<![0-9])6'd[0-9]+", body), "bare register index in hdl/dma_engine.v"
    assert "32'h444D4131" not in body
    assert body.count("err_next      = 1'b1;") == 1, "one failure path ends a job in ERR"


def test_header_lints_inside_a_module(tmp_path: Path) -> None:
    """hdl/<name>_regs.vh included in an empty module: verilator -Wall has nothing to say."""
    for vh in sorted((ROOT / "hdl").glob("*_regs.vh")):
        top = tmp_path / "regs_top.v"
        top.write_text("`default_nettype none\nmodule regs_top (input wire a, output wire b);\n"
                       f'`include "{vh.name}"\nassign b = a;\nendmodule\n`default_nettype wire\n')
        res = subprocess.run(["verilator", "--lint-only", "-Wall", f"-I{ROOT / 'hdl'}", str(top)],
                             capture_output=True, text=True, timeout=120)
        assert res.returncode == 0 and not res.stderr, f"{vh.name}:\n{res.stderr}"
