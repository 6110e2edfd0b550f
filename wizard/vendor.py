"""The vendor configuration (``vendor.yml``) as typed, frozen data.

:meth:`Vendor.from_data` reads the configuration in any of the shapes it
travels in (``vendor.yml`` as parsed, the public ``data.json`` the site build
hands the browser, or the same with products, formats and resellers already
keyed by id) and applies every default once: the support hours (Monday to
Friday, 09:00 to 18:00), the reply targets, the resellers' timing minutes and
peak periods, the offline file's validity, a channel's hours. Consumers read
attributes and never look a default up again.

The file is parsed with PyYAML in CPython (site build, CLI, tests). In the
browser the site build hands the same data over as JSON, so nothing here
needs YAML at run time; standard library only.

>>> v = Vendor.from_data({"vendor": {"name": "Acme", "support": {"email": "a@acme.example"}},
...                       "products": [{"id": "pad", "name": "Pad", "format": "pad"}],
...                       "resellers": [{"id": "fs", "name": "FastSpring"}]})
>>> v.name, v.products["pad"].name, v.support.hours.open, v.support.reply_hours["general"]
('Acme', 'Pad', '09:00', 24)
>>> v.resellers["fs"].timing.normal_max, v.resellers["fs"].country, v.validity_days
(30, None, 365)
>>> Vendor.from_data(v) is v
True
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Any

LANGUAGES = ("en", "ru", "zh")
"""Languages every customer-facing string must exist in."""

REPO_ROOT = Path(__file__).resolve().parent.parent

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DEFAULT_DAYS = WEEKDAYS[:5]
DEFAULT_OPEN, DEFAULT_CLOSE = "09:00", "18:00"
DEFAULT_REPLY_HOURS = MappingProxyType({"urgent": 2, "general": 24, "complex": 48})
"""Reply targets in working hours, when ``support.reply_hours`` leaves one out."""
DEFAULT_TIMING = MappingProxyType(
    {"normal_min": 15, "normal_max": 30, "peak_max": 120, "holiday_max": 1440}
)
"""Minutes until a reseller's license e-mail arrives, when ``timing`` leaves one out."""
DEFAULT_PEAK = ("11-23..12-02", "12-26..12-31")
"""Busy periods (``MM-DD..MM-DD``): Black Friday to Cyber Monday, and the year end."""
DEFAULT_VALIDITY_DAYS = 365
"""How long an offline activation file stays valid."""

LOCALIZED = {"name": "names", "email_subject": "email_subjects"}
"""Fields a vendor may give per language, and the key holding the translations."""


def default_vendor_path() -> Path:
    """``$KEYGUIDE_VENDOR`` if set, else ``vendor.yml`` at the repository root."""
    env = os.environ.get("KEYGUIDE_VENDOR")
    return Path(env) if env else REPO_ROOT / "vendor.yml"


def load_vendor(path: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """Read ``vendor.yml`` into plain dicts and lists (CPython only)."""
    import yaml  # deferred: not available (nor needed) in the browser

    file = Path(path) if path else default_vendor_path()
    with open(file, encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    if not isinstance(data, dict):
        raise ValueError(f"{file}: expected a mapping at the top level")
    return data


def local_text(item: Any, key: str, lang: str) -> str:
    """``item[key]`` in ``lang``: its entry under ``names``/``email_subjects`` if
    there is one, else the value as written (English, or what the customer sees).
    ``item`` is a mapping or one of this module's records.

    >>> fmt = {"name": "Fernpad license code", "names": {"zh": "Fernpad 注册码"}}
    >>> local_text(fmt, "name", "zh"), local_text(fmt, "name", "ru")
    ('Fernpad 注册码', 'Fernpad license code')
    """
    if not isinstance(item, Mapping):
        item = item.data
    translations = item.get(LOCALIZED.get(key, "")) or {}
    return str(translations.get(lang) or item.get(key) or "")


# -- the records -------------------------------------------------------------------


def _frozen(value: Any) -> Any:
    """``value`` with its dicts read-only and its lists tuples (deeply)."""
    if isinstance(value, Mapping):
        return MappingProxyType({k: _frozen(v) for k, v in value.items()})
    if isinstance(value, list | tuple):
        return tuple(_frozen(v) for v in value)
    return value


def plain(value: Any) -> Any:
    """:func:`_frozen` undone: dicts and lists again, ready for JSON.

    >>> plain(Vendor.from_data({"vendor": {"name": "A"}, "formats": []}).data)
    {'vendor': {'name': 'A'}, 'formats': []}
    """
    if isinstance(value, Mapping):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def _map(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _words(value: Any) -> Mapping[str, str]:
    """A ``{lang: text}`` mapping (empty when absent or not a mapping)."""
    return MappingProxyType({str(k): str(v) for k, v in _map(value).items() if v})


@dataclass(frozen=True)
class Record:
    """What every record keeps: ``data``, the entry as written (read-only),
    for the rare field no attribute names (Markdown variables, the schema)."""

    data: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}), repr=False,
                                    compare=False, kw_only=True)


