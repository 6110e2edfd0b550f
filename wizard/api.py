"""Typed messages between the page and Python: ``{id, type, payload}``.

The Web Worker (``wizard/web/worker.mjs``) passes every message from the
page to :func:`handle` as JSON text and posts back what it returns. Errors
come back as data (``ok: false``), never as exceptions across the boundary,
with one of a few codes the page can rely on: ``bad_json``, ``unknown_type``,
``not_configured``, ``bad_request`` (the payload lacks a field or names
something unknown; the message says what) and ``internal_error``.

The live checks of flow steps (:data:`wizard.checks.CHECKS`) answer their
messages with the verdict in ``result["status"]``, which the page relays.

>>> import json
>>> json.loads(handle_json('{"id": 7, "type": "ping", "payload": {}}'))
{'id': 7, 'ok': True, 'result': 'pong'}
>>> reply = json.loads(handle_json('{"id": 8, "type": "nope", "payload": {}}'))
>>> reply["ok"], reply["error"]["code"]
(False, 'unknown_type')
>>> handle({"id": 9, "type": "clock_skew", "payload": {}})["error"]
{'code': 'bad_request', 'message': 'missing: device_time'}

"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from wizard.vendor import Vendor

from wizard.checks import CHECKS, Site, now_from

Handler = Callable[[dict[str, Any]], Any]
HANDLERS: dict[str, Handler] = {}
STATE: dict[str, Any] = {"vendor": None}


def handler(name: str) -> Callable[[Handler], Handler]:
    """Register ``func`` as the handler of message type ``name``."""

    def register(func: Handler) -> Handler:
        HANDLERS[name] = func
        return func

    return register


@handler("ping")
def _ping(payload: dict[str, Any]) -> str:
    return "pong"


@handler("configure")
def _configure(payload: dict[str, Any]) -> dict[str, Any]:
    """Install the site's vendor data (``vendor.yml`` as JSON) for later calls."""
    from wizard.vendor import Vendor

    STATE["vendor"] = Vendor.from_data(payload["vendor"])
    STATE["data"] = {k: v for k, v in payload.items() if k != "vendor"}
    return {"formats": sorted(STATE["vendor"].formats)}


class NotConfigured(RuntimeError):
    """A message that needs the vendor came before ``configure``."""


def vendor() -> Vendor:
    if STATE["vendor"] is None:
        raise NotConfigured("not configured: send a 'configure' message first")
    return STATE["vendor"]


# -- time and the composer (wizard.timing, wizard.compose) ---------------------
# Datetimes travel as ISO 8601 text; a missing "now" means the current time.
# STATE["data"] may hold {"holidays": {...}, "tzif": {...}} from the site build
# (wizard.timing.build_browser_data); without it, CPython computes holidays.


def _holidays(country: str | None, years: set[int]) -> set[Any]:
    from wizard import timing

    data = STATE.get("data") or {}
    timing.use_browser_data(data)
    return timing.holidays_for(country, years, data) if country else set()


@handler("support_hours")
def _support_hours(payload: dict[str, Any]) -> dict[str, Any]:
    """Support open now, next opening, reply-due times: ``{now?}``."""
    from wizard import timing

    own = vendor()
    now, tz = now_from(payload), own.timezone
    timing.use_browser_data(STATE.get("data"))
    year = now.astimezone(timing.zone(tz)).year
    holidays = _holidays(own.country, {year, year + 1})
    return timing.support_status(own.support, tz, now, holidays)


# -- the live checks (wizard.checks): each message answers with its ``status`` -


def _run_check(check_id: str) -> Handler:
    run = CHECKS[check_id].handler
    return lambda payload: run(payload, Site(vendor=vendor, holidays=_holidays))


for _check in CHECKS.values():
    handler(_check.message)(_run_check(_check.id))


@handler("problem_form")
def _problem_form(payload: dict[str, Any]) -> Any:
    """``{problem?, lang}``: one problem's form, or the list of problems."""
    from wizard.compose import list_problems, problem_form

    lang = payload.get("lang") or "en"
    if not payload.get("problem"):
        return {"problems": list_problems(lang)}
    return problem_form(payload["problem"], lang, vendor())


@handler("compose")
def _compose(payload: dict[str, Any]) -> dict[str, Any]:
    """``{problem, answers, lang, flow?, step?, trail?}`` → the composed message.

    ``trail`` is the page's list of steps answered before ``step``
    (``[{"f", "s"}]``, ids only); it is checked against the flows' graph
    (``STATE["data"]["flows"]``) for the message's reference line.
    """
    from wizard.compose import compose
    from wizard.reference import walk

    graph = (STATE.get("data") or {}).get("flows")
    ref = walk(payload.get("trail"), payload.get("flow"), payload.get("step"), graph)
    return compose(payload["problem"], payload.get("answers") or {},
                   payload.get("lang") or "en", vendor(), ref)


def handle(message: dict[str, Any]) -> dict[str, Any]:
    """Answer one message; never raises."""
    msg_id = message.get("id") if isinstance(message, dict) else None
    try:
        kind = message["type"]
        func = HANDLERS.get(kind)
        if func is None:
            return _error(msg_id, "unknown_type", f"unknown message type: {kind!r}")
        return {"id": msg_id, "ok": True, "result": func(message.get("payload") or {})}
    except NotConfigured as exc:  # errors are data here, by design
        return _error(msg_id, "not_configured", str(exc))
    except (KeyError, ValueError, TypeError) as exc:
        return _error(msg_id, "bad_request", _reason(exc))
    except Exception as exc:
        return _error(msg_id, "internal_error", _reason(exc))


def _reason(exc: Exception) -> str:
    """The exception's own words; a bare KeyError (a payload field looked up
    and not there) says which key was missing."""
    if isinstance(exc, KeyError) and exc.args:
        words = str(exc.args[0])
        return words if " " in words else f"missing: {words}"
    return str(exc)


def handle_json(text: str) -> str:
    """:func:`handle` for JSON text in and out (what the worker calls)."""
    try:
        message = json.loads(text)
    except ValueError as exc:
        return json.dumps(_error(None, "bad_json", str(exc)))
    return json.dumps(handle(message), ensure_ascii=False)


def _error(msg_id: Any, code: str, text: str) -> dict[str, Any]:
    return {"id": msg_id, "ok": False, "error": {"code": code, "message": text}}
