"""The worked example's claims about its glue (docs/bring-your-own-engine.md): under 100 lines
of code, and no private attribute (``_x``) of any object."""

import ast
from pathlib import Path

GLUE = Path(__file__).with_name("stream_dma_adapter.py")


def code_lines(path: Path) -> int:
    """Non-blank lines that are neither comments nor docstrings."""
    src = path.read_text()
    docs: set[int] = set()
    for node in ast.walk(ast.parse(src)):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) \
                    and isinstance(first.value.value, str):
                docs.update(range(first.lineno, first.end_lineno + 1))
    return sum(1 for i, line in enumerate(src.splitlines(), 1)
               if line.strip() and not line.strip().startswith("#") and i not in docs)


def test_glue_is_small():
    n = code_lines(GLUE)
    assert n < 100, f"{GLUE.name}: {n} lines of code, the example promises well under 100"


def test_glue_uses_no_private_attribute():
    private = [f"line {node.lineno}: .{node.attr}" for node in ast.walk(ast.parse(GLUE.read_text()))
               if isinstance(node, ast.Attribute) and node.attr.startswith("_")
               and not node.attr.startswith("__")]
    assert not private, f"{GLUE.name} uses private attributes: {private}"