@dataclass(frozen=True)
class Hours(Record):
    """Opening hours: weekdays (``mon``…``sun``) and ``HH:MM`` times.

    >>> Hours.from_data(None)
    Hours(days=('mon', 'tue', 'wed', 'thu', 'fri'), open='09:00', close='18:00')
    >>> Hours.from_data({"days": ["Sat"], "open": "10:00"}).days
    ('sat',)
    """

    days: tuple[str, ...] = DEFAULT_DAYS
    open: str = DEFAULT_OPEN
    close: str = DEFAULT_CLOSE

    @classmethod
    def from_data(cls, data: Any, default: Hours | None = None) -> Hours:
        base = default or cls()
        data = _map(data)
        if not data:
            return base
        days = tuple(str(d).lower()[:3] for d in data.get("days") or base.days)
        return cls(days, str(data.get("open") or base.open), str(data.get("close") or base.close),
                   data=_frozen(data))


@dataclass(frozen=True)
class Contact(Record):
    """One way to reach support (``vendor.support.channels``): ``value`` is the
    address, URL, number or messenger ID; ``hours`` default to the support
    hours; ``languages`` empty means every language."""

    kind: str = "email"
    value: str | None = None
    app: str = ""
    hours: Hours = field(default_factory=Hours)
    languages: tuple[str, ...] = ()
    qr: str | None = None
    note: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    @classmethod
    def from_data(cls, data: Mapping[str, Any], support: Mapping[str, Any], hours: Hours) -> Contact:
        kind = str(data.get("kind") or "")
        value = {
            "email": data.get("address") or support.get("email"),
            "web_form": data.get("url"),
            "phone": data.get("number"),
        }.get(kind, data.get("id"))
        return cls(
            kind, None if value is None else str(value), str(data.get("app") or ""),
            Hours.from_data(data.get("hours"), hours), tuple(data.get("languages") or ()),
            data.get("qr") or None, _words(data.get("note")), data=_frozen(data),
        )

    def shown_in(self, lang: str) -> bool:
        """True when readers of ``lang`` see this channel."""
        return not self.languages or lang in self.languages


@dataclass(frozen=True)
class Support(Record):
    """``vendor.support``: e-mail, hours, reply targets (hours) and channels.
    Without ``channels`` the support e-mail is the one channel."""

    email: str | None = None
    hours: Hours = field(default_factory=Hours)
    reply_hours: Mapping[str, float] = field(default_factory=lambda: DEFAULT_REPLY_HOURS)
    channels: tuple[Contact, ...] = ()
    reply_languages: tuple[str, ...] = ()
    status_page: str | None = None
    announcements: str | None = None

    @classmethod
    def from_data(cls, data: Any, team_language: str) -> Support:
        data = _map(data)
        hours = Hours.from_data(data.get("hours"))
        listed = data.get("channels") or [{"kind": "email", "address": data.get("email")}]
        return cls(
            data.get("email"), hours,
            MappingProxyType({**DEFAULT_REPLY_HOURS, **_map(data.get("reply_hours"))}),
            tuple(Contact.from_data(_map(c), data, hours) for c in listed),
            tuple(data.get("reply_languages") or (team_language,)),
            data.get("status_page"), data.get("announcements"), data=_frozen(data),
        )


