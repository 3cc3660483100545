#!/usr/bin/env python3
"""Generate every register-map artefact from the SystemRDL sources in regmap/.

For each ``regmap/<name>.rdl`` (compiled with systemrdl-compiler) this writes:

* ``hdl/<name>_regs.vh``              Verilog-2005 localparams for the body of ``module <name>``;
  when ``hdl/<name>.v`` has a ``// regmap:<name> begin`` / ``// regmap:<name> end`` pair, the
  same text is also written between them, so that the module compiles without an include path
* ``bench/engines/<name>_regs.py``    Python constants for drivers, benches and tests
* ``include/maskdma/<name>_regs.h``   C header (PeakRDL-cheader plus offsets, enums, layouts)
* ``docs/<name-with-dashes>-registers.md``  field-level reference (PeakRDL-markdown)
* the tables between ``<!-- regmap:<table> begin/end -->`` markers in
  ``docs/<name-with-dashes>.md`` (the block's datasheet), when that file exists.

The file's addrmap named ``<name>`` is the register block; every other root addrmap in the file
is an in-memory structure (e.g. a DMA descriptor) and must set ``struct_align`` and
``const_prefix``. Usage: ``python tools/regmap.py`` regenerates; ``--check`` writes nothing and
exits 1 naming each stale file; ``--out DIR`` writes the outputs under DIR instead of the
repository (the datasheet prose and marked modules are still read from the repository);
``--root DIR`` reads another checkout. A source it cannot use exits 2 with the reason.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from peakrdl_cheader.exporter import CHeaderExporter
from peakrdl_markdown.exporter import MarkdownExporter
from systemrdl import RDLCompileError, RDLCompiler
from systemrdl.component import Addrmap
from systemrdl.node import AddrmapNode, FieldNode, RegNode

ROOT = Path(__file__).resolve().parent.parent
REGMAP_DIR = "regmap"
GENERATOR = "tools/regmap.py"
TABLES = ("registers", "fields", "errors", "struct")  # marker names usable in a datasheet


class RegmapError(Exception):
    """An RDL source that this generator cannot turn into the project's outputs."""


# ---------------------------------------------------------------------------------------------
# The register model the renderers work on (plain data, extracted from the elaborated RDL)
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class EnumMember:
    name: str
    value: int
    desc: str


@dataclass(frozen=True)
class EnumType:
    """An RDL enum used as a field's ``encode``; its constants are ``<NAME>_<MEMBER>``."""

    name: str          # upper case: the constant prefix ("ERR")
    width: int         # bits of the field that carries it
    members: tuple[EnumMember, ...]


@dataclass(frozen=True)
class Field:
    name: str
    lsb: int
    msb: int
    sw: str              # "r", "rw", "w"
    hw: str              # "na" for a constant, else how the hardware drives or reads it
    onwrite: str | None  # "woclr", ...
    singlepulse: bool
    reset: int | None
    desc: str
    enum: EnumType | None

    @property
    def width(self) -> int:
        return self.msb - self.lsb + 1

    @property
    def writable(self) -> bool:
        return "w" in self.sw

    @property
    def bits(self) -> str:
        return f"[{self.msb}]" if self.width == 1 else f"[{self.msb}:{self.lsb}]"


@dataclass(frozen=True)
class Register:
    name: str
    offset: int
    width: int           # bits
    desc: str
    fields: tuple[Field, ...]
    field_prefix: str    # name used in the fields' constants

    @property
    def read_only(self) -> bool:
        return not any(f.writable for f in self.fields)

    @property
    def whole(self) -> Field | None:
        """The single field spanning the whole register, if that is the register's layout."""
        if len(self.fields) == 1 and self.fields[0].width == self.width:
            return self.fields[0]
        return None

    @property
    def constant(self) -> Field | None:
        """The whole-register read-only field with a fixed reset value (an ID register)."""
        f = self.whole
        if f is not None and not f.writable and f.hw == "na" and f.reset is not None:
            return f
        return None

    @property
    def w1c_mask(self) -> int:
        return sum(((1 << f.width) - 1) << f.lsb for f in self.fields if f.onwrite == "woclr")

    @property
    def access(self) -> str:
        if self.read_only:
            return "RO"
        w1c = [f for f in self.fields if f.onwrite == "woclr"]
        if w1c and all(f.onwrite == "woclr" or not f.writable for f in self.fields):
            return "RO, W1C on " + ",".join(f.bits for f in w1c)
        return "RW"


