"""Build the ``wizard`` package into a wheel, cached by the sources' hash.

The package is pure Python, so the standard tools build it (``pip wheel``
with the pinned setuptools, no build isolation: nothing is fetched). The
sources are copied to a scratch directory first so that no ``build/`` or
``*.egg-info`` is left in the tree and no stale file can leak in.

Only what the browser runs goes in: :data:`ENTRY` and every ``wizard``
module it imports (at any depth, also inside functions), and the data files
those modules name. The CPython-only tools (render, flow lint, the vendor
schema check, the CLI and its commands, the flows' YAML, the JSON schemas)
stay out: the worker never imports them (tests/test_parity.py runs every
message type in Pyodide with this wheel).

The modules go in without comments and docstrings (:mod:`sitebuild.pyslim`,
lines kept, so a traceback points at the right line; nothing at run time
reads a docstring), and the wheel is stored, not deflated, so that the
site's brotli copy compresses across its files: 58 kB → 33 kB on the wire.

>>> sorted(runtime_modules())[:3]
['wizard/__init__.py', 'wizard/api.py', 'wizard/cards.py']
>>> "wizard/render.py" in runtime_modules() or "wizard/cli.py" in runtime_modules()
False
"""

from __future__ import annotations

import ast
import hashlib
import io
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from sitebuild import pyslim

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache" / "wheels"
_SOURCES = ("pyproject.toml",)
_PACKAGE = "wizard"
ENTRY = "wizard.api"  # what wizard/web/worker.mjs imports


def _module_path(name: str) -> Path | None:
    base = ROOT / name.replace(".", "/")
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return path
    return None


def _imports(path: Path) -> set[str]:
    """``wizard`` modules ``path`` imports anywhere in its code."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == _PACKAGE)
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == _PACKAGE:
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names if _module_path(f"{node.module}.{a.name}"))
    return found


def runtime_modules() -> set[str]:
    """Package-relative ``wizard/...py`` paths of :data:`ENTRY` and all it imports."""
    seen: set[str] = set()
    todo = [ENTRY]
    while todo:
        name = todo.pop()
        parts = name.split(".")
        for depth in range(1, len(parts) + 1):  # a module's packages are imported too
            parent = ".".join(parts[:depth])
            path = _module_path(parent)
            if path is not None and parent not in seen:
                seen.add(parent)
                todo.extend(_imports(path))
    return {_module_path(name).relative_to(ROOT).as_posix() for name in seen}


def _package_files() -> list[Path]:
    modules = runtime_modules()
    code = "".join((ROOT / rel).read_text("utf-8") for rel in sorted(modules))
    data = [p for p in sorted((ROOT / _PACKAGE / "data").glob("*.json")) if p.name in code]
    return [ROOT / name for name in _SOURCES] + [ROOT / rel for rel in sorted(modules)] + data


def source_hash() -> str:
    """SHA-256 over the package's file names and contents and how they are packed (first 16 hex)."""
    digest = hashlib.sha256()
    for recipe in (Path(__file__), Path(pyslim.__file__)):
        digest.update(recipe.read_bytes())
    for path in _package_files():
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def build_wheel() -> Path:
    """Path of the wheel for the current sources, building it if needed."""
    key = source_hash()
    out = CACHE / key
    wheels = sorted(out.glob("*.whl")) if out.is_dir() else []
    if wheels:
        return wheels[0]
    with tempfile.TemporaryDirectory(prefix="kg-wheel-") as scratch:
        src = Path(scratch) / "src"
        for path in _package_files():
            dest = src / path.relative_to(ROOT)
            dest.parent.mkdir(parents=True, exist_ok=True)
            if path.suffix == ".py":
                dest.write_text(pyslim.slim(path.read_text("utf-8")), "utf-8")
            else:
                shutil.copy2(path, dest)
        tmp_out = Path(scratch) / "out"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "wheel",
                "--no-deps",
                "--no-build-isolation",
                "--disable-pip-version-check",
                "-q",
                "-w",
                str(tmp_out),
                str(src),
            ],
            check=True,
        )
        built = next(tmp_out.glob("*.whl"))
        out.mkdir(parents=True, exist_ok=True)
        final = out / built.name
        scratch_final = out / f"{built.name}.tmp"
        scratch_final.write_bytes(stored(built.read_bytes()))
        scratch_final.replace(final)
    return final


def stored(wheel: bytes) -> bytes:
    """The same wheel with every entry stored (its RECORD hashes the contents, not the packing).

    >>> import io
    >>> buffer = io.BytesIO()
    >>> with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
    ...     z.writestr("a.py", "x = 1\\n" * 100)
    >>> packed = zipfile.ZipFile(io.BytesIO(stored(buffer.getvalue())))
    >>> [(i.filename, i.compress_type == zipfile.ZIP_STORED) for i in packed.infolist()], packed.read("a.py")[:6]
    ([('a.py', True)], b'x = 1\\n')
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(wheel)) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as out:
        for info in source.infolist():
            copy = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            copy.external_attr = info.external_attr
            out.writestr(copy, source.read(info), zipfile.ZIP_STORED)
    return buffer.getvalue()


if __name__ == "__main__":
    print(build_wheel())