@dataclass(frozen=True)
class Product(Record):
    """One of ``products``."""

    id: str = ""
    name: str = ""
    format: str | None = None

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Product:
        pid = str(data["id"])
        return cls(pid, str(data.get("name") or pid), data.get("format"), data=_frozen(data))


@dataclass(frozen=True)
class Format(Record):
    """One of ``formats``: a license code's shape. :mod:`wizard.codes` reads
    it as a plain mapping: :attr:`spec`."""

    id: str = ""
    name: str = ""
    names: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    product: str | None = None
    prefix: str = ""
    case_sensitive: bool = False

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Format:
        fid = str(data["id"])
        return cls(fid, str(data.get("name") or fid), _words(data.get("names")),
                   data.get("product"), str(data.get("prefix") or ""),
                   bool(data.get("case_sensitive")), data=_frozen(data))

    @cached_property
    def spec(self) -> dict[str, Any]:
        """The format as the mapping :mod:`wizard.codes` takes (lists for lists)."""
        return {k: list(v) if isinstance(v, tuple) else v for k, v in self.data.items()}

    def local_name(self, lang: str) -> str:
        """The format's name in ``lang`` (``names``), else its English name."""
        return self.names.get(lang) or self.name


@dataclass(frozen=True)
class Timing(Record):
    """Minutes until a reseller's license e-mail arrives, and its busy periods."""

    normal_min: float = DEFAULT_TIMING["normal_min"]
    normal_max: float = DEFAULT_TIMING["normal_max"]
    peak_max: float = DEFAULT_TIMING["peak_max"]
    holiday_max: float = DEFAULT_TIMING["holiday_max"]
    peak: tuple[str, ...] = DEFAULT_PEAK

    @classmethod
    def from_data(cls, data: Any) -> Timing:
        data = _map(data)
        minutes = {**DEFAULT_TIMING, **{k: v for k, v in data.items() if k in DEFAULT_TIMING}}
        return cls(**minutes, peak=tuple(data.get("peak") or DEFAULT_PEAK), data=_frozen(data))


@dataclass(frozen=True)
class Reseller(Record):
    """One of ``resellers`` (live) or ``past_resellers`` (``until`` set).
    ``country`` is the reseller's own, else the vendor's."""

    id: str = ""
    name: str = ""
    country: str | None = None
    order_id_patterns: tuple[str, ...] = ()
    timing: Timing = field(default_factory=Timing)
    order_lookup_url: str | None = None
    support_url: str | None = None
    support_email: str | None = None
    until: str | None = None

    @classmethod
    def from_data(cls, data: Mapping[str, Any], country: str | None = None) -> Reseller:
        rid = str(data["id"])
        return cls(
            rid, str(data.get("name") or rid), data.get("country") or country,
            tuple(data.get("order_id_patterns") or ()), Timing.from_data(data.get("timing")),
            data.get("order_lookup_url"), data.get("support_url"), data.get("support_email"),
            None if data.get("until") is None else str(data["until"]), data=_frozen(data),
        )


def _keyed(items: Any) -> list[Mapping[str, Any]]:
    """A list of entries, from a list or a mapping keyed by id."""
    if isinstance(items, Mapping):
        return [{"id": key, **_map(item)} for key, item in items.items()]
    return [_map(item) for item in items or ()]


