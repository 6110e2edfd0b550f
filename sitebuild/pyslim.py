"""Python source without comments and docstrings, every line where it was.

The standard library the site ships (:mod:`sitebuild.stdlib`) is source
that Pyodide compiles on import; its comments and docstrings are a third of
its bytes and never run. :func:`slim` drops them:

- a comment goes (the line stays, empty if it held only the comment);
- a statement that is only a plain string literal (a module's, class's or
  function's docstring, or a bare string elsewhere, which does nothing)
  becomes ``""`` followed by as many line breaks as the literal spanned, so
  every later line keeps its number and a traceback still points at the
  right line of the right code; ``__doc__`` becomes ``""`` (code that reads
  docstrings must also work under ``python -OO``, where it is ``None``);
- trailing blanks go.

Nothing else changes: the code's syntax tree is the same but for the
docstrings' text (``tests/unit/test_stdlib.py`` compares the trees in real
Pyodide, whose Python is newer than the build's). Only the tokenizer of the
build's Python is used; a file it cannot read, or with an f-string or
t-string a newer Python may tokenize differently, is returned unchanged.

>>> print(slim('\"\"\"Doc.\\n\\nMore.\\n\"\"\"\\nimport os  # why\\n\\ndef f():\\n    \\'\\'\\'Doc.\\'\\'\\'\\n    return 1\\n'), end="")
""
<BLANKLINE>
<BLANKLINE>
<BLANKLINE>
import os
<BLANKLINE>
def f():
    ""
    return 1
>>> slim('x = "# not a comment"  # a comment\\n')
'x = "# not a comment"\\n'
>>> slim('b"bytes"\\nx = ("a"\\n     "b")\\n')
'b"bytes"\\nx = ("a"\\n     "b")\\n'
>>> slim('x = f"{a}"  # f-strings are fine\\n')
'x = f"{a}"\\n'
>>> src = 'x = f"{a["k"]}"  # a newer Python reads this line otherwise\\n'
>>> slim(src) == src
True
"""

from __future__ import annotations

import io
import tokenize

_SKIP = frozenset({tokenize.NL, tokenize.COMMENT, tokenize.ENCODING})
_STATEMENT_START = frozenset({tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT})
_PLAIN_PREFIXES = frozenset({"", "r", "u"})


def _prefix(token: str) -> str:
    return token[: len(token) - len(token.lstrip("rRbBuUfFtT"))].lower()


def _balanced(token: str) -> bool:
    """Whether an f-string token's replacement fields all close.

    >>> _balanced('f"{a[1]:{w}} {{x}}"'), _balanced('f"{a["')
    (True, False)
    """
    depth, i = 0, 0
    while i < len(token):
        pair = token[i:i + 2]
        if depth == 0 and pair in ("{{", "}}"):
            i += 2
            continue
        depth += {"{": 1, "}": -1}.get(token[i], 0)
        if depth < 0:
            return False
        i += 1
    return depth == 0


def _edits(tokens: list[tokenize.TokenInfo]) -> list[tuple[tuple[int, int], tuple[int, int], str]]:
    """(start, end, replacement) of every comment and string-only statement."""
    edits = [(t.start, t.end, "") for t in tokens if t.type == tokenize.COMMENT]
    code = [t for t in tokens if t.type not in _SKIP]
    k = 0
    while k < len(code):
        starts_statement = k == 0 or code[k - 1].type in _STATEMENT_START
        if code[k].type != tokenize.STRING or not starts_statement:
            k += 1
            continue
        end = k
        while end < len(code) and code[end].type == tokenize.STRING:
            end += 1
        plain = all(_prefix(t.string) in _PLAIN_PREFIXES for t in code[k:end])
        alone = end == len(code) or code[end].type in (tokenize.NEWLINE, tokenize.ENDMARKER)
        if plain and alone:
            first, last = code[k], code[end - 1]
            edits.append((first.start, last.end, '""' + "\n" * (last.end[0] - first.start[0])))
        k = end
    return edits


def slim(source: str) -> str:
    """``source`` without comments and docstrings, lines kept (see the module's docstring)."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError):
        return source
    if any(t.type == tokenize.ERRORTOKEN for t in tokens):
        return source
    if not all(_balanced(t.string) for t in tokens if t.type == tokenize.STRING and "f" in _prefix(t.string)):
        # Before 3.12 an f-string is one token; from 3.12 its braces may hold
        # the same quotes and '#', which this tokenizer misreads as the
        # string's end (its braces then do not close) and a comment. Such a
        # file is shipped as it is.
        return source
    lines = source.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    text = source
    for (row, col), (end_row, end_col), replacement in sorted(_edits(tokens), reverse=True):
        text = text[: offsets[row - 1] + col] + replacement + text[offsets[end_row - 1] + end_col:]
    return "".join(line.rstrip() + "\n" for line in text.splitlines())
