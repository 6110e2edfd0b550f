"""Build the runtime package ``wizard`` into a wheel, cached by the sources' hash.

The package is pure Python, so the standard tools build it (``pip wheel``
with the pinned setuptools, no build isolation: nothing is fetched). The
sources are copied to a scratch directory first so that no ``build/`` or
``*.egg-info`` is left in the tree and no stale file can leak in.

``wizard/`` is the runtime and nothing else: every module in it is one the
worker imports (:data:`ENTRY` and what it imports, at any depth), which
:func:`runtime_modules` finds by reading the imports, and
``tests/unit/test_package_shape.py`` holds the two sets equal. The one
exception is ``__main__.py``, the ``python -m wizard`` door to the tooling
(``wizardtools``), which never goes into the wheel. Data files go in when a
runtime module names them, without their indentation.

The modules go in without comments and docstrings (:mod:`sitebuild.pyslim`,
lines kept, so a traceback points at the right line; nothing at run time
reads a docstring), and the wheel is stored, not deflated, so that the
site's brotli copy compresses across its files (see :func:`stored`).

>>> sorted(runtime_modules())[:3]
['wizard/__init__.py', 'wizard/api.py', 'wizard/cards.py']
>>> [p.name for p in packaged_modules()] == [p.name for p in sorted(map(Path, runtime_modules()))]
True
"""

from __future__ import annotations

import ast
import hashlib
import io
import json
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


def packaged_modules() -> list[Path]:
    """Every module of the runtime package, ``__main__.py`` (the CLI's door) left out."""
    return sorted(p for p in (ROOT / _PACKAGE).glob("*.py") if p.name != "__main__.py")


def _package_files() -> list[Path]:
    modules = packaged_modules()
    code = "".join(path.read_text("utf-8") for path in modules)
    data = [p for p in sorted((ROOT / _PACKAGE / "data").glob("*.json")) if p.name in code]
    return [ROOT / name for name in _SOURCES] + modules + data


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
            elif path.suffix == ".json":  # the same data without the indentation
                data = json.loads(path.read_text("utf-8"))
                dest.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), "utf-8")
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