@dataclass(frozen=True)
class Struct:
    """An in-memory structure (little-endian, packed): constants ``<prefix>_<FIELD>``."""

    rdl_name: str
    prefix: str
    desc: str
    align: int
    registers: tuple[Register, ...]

    @property
    def size(self) -> int:
        end = self.registers[-1]
        return end.offset + end.width // 8

    @property
    def struct_format(self) -> str:
        codes = {8: "B", 16: "H", 32: "I", 64: "Q"}
        return "<" + "".join(codes[r.width] for r in self.registers)


@dataclass(frozen=True)
class Block:
    name: str            # file stem == register addrmap name
    source: str          # repository-relative path of the .rdl
    desc: str
    size: int            # bytes spanned by the register map
    registers: tuple[Register, ...]
    enums: tuple[EnumType, ...]
    structs: tuple[Struct, ...]
    register_node: AddrmapNode
    struct_nodes: tuple[AddrmapNode, ...]

    @property
    def doc_stem(self) -> str:
        return self.name.replace("_", "-")


def _field(node: FieldNode, enums: dict[str, EnumType]) -> Field:
    enc = node.get_property("encode")
    enum = None
    if enc is not None:
        name = enc.type_name.upper()
        members = tuple(EnumMember(m.name, m.value, m.rdl_desc or "") for m in enc)
        enum = EnumType(name, node.width, members)
        if name in enums and enums[name] != enum:
            raise RegmapError(f"{node.get_path()}: enum {name} used with two different widths")
        enums[name] = enum
    onwrite = node.get_property("onwrite")
    sw = node.get_property("sw").name
    return Field(node.inst_name, node.lsb, node.msb, sw, node.get_property("hw").name,
                 onwrite.name if onwrite else None,
                 bool(node.get_property("singlepulse")), node.get_property("reset"),
                 (node.get_property("desc") or "").strip(), enum)


def _register(node: RegNode, enums: dict[str, EnumType], prefix: str) -> Register:
    fields = tuple(sorted((_field(f, enums) for f in node.fields()), key=lambda f: f.lsb))
    fp = node.get_property("field_prefix", default=None) or node.inst_name
    return Register(node.inst_name, node.address_offset, node.get_property("regwidth"),
                    (node.get_property("desc") or "").strip(), fields,
                    f"{prefix}_{fp}" if prefix else fp)


def _registers(top: AddrmapNode, enums: dict[str, EnumType], prefix: str) -> tuple[Register, ...]:
    regs = []
    for child in top.children():
        if not isinstance(child, RegNode) or child.is_array:
            raise RegmapError(f"{child.get_path()}: only plain registers are supported in an "
                              f"addrmap (no arrays, regfiles or nested maps)")
        regs.append(_register(child, enums, prefix))
    regs.sort(key=lambda r: r.offset)
    return tuple(regs)


def load_block(rdl: Path, root: Path = ROOT) -> Block:
    """Compile and elaborate one ``regmap/<name>.rdl`` into a Block."""
    name = rdl.stem
    compiler = RDLCompiler()
    try:
        compiler.compile_file(str(rdl))
        addrmaps = [k for k, v in compiler.root.comp_defs.items() if isinstance(v, Addrmap)]
        if name not in addrmaps:
            raise RegmapError(f"{rdl}: defines no addrmap named {name!r} (the file's stem); "
                              f"found {addrmaps}")
        enums: dict[str, EnumType] = {}
        top = compiler.elaborate(name).top
        registers = _registers(top, enums, "")
        for r in registers:
            if r.width != 32:
                raise RegmapError(f"{rdl}: register {r.name} is {r.width} bits; registers are 32")
        structs, struct_nodes = [], []
        for other in addrmaps:
            if other == name:
                continue
            node = compiler.elaborate(other).top
            prefix = node.get_property("const_prefix", default=None)
            align = node.get_property("struct_align", default=None)
            if not prefix or not align:
                raise RegmapError(f"{rdl}: addrmap {other!r} is not the register block "
                                  f"{name!r}, so it must set const_prefix and struct_align")
            regs = _registers(node, enums, prefix)
            expect = 0
            for r in regs:
                if r.offset != expect:
                    raise RegmapError(f"{rdl}: {other}.{r.name} at offset {r.offset:#x}, "
                                      f"expected {expect:#x} (structures are packed)")
                expect += r.width // 8
            structs.append(Struct(other, prefix, (node.get_property("desc") or "").strip(),
                                  align, regs))
            struct_nodes.append(node)
    except RDLCompileError as exc:
        raise RegmapError(f"{rdl}: SystemRDL compile failed ({exc})") from exc
    return Block(name, rdl.resolve().relative_to(root.resolve()).as_posix(),
                 (top.get_property("desc") or "").strip(), top.size, registers,
                 tuple(sorted(enums.values(), key=lambda e: e.name)), tuple(structs),
                 top, tuple(struct_nodes))


