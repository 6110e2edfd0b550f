"""Compiled Jinja templates kept between builds (``.cache/jinja/``).

MkDocs compiles the theme's templates again in every build, and
mkdocs-static-i18n builds each language with an environment of its own: a
build of the demo compiled templates 176 times, about a sixth of its time
(cProfile). Jinja's own bytecode cache keeps each compiled template in a file
named after the template and checks it against the template's source, Jinja's
version and Python's, so an edited template is compiled again; files are
written atomically, so parallel builds (the test suite) can share the folder.

>>> import tempfile
>>> from jinja2 import DictLoader, Environment
>>> folder = Path(tempfile.mkdtemp())
>>> env = use(Environment(loader=DictLoader({"a.html": "{{ 6 * 7 }}"})), folder)
>>> env.get_template("a.html").render(), len(list(folder.iterdir()))
('42', 1)
>>> again = use(Environment(loader=DictLoader({"a.html": "{{ 6 * 7 }}!"})), folder)
>>> again.get_template("a.html").render()  # the source changed: compiled anew
'42!'
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemBytecodeCache

CACHE = Path(__file__).resolve().parent.parent / ".cache" / "jinja"


def use(env: Environment, folder: Path = CACHE) -> Environment:
    """``env`` with its compiled templates kept in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    env.bytecode_cache = FileSystemBytecodeCache(str(folder))
    return env
