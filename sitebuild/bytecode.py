"""The trimmed standard library as bytecode, compiled by Pyodide's own Python.

Pyodide's Python compiles every stdlib module it imports from source, and
its start imports ~140 of them (asyncio, inspect, typing… for Pyodide
itself): ~1.8 s of compiling in Node on this machine, more in a phone's
browser, all on the wizard's critical path. :func:`compile_zip` does it once
at build time, in Pyodide running under Node (``sitebuild/compile_pyc.mjs``,
whose header says how), and returns a zip of sourceless ``name.pyc``
entries that zipimport loads without compiling. Measured (bench/results.md,
Issue 16 notes): CPU for ``loadPyodide()`` plus the wizard's configure in
Node 3.9 s → 1.6 s (medians); 378 → 736 kB brotli.

The site ships the ``.pyc`` alone: a traceback through the standard library
then names the file, line and function but prints no source line (the
wizard's own frames, from its wheel, keep theirs). Shipping the source too
would cost another 378 kB brotli for text no customer sees.

>>> import io, zipfile
>>> def zip_of(files):
...     out = io.BytesIO()
...     with zipfile.ZipFile(out, "w") as z:
...         for name, data in files.items():
...             z.writestr(name, data)
...     return out.getvalue()
>>> pyc = b"+\\x0e\\r\\n" + UNCHECKED_HASH + bytes(8) + b"code"
>>> check_zip(zip_of({"a.py": b"x = 1", "t.txt": b"t"}), zip_of({"a.pyc": pyc, "t.txt": b"t"}))
>>> check_zip(zip_of({"a.py": b"x = 1"}), zip_of({"a.py": b"x = 1"}))
Traceback (most recent call last):
...
sitebuild.bytecode.BytecodeError: the bytecode zip's entries are not the source's: ['a.py', 'a.pyc']
>>> check_zip(zip_of({"a.py": b"x = 1"}), zip_of({"a.pyc": pyc[:4] + bytes(4) + pyc[8:]}))
Traceback (most recent call last):
...
sitebuild.bytecode.BytecodeError: a.pyc: flags b'\\x00\\x00\\x00\\x00', not an unchecked-hash .pyc
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from wizardtools.paths import PYODIDE_DIR, ROOT

SCRIPT = Path(__file__).resolve().with_name("compile_pyc.mjs")
UNCHECKED_HASH = (1).to_bytes(4, "little")  # hash-based, never checked against a source
# The files that decide what compile_zip writes, besides the source zip.
INPUTS = (SCRIPT, Path(__file__).resolve())
PYODIDE_INPUTS = ("package.json", "pyodide.asm.wasm", "python_stdlib.zip")
TIMEOUT = 300


class BytecodeError(RuntimeError):
    """Node or Pyodide is missing, or Pyodide's Python could not compile the zip."""


def check_zip(source_zip: bytes, pyc_zip: bytes) -> None:
    """Raise :class:`BytecodeError` unless ``pyc_zip`` holds ``name.pyc`` for every
    ``name.py`` of ``source_zip`` (other entries as they are), each an unchecked-hash
    ``.pyc`` with one magic number. Whether the code is the source's is checked
    inside Pyodide (``tests/parity/same_code.mjs``)."""
    with zipfile.ZipFile(io.BytesIO(source_zip)) as source, zipfile.ZipFile(io.BytesIO(pyc_zip)) as out:
        wanted = [n + "c" if n.endswith(".py") else n for n in source.namelist()]
        if out.namelist() != wanted:
            raise BytecodeError(f"the bytecode zip's entries are not the source's: {sorted(set(out.namelist()) ^ set(wanted))}")
        magics = set()
        for name in wanted:
            if name.endswith(".pyc"):
                head = out.read(name)[:16]
                if head[4:8] != UNCHECKED_HASH:
                    raise BytecodeError(f"{name}: flags {head[4:8]!r}, not an unchecked-hash .pyc")
                magics.add(head[:4])
        if len(magics) > 1:
            raise BytecodeError(f"several magic numbers: {sorted(magics)}")


def inputs_digest() -> bytes:
    """SHA-256 over everything :func:`compile_zip` depends on but its argument."""
    digest = hashlib.sha256()
    for path in (*INPUTS, *(PYODIDE_DIR / name for name in PYODIDE_INPUTS)):
        digest.update(hashlib.sha256(path.read_bytes()).digest() if path.is_file() else b"-")
    return digest.digest()


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        raise BytecodeError(
            "node is not on PATH: the build compiles the standard library with Pyodide's "
            "Python under Node (20+); install Node.js, then run `make build`")
    if not (PYODIDE_DIR / "pyodide.mjs").is_file():
        raise BytecodeError(f"{PYODIDE_DIR} is missing: run `make build` (it runs `npm ci`)")
    return node


def compile_zip(source_zip: bytes) -> bytes:
    """A zip of ``.pyc`` for every ``.py`` of ``source_zip`` (other entries as they are),
    compiled by Pyodide's Python in Node; same input, same bytes (~5 s: cache it)."""
    node = _node()
    with tempfile.TemporaryDirectory(prefix="keyguide-pyc-") as scratch:
        source, out = Path(scratch) / "source.zip", Path(scratch) / "out.zip"
        source.write_bytes(source_zip)
        env = {**os.environ, "KEYGUIDE_PYODIDE_DIR": str(PYODIDE_DIR)}
        try:
            done = subprocess.run([node, str(SCRIPT), str(source), str(out)], capture_output=True,
                                  text=True, timeout=TIMEOUT, cwd=ROOT, env=env)
        except subprocess.TimeoutExpired as exc:
            raise BytecodeError(f"{SCRIPT.name} took over {TIMEOUT} s") from exc
        if done.returncode != 0 or not out.is_file():
            raise BytecodeError(f"{SCRIPT.relative_to(ROOT)} failed (exit {done.returncode}):\n"
                                f"{done.stderr[-3000:]}")
        data = out.read_bytes()
    check_zip(source_zip, data)
    return data
