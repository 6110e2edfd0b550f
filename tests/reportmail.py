"""A generated support mailbox in three languages for the deflection report tests.

The messages are composed by :func:`wizard.compose.compose` exactly as the
wizard would (reference lines from :func:`wizard.reference.walk` over the
real flows), then exported the ways vendors export mail: an mbox, ``.eml``
files (plain quoted-printable, base64, HTML-only, a hard-wrapped line) and
a help desk's CSV. Every subject, sender, answer and stray line carries a
unique canary string that must never reach the report.

:data:`EXPECTED` says what the report must count.
"""

from __future__ import annotations

import csv
import mailbox
from email.message import EmailMessage
from html import escape
from pathlib import Path
from typing import Any

from wizard.compose import compose
from wizard.reference import graph_of, walk
from wizard.vendor import Vendor
from wizardtools.flowlint import load_flows

CANARIES: list[str] = []


def canary(kind: str) -> str:
    """A unique string shaped like an id (so it would pass a loose id check)."""
    value = f"zq-canary-{kind}-{len(CANARIES):03d}"
    CANARIES.append(value)
    return value


# (flow, step, trail before it, problem, lang, reseller)
WAYS = {
    "nr-ru": ("not-received", "contact",
              [("start", "topic"), ("not-received", "spam"), ("not-received", "wait"),
               ("not-received", "lookup"), ("not-received", "payment")],
              "not_received", "ru", "paddle"),
    "ci-zh": ("code-invalid", "contact",
              [("code-invalid", s) for s in ("format", "product", "expired", "used")],
              "code_invalid", "zh", None),
    "rf-en": ("refund", "contact", [("refund", "reason"), ("refund", "trial")],
              "refund", "en", "2checkout"),
    "ac-en": ("activation", "contact-offline", None, "offline_activation", "en", None),
}

EXPECTED = {
    "total": 17,
    "with_reference": 10,
    "without_reference": 4,
    "unreadable": {"malformed": 1, "unknown_flow": 1, "unknown_format": 1},
    "flow": {"not-received": 4, "code-invalid": 3, "refund": 2, "activation": 1},
    "lang": {"ru": 4, "zh": 3, "en": 3},
    "reseller": {"paddle": 4, "2checkout": 1, "(none)": 5},
    "edges": {("not-received", "spam", "wait"): 4, ("start", "topic", "flow:not-received"): 4,
              ("code-invalid", "used", "contact"): 3, ("refund", "reason", "trial"): 1},
    "unknown_path": {"activation": 1, "refund": 1},
}


def body_of(way: str, vendor: Vendor, graph: dict[str, Any]) -> str:
    flow, step, trail, problem, lang, reseller = WAYS[way]
    answers = {
        "name": canary("name"),
        "order_number": canary("order"),
        "tried": f"I tried {canary('tried')}\nRef: my own note {canary('note')}",
        "order_email": f"{canary('mail')}@mail.example",
    }
    if reseller:
        answers["reseller"] = reseller
    entries = None if trail is None else [{"f": f, "s": s} for f, s in trail]
    message = compose(problem, answers, lang, vendor, walk(entries, flow, step, graph))
    return message["clipboard"]


def email(body: str, *, html: bool = False, cte: str = "quoted-printable") -> bytes:
    msg = EmailMessage()
    msg["From"] = f"{canary('sender')} <{canary('from')}@mail.example>"
    msg["To"] = "support@brightfern.example"
    msg["Subject"] = f"Help {canary('subject')}"
    if html:
        text = "<html><body><p>" + escape(body).replace("\n", "<br>\n") + "</p>"
        text += f"<blockquote>Ref: KG1 quoted {canary('quoted')}</blockquote></body></html>"
        msg.set_content(text, subtype="html", cte=cte)
    else:
        msg.set_content(body, cte=cte)
    return bytes(msg)


def write_mailbox(folder: Path) -> list[Path]:
    """Write ``support.mbox``, ``eml/*.eml`` and ``helpdesk.csv`` under ``folder``."""
    vendor = Vendor.load()
    graph = graph_of(load_flows(check_articles=False))
    folder.mkdir(parents=True, exist_ok=True)

    # mbox: 3 Russian escalations, 1 with no reference line, 1 support reply quoting
    # a line (no line of its own), 1 malformed line.
    box = mailbox.mbox(folder / "support.mbox")
    for _ in range(3):
        box.add(email(body_of("nr-ru", vendor, graph)))
    box.add(email(f"Just a question {canary('plain')} about prices."))
    quoted = "\n".join("> " + line for line in body_of("nr-ru", vendor, graph).split("\n"))
    box.add(email(f"Hello, we are on it {canary('reply')}.\n\n{quoted}"))
    box.add(email(f"Ref: KG1 flow=not-received outcome=escalate {canary('malformed')} lang=ru"))
    box.flush()
    box.close()

    # .eml: Chinese as base64, HTML-only quoted-printable, HTML-only base64; an
    # English message whose mail program wrapped the line; an unknown flow; KG9.
    eml = folder / "eml"
    eml.mkdir(exist_ok=True)
    (eml / "01.eml").write_bytes(email(body_of("ci-zh", vendor, graph), cte="base64"))
    (eml / "02.eml").write_bytes(email(body_of("ci-zh", vendor, graph), html=True))
    (eml / "03.eml").write_bytes(email(body_of("ci-zh", vendor, graph), html=True, cte="base64"))
    wrapped = body_of("rf-en", vendor, graph).replace(" path=", "\npath=")
    (eml / "04.eml").write_bytes(email(wrapped))
    (eml / "05.eml").write_bytes(email(
        f"Ref: KG1 flow={canary('flow')} outcome=escalate problem=refund path=? lang=en v=0.1.0"))
    (eml / "06.eml").write_bytes(email(f"Ref: KG9 flow=refund {canary('future')}"))

    # CSV: a help desk export (id, requester, subject, body); a Russian escalation,
    # the offline activation with an unknown path, a forged line whose unknown
    # step and reseller must be dropped, and two rows without a line.
    rows = [
        ["Ticket ID", "Requester", "Subject", "Description"],
        ["1", f"{canary('requester')}@mail.example", f"Re {canary('csvsubject')}",
         body_of("nr-ru", vendor, graph)],
        ["2", f"{canary('requester')}@mail.example", "Activation",
         body_of("ac-en", vendor, graph)],
        ["3", f"{canary('requester')}@mail.example", canary("csvsubject"),
         "Ref: KG1 flow=refund outcome=escalate problem=refund "
         f"path=reason>{canary('step')} lang=en v=0.1.0 reseller={canary('seller')}"],
        ["4", f"{canary('requester')}@mail.example", "Hi", f"Where is my code {canary('csv')}"],
        ["5", "x@mail.example", "Hi", f"Another question {canary('csv')}"],
    ]
    with (folder / "helpdesk.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return [folder / "support.mbox", eml, folder / "helpdesk.csv"]
