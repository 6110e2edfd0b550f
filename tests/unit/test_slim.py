"""What the wizard's browser downloads of Python source: slimmed and packed for brotli.

``sitebuild/pyslim.py`` drops comments and docstrings with every line kept;
the stdlib zip (``tests/unit/test_stdlib.py``) and the wheel ship that.
"""

from __future__ import annotations

import io
import zipfile

import brotli

from sitebuild import pyslim
from sitebuild.wheel import build_wheel, runtime_modules
from tests.paths import ROOT


def test_the_wheel_is_stored_and_its_modules_slimmed_line_for_line() -> None:
    wheel = build_wheel()
    packed = zipfile.ZipFile(wheel)
    assert {info.compress_type for info in packed.infolist()} == {zipfile.ZIP_STORED}
    for rel in runtime_modules():
        source = (ROOT / rel).read_text("utf-8")
        shipped = packed.read(rel).decode("utf-8")
        assert shipped == pyslim.slim(source), rel
        assert len(shipped.splitlines()) == len(source.splitlines()), rel
    api = packed.read("wizard/api.py").decode("utf-8")
    assert '"""' not in api
    # Stored, the brotli copy compresses across files: smaller than the deflated wheel itself.
    assert len(brotli.compress(wheel.read_bytes(), quality=11)) < _deflated_size(wheel) * 0.8


def _deflated_size(wheel) -> int:
    buffer = io.BytesIO()
    with zipfile.ZipFile(wheel) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            out.writestr(info.filename, source.read(info))
    return len(buffer.getvalue())


def test_slimmed_code_compiles_to_the_same_code_on_the_same_lines() -> None:
    # The build's Python can compare its own modules exactly (Pyodide's newer
    # stdlib is compared in Pyodide itself, tests/unit/test_stdlib.py).
    import ast
    import types

    def shape(obj):
        if not isinstance(obj, types.CodeType):
            return repr(obj)
        return (obj.co_code, obj.co_names, obj.co_varnames, list(obj.co_lines()),
                [shape(c) for c in obj.co_consts])

    class Blank(ast.NodeTransformer):
        def visit_Expr(self, node):
            if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
                node.value = ast.copy_location(ast.Constant(""), node.value)
            return node

    def code(text: str) -> object:
        return shape(compile(Blank().visit(ast.parse(text)), "m", "exec"))

    for rel in sorted(runtime_modules()):
        source = (ROOT / rel).read_text("utf-8")
        assert code(pyslim.slim(source)) == code(source), rel