def _unique(block: Block, text: str, pattern: str, what: str) -> str:
    """text, after checking that the constant names `pattern` finds in it are all different."""
    seen: set[str] = set()
    for name in re.findall(pattern, text, re.M):
        if name in seen:
            raise RegmapError(f"{block.source}: two {what} constants are both named {name}; "
                              f"rename a register, field or enum member")
        seen.add(name)
    return text


def _banner(block: Block) -> str:
    return f"generated by {GENERATOR} from {block.source} — do not edit"


# ---------------------------------------------------------------------------------------------
# Verilog localparams
# ---------------------------------------------------------------------------------------------
def _clog2(value: int) -> int:
    return max(1, (value - 1).bit_length())


def render_verilog(block: Block) -> str:
    """Localparams for ``include``-ing inside ``module <name>``; every one is referenced once by
    the ``unused_<name>_regs`` wire, so Verilator -Wall has no unused-parameter warning."""
    addr_bits = max(8, _clog2(block.size))
    idx_bits = addr_bits - 2
    names: list[str] = []
    out = [f"// {_banner(block)}.",
           f"// Register map of {block.name}: localparams for the body of module {block.name}.",
           ""]

    def lp(name: str, value: int, width: int | None = None, comment: str = "") -> None:
        names.append(name)
        decl = (f"localparam [{width - 1}:0] {name} = {width}'h{value:X};" if width
                else f"localparam integer {name} = {value};")
        out.append(f"{decl:<64}// {comment}" if comment else decl)

    out.append(f"// registers: byte offset (_OFFSET) and 32-bit word index (_IDX)")
    for r in block.registers:
        lp(f"{r.name}_OFFSET", r.offset, addr_bits, f"{r.access}: {r.desc}")
        lp(f"{r.name}_IDX", r.offset // 4, idx_bits)
    lp("REG_LAST_IDX", block.registers[-1].offset // 4, idx_bits, "highest mapped word index")
    out.append("")
    out.append("// fields: bit position (_BIT) or _LSB/_MSB/_WIDTH; constant registers: _VALUE")
    for r in block.registers:
        _verilog_fields(r, lp)
    for e in block.enums:
        out.append("")
        out.append(f"// {e.name} codes")
        for m in e.members:
            lp(f"{e.name}_{m.name}", m.value, e.width, m.desc)
    for s in block.structs:
        out.append("")
        out.append(f"// {s.rdl_name}: {s.desc} Byte offsets; _WIDTH in bits")
        lp(f"{s.prefix}_SIZE", s.size)
        lp(f"{s.prefix}_ALIGN", s.align)
        for r in s.registers:
            lp(f"{s.prefix}_{r.name}", r.offset, comment=r.desc)
            lp(f"{s.prefix}_{r.name}_WIDTH", r.width)
        for r in s.registers:
            _verilog_fields(r, lp)
    out.append("")
    out.append("// every constant above, referenced once (Verilator's unused-regexp matches the name)")
    out.append(f"wire unused_{block.name}_regs = ^{{")
    for i in range(0, len(names), 6):
        chunk = ", ".join(names[i:i + 6])
        out.append(f"    {chunk}{',' if i + 6 < len(names) else ''}")
    out.append("};")
    return _unique(block, "\n".join(out) + "\n", r"^localparam (?:\[\d+:0\] |integer )(\w+)",
                   "Verilog")


def _verilog_fields(r: Register, lp) -> None:
    const = r.constant
    if const is not None:
        lp(f"{r.name}_{const.name}", const.reset, r.width, const.desc)
        return
    if r.whole is not None:
        return
    for f in r.fields:
        base = f"{r.field_prefix}_{f.name}"
        if f.width == 1:
            lp(f"{base}_BIT", f.lsb, comment=f.desc)
        else:
            lp(f"{base}_LSB", f.lsb, comment=f.desc)
            lp(f"{base}_MSB", f.msb)
            lp(f"{base}_WIDTH", f.width)


# ---------------------------------------------------------------------------------------------
# Python constants
# ---------------------------------------------------------------------------------------------
def render_python(block: Block) -> str:
    lines = [f'"""Register map of {block.name} ({_banner(block)}).',
             "",
             "Offsets are byte offsets of 32-bit registers. A one-bit field is a mask ``<REG>_<FIELD>``",
             "plus ``<REG>_<FIELD>_SHIFT``; a wider field has ``_SHIFT`` and ``_MASK``, the mask of its",
             "value after shifting: ``(reg >> X_SHIFT) & X_MASK``. Enum codes are ``<ENUM>_<NAME>``",
             "with ``<ENUM>_NAMES``; in-memory structures have ``<PREFIX>_SIZE``, ``_ALIGN``,",
             "``_STRUCT`` (a ``struct`` format) and a byte offset per member.",
             '"""',
             "",
             "from __future__ import annotations",
             ""]
    lines.append("# registers: byte offsets")
    for r in block.registers:
        lines.append(f"{r.name} = 0x{r.offset:02X}  # {r.access}: {r.desc}")
    lines.append("")
    lines.append("# fields and constant registers")
    for r in block.registers:
        lines.extend(_python_fields(r))
        if r.w1c_mask:
            lines.append(f"{r.name}_W1C = 0x{r.w1c_mask:X}  # bits cleared by writing 1")
    for e in block.enums:
        lines.append("")
        lines.append(f"# {e.name} codes")
        for m in e.members:
            lines.append(f"{e.name}_{m.name} = {m.value}  # {m.desc}")
        items = ", ".join(f'{m.value}: "{m.name}"' for m in e.members)
        lines.append(f"{e.name}_NAMES: dict[int, str] = {{{items}}}")
    for s in block.structs:
        lines.append("")
        lines.append(f"# {s.rdl_name}: {s.desc}")
        lines.append(f"{s.prefix}_SIZE = {s.size}")
        lines.append(f"{s.prefix}_ALIGN = {s.align}")
        lines.append(f'{s.prefix}_STRUCT = "{s.struct_format}"  # ' +
                     ", ".join(f"{r.name.lower()} u{r.width}" for r in s.registers))
        for r in s.registers:
            lines.append(f"{s.prefix}_{r.name} = {r.offset}  # byte offset: {r.desc}")
        for r in s.registers:
            lines.extend(_python_fields(r))
    lines.append("")
    lines.append("# name -> byte offset of every register, and the read-only ones")
    lines.append("REGISTERS: dict[str, int] = {")
    for r in block.registers:
        lines.append(f'    "{r.name}": {r.name},')
    lines.append("}")
    ro = ", ".join(f'"{r.name}"' for r in block.registers if r.read_only)
    lines.append(f"READ_ONLY: frozenset[str] = frozenset({{{ro}}})")
    return _unique(block, "\n".join(lines) + "\n", r"^([A-Z][A-Z0-9_]*)(?::[^=]*)? = ", "Python")


def _python_fields(r: Register) -> list[str]:
    const = r.constant
    if const is not None:
        return [f"{r.name}_{const.name} = 0x{const.reset:08X}  # {const.desc}"]
    if r.whole is not None:
        return []
    out = []
    for f in r.fields:
        base = f"{r.field_prefix}_{f.name}"
        if f.width == 1:
            out.append(f"{base} = 1 << {f.lsb}  # {f.desc}")
            out.append(f"{base}_SHIFT = {f.lsb}")
        else:
            out.append(f"{base}_SHIFT = {f.lsb}  # {f.desc}")
            out.append(f"{base}_MASK = 0x{(1 << f.width) - 1:X}")
    return out


# ---------------------------------------------------------------------------------------------
# C header: PeakRDL-cheader for the register block and each structure, plus offsets and enums
# ---------------------------------------------------------------------------------------------
_CPP_TAIL = "#ifdef __cplusplus\n}\n#endif\n"


def _cheader_body(node: AddrmapNode, filename: str) -> tuple[str, str, str]:
    """(head, body, tail) of PeakRDL-cheader's header for node, split around the definitions."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / filename
        CHeaderExporter().export(node, str(path))
        text = path.read_text()
    start = text.index("#include <assert.h>\n") + len("#include <assert.h>\n")
    end = text.rindex(_CPP_TAIL)
    return text[:start], text[start:end], text[end:]


def render_c(block: Block) -> str:
    filename = f"{block.name}_regs.h"
    head, body, tail = _cheader_body(block.register_node, filename)
    up = block.name.upper()
    extra = ["", f"// register byte offsets ({up}__<REG>_OFFSET)"]
    for r in block.registers:
        extra.append(f"#define {up}__{r.name}_OFFSET 0x{r.offset:02x}")
    for e in block.enums:
        extra.append("")
        extra.append(f"// {e.name} codes")
        for m in e.members:
            extra.append(f"#define {up}__{e.name}_{m.name} {m.value}")
    parts = [f"// {_banner(block)}.\n", head, body, "\n".join(extra) + "\n"]
    for s, node in zip(block.structs, block.struct_nodes):
        _, sbody, _ = _cheader_body(node, filename)
        sup = s.rdl_name.upper()
        parts.append(f"\n// {s.rdl_name}: {s.desc}\n")
        parts.append(f"#define {sup}_SIZE {s.size}\n#define {sup}_ALIGN {s.align}\n")
        parts.append(sbody)
    parts.append(tail)
    return "".join(parts)


# ---------------------------------------------------------------------------------------------
# Markdown: field reference (PeakRDL-markdown) and the datasheet's tables
# ---------------------------------------------------------------------------------------------
def render_reference(block: Block) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        parts = [f"<!-- {_banner(block)} -->\n\n"
                 f"# {block.name}: register and field reference\n\n"
                 f"The contract is [{block.doc_stem}.md]({block.doc_stem}.md); this page lists "
                 f"every field as {block.source} defines it.\n\n"]
        for i, node in enumerate((block.register_node,) + block.struct_nodes):
            path = Path(tmp) / f"{i}.md"
            MarkdownExporter().export(node, str(path))
            parts.append(path.read_text().strip() + "\n\n")
        if block.enums:
            parts.append(_errors_table(block) + "\n")
    return "".join(parts).rstrip("\n") + "\n"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _meaning(r: Register) -> str:
    if r.whole is not None:
        return r.desc
    fields = ", ".join(f"{f.bits} {f.desc}" for f in r.fields)
    return f"{r.desc}: {fields}" if r.desc else fields


def _registers_table(block: Block) -> str:
    rows = ["| off | name | access | reset | meaning |", "|---|---|---|---|---|"]
    for r in block.registers:
        resets = [f.reset for f in r.fields]
        reset = ("—" if any(v is None for v in resets)
                 else f"0x{sum(v << f.lsb for v, f in zip(resets, r.fields)):X}")
        rows.append(f"| 0x{r.offset:02X} | {r.name} | {r.access} | {reset} | {_cell(_meaning(r))} |")
    return "\n".join(rows)


def _fields_table(block: Block) -> str:
    rows = ["| register | bits | field | access | meaning |", "|---|---|---|---|---|"]
    for r in block.registers:
        if r.whole is not None:
            continue
        for f in r.fields:
            acc = "RO" if not f.writable else ("W1C" if f.onwrite == "woclr" else
                                                "W, self-clearing" if f.singlepulse else "RW")
            enc = f" (codes: {f.enum.name}_*)" if f.enum else ""
            rows.append(f"| {r.name} | {f.bits} | {f.name} | {acc} | {_cell(f.desc)}{enc} |")
    return "\n".join(rows)


def _errors_table(block: Block) -> str:
    out = []
    for e in block.enums:
        out += [f"| {e.name} code | name | meaning |", "|---|---|---|"]
        out += [f"| {m.value} | {m.name} | {_cell(m.desc)} |" for m in e.members]
    return "\n".join(out)


def _struct_table(block: Block) -> str:
    out = []
    for s in block.structs:
        out += [f"{_cell(s.desc)}", "",
                "| byte off | member | type | meaning |", "|---|---|---|---|"]
        for r in s.registers:
            meaning = r.desc
            if r.whole is None:
                meaning += ": " + ", ".join(f"{f.bits} {f.desc or f.name}" for f in r.fields)
            out.append(f"| {r.offset} | {r.name.lower()} | u{r.width} | {_cell(meaning)} |")
        out.append("")
    return "\n".join(out).rstrip("\n")


def render_hdl_block(block: Block, text: str) -> str:
    """hdl/<name>.v with the localparams written between its regmap marker lines."""
    begin, end = f"// regmap:{block.name} begin\n", f"// regmap:{block.name} end\n"
    if text.count(begin) != 1 or text.count(end) != 1 or text.index(begin) > text.index(end):
        raise RegmapError(f"hdl/{block.name}.v: needs exactly one '{begin.strip()}' line "
                          f"followed by one '{end.strip()}' line")
    head, rest = text.split(begin)
    _, tail = rest.split(end)
    return f"{head}{begin}{render_verilog(block)}{end}{tail}"


_RENDER_TABLE = {"registers": _registers_table, "fields": _fields_table,
                 "errors": _errors_table, "struct": _struct_table}
_MARKER = re.compile(r"(<!-- regmap:(\w+) begin[^>]*-->\n)(.*?)(<!-- regmap:\2 end -->)", re.S)


def render_datasheet(block: Block, text: str) -> str:
    """The datasheet text with every marked table regenerated (prose is left as it is)."""
    def sub(m: re.Match) -> str:
        kind = m.group(2)
        if kind not in _RENDER_TABLE:
            raise RegmapError(f"docs/{block.doc_stem}.md: unknown table marker regmap:{kind} "
                              f"(known: {', '.join(TABLES)})")
        return f"{m.group(1)}{_RENDER_TABLE[kind](block)}\n{m.group(4)}"
    return _MARKER.sub(sub, text)


# ---------------------------------------------------------------------------------------------
# The flow
# ---------------------------------------------------------------------------------------------
def outputs(root: Path = ROOT) -> dict[str, str]:
    """Repository-relative path -> generated text, for every block in regmap/."""
    sources = sorted((root / REGMAP_DIR).glob("*.rdl"))
    if not sources:
        raise RegmapError(f"no *.rdl files in {root / REGMAP_DIR}")
    files: dict[str, str] = {}
    for rdl in sources:
        block = load_block(rdl, root)
        files[f"hdl/{block.name}_regs.vh"] = render_verilog(block)
        module = root / "hdl" / f"{block.name}.v"
        if module.exists() and f"// regmap:{block.name} begin" in module.read_text():
            files[f"hdl/{block.name}.v"] = render_hdl_block(block, module.read_text())
        files[f"bench/engines/{block.name}_regs.py"] = render_python(block)
        files[f"include/maskdma/{block.name}_regs.h"] = render_c(block)
        files[f"docs/{block.doc_stem}-registers.md"] = render_reference(block)
        sheet = root / "docs" / f"{block.doc_stem}.md"
        if sheet.exists():
            files[f"docs/{block.doc_stem}.md"] = render_datasheet(block, sheet.read_text())
    return files


def stale(root: Path = ROOT) -> list[str]:
    """Generated files that are missing or differ from what the RDL gives."""
    bad = []
    for rel, text in outputs(root).items():
        path = root / rel
        if not path.exists() or path.read_text() != text:
            bad.append(rel)
    return bad


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true",
                    help="write nothing; exit 1 naming every stale generated file")
    ap.add_argument("--out", type=Path, help="write the outputs under this directory")
    ap.add_argument("--root", type=Path, default=ROOT,
                    help="repository to read regmap/ and the datasheets from (default: this one)")
    args = ap.parse_args(argv)
    root = args.root.resolve()
    try:
        if args.check:
            bad = stale(root)
            for rel in bad:
                print(f"stale: {rel} (run `python {GENERATOR}`)", file=sys.stderr)
            return 1 if bad else 0
        dest = args.out if args.out else root
        for rel, text in outputs(root).items():
            path = dest / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if not path.exists() or path.read_text() != text:
                path.write_text(text)
                print(f"wrote {rel}")
    except RegmapError as exc:
        print(f"regmap: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
