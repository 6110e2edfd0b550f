"""Read exported mail: an mbox, ``.eml`` files or a help desk's CSV export.

:func:`read` yields the searchable text of each message (its plain-text and
HTML parts, decoded from quoted-printable or base64 and converted from
HTML); the report keeps only the reference lines found in it. Nothing here
prints or stores a message.

CPython only (``python -m wizard report``): the ``email``, ``mailbox``,
``csv`` and ``html.parser`` imports live inside the functions, so that the
wizard package still imports in the browser, whose standard library is
trimmed to what the wizard uses.

>>> html_text("<p>Hi &amp; bye<br>Ref: KG1 a&gt;b</p><blockquote>Ref: old</blockquote>")
'Hi & bye\\nRef: KG1 a>b\\n'
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

MAIL_SUFFIXES = {".eml": "eml", ".mbox": "mbox", ".mbx": "mbox", ".csv": "csv"}
BODY_NAMES = ("body", "message", "description", "content", "text", "comment", "html")
"""Column names (or parts of them) a help desk gives the message body, in order of preference."""

MARK = "Ref:"


class MailReadError(ValueError):
    """A file that cannot be read as mail: ``path: reason`` (never its content)."""


def read(paths: Iterable[str | os.PathLike[str]], column: str | None = None) -> Iterator[str]:
    """The text of every message in ``paths`` (files or folders, searched recursively).

    A ``.csv`` file is a help-desk export with one message per row (the body
    column is ``column`` or found automatically); ``.mbox``/``.mbx`` or a
    file starting with ``From `` is an mbox; anything else is one message
    (``.eml``).
    """
    for path in _files(paths):
        kind = _kind(path)
        if kind == "csv":
            yield from csv_bodies(path, column)
        elif kind == "mbox":
            yield from mbox_texts(path)
        else:
            yield eml_text(path.read_bytes())


def _files(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
            yield from (p for p in found if p.suffix.lower() in MAIL_SUFFIXES or not p.suffix)
        elif path.is_file():
            yield path
        else:
            raise MailReadError(f"{path}: no such file or folder")


def _kind(path: Path) -> str:
    kind = MAIL_SUFFIXES.get(path.suffix.lower())
    if kind:
        return kind
    with path.open("rb") as handle:
        return "mbox" if handle.read(5) == b"From " else "eml"


# --- one message ----------------------------------------------------------------------


def eml_text(data: bytes) -> str:
    """The text of one RFC 5322 message: every text part, decoded, HTML made text.

    >>> raw = (b"Subject: x\\nContent-Type: text/plain; charset=utf-8\\n"
    ...        b"Content-Transfer-Encoding: quoted-printable\\n\\nRef: KG1 flow=3Dx=\\n y\\n")
    >>> eml_text(raw)
    'Ref: KG1 flow=x y\\n'
    """
    from email.parser import BytesParser

    # The compat32 policy: headers stay raw text (none is read but Content-*),
    # five times faster than the modern policy's header objects on a big mbox.
    message = BytesParser().parsebytes(data)
    return message_text(message)


def message_text(message: Any) -> str:
    """The text parts of an ``email.message.Message`` (attachments skipped)."""
    texts = []
    for part in message.walk():
        if part.is_multipart() or part.get_content_maintype() != "text":
            continue
        if part.get_content_disposition() == "attachment":
            continue
        subtype = part.get_content_subtype()
        if subtype not in ("plain", "html"):
            continue
        text = _decoded(part)
        texts.append(html_text(text) if subtype == "html" else text)
    return "\n".join(texts)


def _decoded(part: Any) -> str:
    """The part's text: transfer encoding (QP, base64) undone, then its charset."""
    payload = part.get_payload(decode=True) or b""
    charset = part.get_content_charset() or "utf-8"
    try:
        return payload.decode(charset, "replace")
    except LookupError:  # a charset Python does not know
        return payload.decode("utf-8", "replace")


def html_text(html: str) -> str:
    """Visible text of an HTML body, line breaks kept; quoted replies dropped."""
    from html.parser import HTMLParser

    breaks = {"br", "p", "div", "tr", "li", "pre", "h1", "h2", "h3", "h4", "table"}
    hidden = {"script", "style", "head", "title", "blockquote"}

    class Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.out: list[str] = []
            self.skip = 0

        def handle_starttag(self, tag: str, attrs: Any) -> None:
            if tag in hidden:
                self.skip += 1
            elif tag == "br" and not self.skip:
                self.out.append("\n")

        def handle_endtag(self, tag: str) -> None:
            if tag in hidden:
                self.skip = max(0, self.skip - 1)
            elif tag in breaks and not self.skip:
                self.out.append("\n")

        def handle_data(self, data: str) -> None:
            if not self.skip:
                self.out.append(data)

    parser = Text()
    parser.feed(html)
    parser.close()
    return "".join(parser.out)


# --- many messages ------------------------------------------------------------------


def mbox_texts(path: Path) -> Iterator[str]:
    """The text of every message of an mbox file."""
    import mailbox

    box = mailbox.mbox(path, create=False)
    try:
        for key in box.iterkeys():
            yield eml_text(box.get_bytes(key))
    finally:
        box.close()


def csv_bodies(path: Path, column: str | None = None) -> Iterator[str]:
    """The body cell of every row of a help desk's CSV export.

    The body column is ``column`` when given; otherwise the column holding
    the most reference lines, else the first whose name says body/message/
    description/content/text. Only that column is ever read further.
    """
    import csv
    import io
    import sys

    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    text = path.read_bytes().decode("utf-8-sig", "replace")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel

    def rows() -> Iterator[list[str]]:
        return csv.reader(io.StringIO(text, newline=""), dialect)

    header = next(rows(), None)
    if not header:
        raise MailReadError(f"{path}: empty CSV file")
    index = _body_column(path, header, rows(), column)
    body_rows = rows()
    next(body_rows)
    for row in body_rows:
        if index < len(row):
            yield row[index]


def _body_column(
    path: Path, header: list[str], rows: Iterator[list[str]], column: str | None
) -> int:
    names = [h.strip() for h in header]
    if column is not None:
        wanted = column.strip().lower()
        for i, name in enumerate(names):
            if name.lower() == wanted:
                return i
        if column.isdigit() and 0 < int(column) <= len(names):
            return int(column) - 1
        raise MailReadError(f"{path}: no column {column!r} (the header has {len(names)} columns)")
    hits = [0] * len(names)
    next(rows, None)  # the header
    for row in rows:
        for i, cell in enumerate(row[: len(names)]):
            if MARK in cell:
                hits[i] += 1
    if max(hits, default=0) > 0:
        return hits.index(max(hits))
    for word in BODY_NAMES:
        for i, name in enumerate(names):
            if word in name.lower():
                return i
    raise MailReadError(
        f"{path}: cannot tell which column holds the message body; name it with --column"
    )
