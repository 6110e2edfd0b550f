"""``report``: what the wizard resolves and what still reaches support.

    python -m wizard report support.mbox exported/*.eml --starts starts.txt --html > report.html

Reads exported mail (mbox, ``.eml`` files, a help desk's CSV export with a
message-body column; folders are searched), counts the composer's reference
lines and prints, per flow, outcome, path, language and reseller, how many
messages and their share. Nothing else of a message is printed or stored.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from wizardtools.cliargs import add_command, add_flows, add_json, add_vendor

NGINX_STARTS = (
    "zcat -f /var/log/nginx/access.log* "
    "| grep -oE '\"GET /([a-z]{2}/)?wizard/([a-z0-9-]+/)?(index\\.html)?(\\?[^ \"]*)? "
    "HTTP/[0-9.]+\" (200|304) ' "
    "| sed -E 's#^\"GET /(([a-z]{2})/)?wizard/(([a-z0-9-]+)/)?.*#\\4:\\2#; s#^:#start:#; s#:$#:en#' "
    "| sort | uniq -c | awk '{print $2 \"=\" $1}' > starts.txt"
)
"""Page loads of every flow page per language folder, from nginx's access logs,
as ``FLOW:LANG=COUNT`` lines (the step is in the URL fragment, which never
reaches the server, so a page load is a start of that flow). ``en`` is the
language served at the site root."""

EPILOG = f"""\
wizard starts from nginx's access log (counts only; run on the server):
  {NGINX_STARTS}

--starts takes FLOW=COUNT or FLOW:LANG=COUNT items, or files of such lines.
"""


def register(subparsers: Any) -> None:
    parser = add_command(
        subparsers, "report", run,
        "count the reference lines in exported support mail (deflection report)",
        "Read exported mail and count the reference lines the wizard's composer adds to every message: messages and shares per flow, outcome, path, language and reseller. Only the lines' fields are read; nothing else of a message is printed or stored. With --starts, escalations ÷ starts per flow.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("paths", nargs="+", metavar="PATH",
                        help="mbox, .eml or .csv files, or folders holding them")
    parser.add_argument("--column", help="the CSV column holding the message body "
                        "(name or 1-based number; default: found automatically)")
    parser.add_argument("--starts", nargs="+", action="extend", default=[],
                        metavar="FLOW=N|FILE", help="wizard starts per flow from your server log")
    out = add_json(parser.add_mutually_exclusive_group(), "print the report as JSON")
    out.add_argument("--html", action="store_true",
                     help="print a self-contained HTML page with charts")
    parser.add_argument("-o", "--output", help="write to this file instead of printing")
    add_flows(parser)
    add_vendor(parser)


def run(args: argparse.Namespace) -> int:
    from wizardtools import mailread, report, report_html

    try:
        vocab = report.Vocabulary.load(args.flows, args.vendor)
        starts = report.parse_starts(args.starts, vocab.graph) if args.starts else None
        result = report.tally(mailread.read(args.paths, args.column), vocab)
    except (mailread.MailReadError, report.StartsError, OSError) as exc:
        print(f"report: {exc}", file=sys.stderr)
        return 2
    data = report.build(result, starts)
    if args.json:
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    elif args.html:
        text = report_html.page(data)
    else:
        text = report.as_text(data)
    if args.output:
        Path(args.output).parent.mkdir(parents=True, exist_ok=True)
        Path(args.output).write_text(text, "utf-8")
    else:
        sys.stdout.write(text)
    return 0
