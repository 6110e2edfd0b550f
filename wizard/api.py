"""Typed messages between the page and Python: ``{id, type, payload}``.

The Web Worker (``wizard/web/worker.mjs``) passes every message from the
page to :func:`handle` as JSON text and posts back what it returns. Errors
come back as data (``ok: false``), never as exceptions across the boundary.

>>> import json
>>> json.loads(handle_json('{"id": 7, "type": "ping", "payload": {}}'))
{'id': 7, 'ok': True, 'result': 'pong'}
>>> reply = json.loads(handle_json('{"id": 8, "type": "nope", "payload": {}}'))
>>> reply["ok"], reply["error"]["code"]
(False, 'unknown_type')
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

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
    from wizard.vendor import by_id

    STATE["vendor"] = by_id(payload["vendor"])
    STATE["data"] = {k: v for k, v in payload.items() if k != "vendor"}
    return {"formats": sorted(STATE["vendor"]["formats"])}


@handler("check_code")
def _check_code(payload: dict[str, Any]) -> dict[str, Any]:
    """Diagnose a typed license code: ``{text, lang, expected_format}``."""
    from wizard.diagnose import check_code

    return check_code(
        payload.get("text") or "",
        vendor(),
        payload.get("lang") or "en",
        expected_format=payload.get("expected_format"),
    )


def vendor() -> dict[str, Any]:
    if STATE["vendor"] is None:
        raise RuntimeError("not configured: send a 'configure' message first")
    return STATE["vendor"]


def handle(message: dict[str, Any]) -> dict[str, Any]:
    """Answer one message; never raises."""
    msg_id = message.get("id") if isinstance(message, dict) else None
    try:
        kind = message["type"]
        func = HANDLERS.get(kind)
        if func is None:
            return _error(msg_id, "unknown_type", f"unknown message type: {kind!r}")
        return {"id": msg_id, "ok": True, "result": func(message.get("payload") or {})}
    except Exception as exc:  # errors are data here, by design
        return _error(msg_id, type(exc).__name__, str(exc))


def handle_json(text: str) -> str:
    """:func:`handle` for JSON text in and out (what the worker calls)."""
    try:
        message = json.loads(text)
    except ValueError as exc:
        return json.dumps(_error(None, "bad_json", str(exc)))
    return json.dumps(handle(message), ensure_ascii=False)


def _error(msg_id: Any, code: str, text: str) -> dict[str, Any]:
    return {"id": msg_id, "ok": False, "error": {"code": code, "message": text}}
