"""Static HTML for the wizard: every step of a flow, in one language.

Each flow is one page; each step is a ``<section id="STEP">`` and its own
URL (``…/wizard/not-received/#spam``). CSS shows the ``:target`` step, so
the whole tree can be walked with plain links and JavaScript off. Fragments
are never sent to the server, which keeps step URLs private by design.

Everything is escaped: flow strings and vendor values are text, not markup.

>>> from types import SimpleNamespace as NS
>>> opt = NS(id="yes", label={"en": "Yes <b>"}, next="done", when=None)
>>> done = NS(id="done", kind="outcome", title={"en": "Solved"}, text={}, options=(),
...           check=None, checklist=(), articles=(), next=None, outcome="resolved", problem=None)
>>> ask = NS(id="ask", kind="choice", title={"en": "Found it?"}, text={}, options=(opt,),
...          check=None, checklist=(), articles=(), next=None, outcome=None, problem=None)
>>> flow = NS(id="demo", title={"en": "Demo"}, start="ask", steps={"ask": ask, "done": done})
>>> html = render_flow(flow, "en", Links())
>>> '<a class="kg-option md-button" href="#done" data-option="yes">Yes &lt;b&gt;</a>' in html
True
>>> 'id="ask" data-kind="choice" data-start' in html
True
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from typing import Any

UI: dict[str, dict[str, str]] = {
    "en": {
        "read_more": "Read more",
        "start_over": "Start over",
        "continue": "Continue",
        "live_loading": "Live checks are starting…",
        "live_ready": "Live checks are ready.",
        "live_unavailable": "Live checks are unavailable right now. The checklist below still works.",
        "checklist": "What to check",
        "code_label": "Your license code",
        "code_hint": "Paste the code exactly as you received it. It stays on this page.",
        "code_valid": "This code is in the right format.",
        "code_invalid": "This code has a problem:",
        "code_fixed": "Corrected code:",
        "resolved": "Great, your problem is solved.",
        "escalate": "Contact support",
    },
    "ru": {
        "read_more": "Подробнее",
        "start_over": "Начать сначала",
        "continue": "Далее",
        "live_loading": "Запускаем проверку…",
        "live_ready": "Проверка готова.",
        "live_unavailable": "Автоматическая проверка сейчас недоступна. Список ниже по-прежнему поможет.",
        "checklist": "Что проверить",
        "code_label": "Ваш лицензионный код",
        "code_hint": "Вставьте код в точности как получили. Он никуда не отправляется.",
        "code_valid": "Формат кода правильный.",
        "code_invalid": "С кодом что-то не так:",
        "code_fixed": "Исправленный код:",
        "resolved": "Отлично, проблема решена.",
        "escalate": "Написать в поддержку",
    },
    "zh": {
        "read_more": "了解更多",
        "start_over": "重新开始",
        "continue": "继续",
        "live_loading": "正在启动实时检查…",
        "live_ready": "实时检查已就绪。",
        "live_unavailable": "实时检查暂时不可用，下面的检查清单仍然可用。",
        "checklist": "请检查",
        "code_label": "您的注册码",
        "code_hint": "请按收到时的原样粘贴注册码。它只留在本页面，不会被发送。",
        "code_valid": "注册码格式正确。",
        "code_invalid": "注册码有问题：",
        "code_fixed": "更正后的注册码：",
        "resolved": "太好了，问题已解决。",
        "escalate": "联系客服",
    },
}


@dataclass
class Links:
    """How the renderer turns references into URLs (the MkDocs hook supplies them).

    ``article(path)`` → ``(url, title)`` for a docs page such as
    ``articles/code-invalid.md#case``; ``flow(flow_id)`` → the URL of another flow.
    """

    article: Callable[[str], tuple[str, str]] = lambda path: (path, path)
    flow: Callable[[str], str] = lambda flow_id: f"../{flow_id}/"
    extra: dict[str, Any] = field(default_factory=dict)


def text(strings: dict[str, str] | None, lang: str) -> str:
    """The string in ``lang`` (flows are linted to have every language)."""
    return (strings or {}).get(lang, "")


def href(target: str | None, links: Links) -> str:
    """URL for a ``next`` reference: a step id or ``flow:ID`` / ``flow:ID#step``."""
    if not target:
        return "#"
    if target.startswith("flow:"):
        flow_id, _, step = target[5:].partition("#")
        return links.flow(flow_id) + (f"#{step}" if step else "")
    return f"#{target}"


