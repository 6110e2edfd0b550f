"""Build the ``wizard`` package into a wheel, cached by the sources' hash.

The package is pure Python, so the standard tools build it (``pip wheel``
with the pinned setuptools, no build isolation: nothing is fetched). The
sources are copied to a scratch directory first so that no ``build/`` or
``*.egg-info`` is left in the tree and no stale file can leak in.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache" / "wheels"
_SOURCES = ("pyproject.toml",)
_PACKAGE = "wizard"
_SKIP = {"__pycache__", "web"}


def _package_files() -> list[Path]:
    files = [ROOT / name for name in _SOURCES]
    for path in sorted((ROOT / _PACKAGE).rglob("*")):
        rel = path.relative_to(ROOT / _PACKAGE)
        if path.is_file() and not _SKIP.intersection(rel.parts) and path.suffix != ".pyc":
            files.append(path)
    return files


def source_hash() -> str:
    """SHA-256 over the package's file names and contents (first 16 hex)."""
    digest = hashlib.sha256()
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
        shutil.copy2(built, final)
    return final


if __name__ == "__main__":
    print(build_wheel())