@dataclass(frozen=True)
class Vendor(Record):
    """The whole configuration. ``products``, ``formats`` and ``resellers``
    (live ones) are keyed by id in file order; ``past_resellers`` too."""

    name: str = ""
    team_language: str = "en"
    country: str | None = None
    timezone: str = "UTC"
    timezone_label: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    support: Support = field(default_factory=Support)
    validity_days: int = DEFAULT_VALIDITY_DAYS
    refund_policy: str | None = None
    products: Mapping[str, Product] = field(default_factory=lambda: MappingProxyType({}))
    formats: Mapping[str, Format] = field(default_factory=lambda: MappingProxyType({}))
    resellers: Mapping[str, Reseller] = field(default_factory=lambda: MappingProxyType({}))
    past_resellers: Mapping[str, Reseller] = field(default_factory=lambda: MappingProxyType({}))
    routing: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    languages: tuple[str, ...] = LANGUAGES

    @classmethod
    def from_data(cls, data: Vendor | Mapping[str, Any] | None) -> Vendor:
        """The configuration from ``vendor.yml`` as parsed, from ``data.json``'s
        ``vendor`` (its public fields), or from either with products, formats
        and resellers keyed by id; a :class:`Vendor` is returned as it is.

        >>> v = Vendor.from_data({"vendor": {"country": "DE", "timezone": "Europe/Berlin",
        ...     "support": {"hours": {"days": ["sat", "sun"]}, "reply_hours": {"urgent": 1}},
        ...     "offline_activation": {"validity_days": 30}},
        ...     "resellers": {"pd": {"name": "Paddle", "timing": {"peak_max": 60}}},
        ...     "formats": [{"id": "f", "alphabet": "AB", "groups": [2]}]})
        >>> v.support.hours, dict(v.support.reply_hours)
        (Hours(days=('sat', 'sun'), open='09:00', close='18:00'), {'urgent': 1, 'general': 24, 'complex': 48})
        >>> r = v.resellers["pd"]
        >>> r.country, r.timing.peak_max, r.timing.normal_max, v.validity_days
        ('DE', 60, 30, 30)
        >>> v.formats["f"].spec
        {'id': 'f', 'alphabet': 'AB', 'groups': [2]}
        >>> [c.kind for c in v.support.channels], Vendor.from_data(None).timezone
        (['email'], 'UTC')
        """
        if isinstance(data, Vendor):
            return data
        data = _map(data)
        own = _map(data.get("vendor"))
        team = str(own.get("team_language") or "en")
        country = own.get("country")
        return cls(
            data=_frozen(data),
            name=str(own.get("name") or ""),
            team_language=team,
            country=country,
            timezone=str(own.get("timezone") or "UTC"),
            timezone_label=_words(own.get("timezone_label")),
            support=Support.from_data(own.get("support"), team),
            validity_days=int(_map(own.get("offline_activation")).get("validity_days")
                              or DEFAULT_VALIDITY_DAYS),
            refund_policy=_map(own.get("refund")).get("policy"),
            products=_by_id(Product.from_data(p) for p in _keyed(data.get("products"))),
            formats=_by_id(Format.from_data(f) for f in _keyed(data.get("formats"))),
            resellers=_by_id(Reseller.from_data(r, country) for r in _keyed(data.get("resellers"))),
            past_resellers=_by_id(Reseller.from_data(r) for r in _keyed(data.get("past_resellers"))),
            routing=_frozen(_map(data.get("routing"))),
            languages=tuple(own.get("languages") or data.get("languages") or LANGUAGES),
        )

    @classmethod
    def load(cls, path: str | os.PathLike[str] | None = None) -> Vendor:
        """:func:`load_vendor`, typed (CPython only)."""
        return cls.from_data(load_vendor(path))

    @property
    def own(self) -> Mapping[str, Any]:
        """The ``vendor:`` section as written (for fields no attribute names)."""
        return _map(self.data.get("vendor"))

    def reseller(self, reseller_id: str) -> Reseller:
        """The live reseller ``reseller_id``; a KeyError names the known ones."""
        if reseller_id not in self.resellers:
            known = ", ".join(sorted(self.resellers))
            raise KeyError(f"unknown reseller {reseller_id!r}; known: {known}")
        return self.resellers[reseller_id]

    def countries(self) -> list[str]:
        """Every country whose holidays matter: the vendor's and each reseller's."""
        found = {self.country, *(r.country for r in self.resellers.values())}
        return sorted(c for c in found if c)

    def channels(self, lang: str) -> list[Contact]:
        """The support channels readers of ``lang`` see, in file order."""
        return [c for c in self.support.channels if c.shown_in(lang)]


def _by_id(items: Iterable[Any]) -> Mapping[str, Any]:
    return MappingProxyType({item.id: item for item in items})