def render_flow(flow: Any, lang: str, links: Links) -> str:
    ui = UI[lang]
    parts = [
        f'<div class="kg-wizard" data-flow="{escape(flow.id)}" data-start="{escape(flow.start)}">',
        f'<p class="kg-live-status" role="status" aria-live="polite" hidden>{escape(ui["live_loading"])}</p>',
    ]
    for step in flow.steps.values():
        parts.append(render_step(flow, step, lang, links))
    parts.append("</div>")
    return "\n".join(parts)


def render_step(flow: Any, step: Any, lang: str, links: Links) -> str:
    ui = UI[lang]
    start = " data-start" if step.id == flow.start else ""
    out = [
        f'<section class="kg-step kg-step--{escape(step.kind)}" id="{escape(step.id)}" '
        f'data-kind="{escape(step.kind)}"{start} aria-labelledby="{escape(step.id)}-title">',
        f'<h2 id="{escape(step.id)}-title" tabindex="-1">{escape(text(step.title, lang))}</h2>',
    ]
    body = text(step.text, lang)
    for paragraph in filter(None, (p.strip() for p in body.split("\n\n"))):
        out.append(f"<p>{escape(paragraph)}</p>")
    if step.kind == "check":
        out.append(_check(step, lang))
    if step.kind == "outcome":
        out.append(_outcome(step, lang))
    if step.options:
        out.append('<ul class="kg-options">')
        for option in step.options:
            when = f' data-when="{escape(option.when)}"' if option.when else ""
            out.append(
                f'<li><a class="kg-option md-button" href="{escape(href(option.next, links))}" '
                f'data-option="{escape(option.id)}"{when}>{escape(text(option.label, lang))}</a></li>'
            )
        out.append("</ul>")
    elif step.next:
        out.append(
            f'<p><a class="kg-option md-button md-button--primary" href="{escape(href(step.next, links))}" '
            f'data-option="next">{escape(ui["continue"])}</a></p>'
        )
    if step.articles:
        out.append(f'<aside class="kg-articles"><h3>{escape(ui["read_more"])}</h3><ul>')
        for path in step.articles:
            url, title = links.article(path)
            out.append(f'<li><a href="{escape(url)}">{escape(title)}</a></li>')
        out.append("</ul></aside>")
    if step.id != flow.start:
        out.append(
            f'<p class="kg-restart"><a href="#{escape(flow.start)}">{escape(ui["start_over"])}</a></p>'
        )
    out.append("</section>")
    return "\n".join(out)


def _check(step: Any, lang: str) -> str:
    ui = UI[lang]
    out = []
    if step.checklist:
        out.append(f'<div class="kg-checklist"><h3>{escape(ui["checklist"])}</h3><ul>')
        out.extend(f"<li>{escape(text(item, lang))}</li>" for item in step.checklist)
        out.append("</ul></div>")
    if step.check == "code_format":
        field_id = f"{step.id}-code"
        out.append(
            f'<form class="kg-live-check" data-live-check="code_format" hidden>'
            f'<label for="{field_id}">{escape(ui["code_label"])}</label>'
            f'<textarea id="{field_id}" name="code" rows="2" autocomplete="off" autocapitalize="off" '
            f'spellcheck="false" aria-describedby="{field_id}-hint {field_id}-result"></textarea>'
            f'<p class="kg-hint" id="{field_id}-hint">{escape(ui["code_hint"])}</p>'
            f'<div class="kg-check-result" id="{field_id}-result" aria-live="polite"></div>'
            f"</form>"
        )
    return "\n".join(out)


def _outcome(step: Any, lang: str) -> str:
    ui = UI[lang]
    key = "resolved" if step.outcome == "resolved" else "escalate"
    return f'<p class="kg-outcome kg-outcome--{key}">{escape(ui[key])}</p>'
