// Small DOM and display helpers shared by the wizard modules.
// Nothing here decides anything: it builds elements, fills string
// templates from the page config, and formats instants for the reader.

// An element with text content only (never innerHTML: user text stays text).
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === false || value == null) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children) if (child != null) node.append(child);
  return node;
}

// "Step {n} of {m}" with the values filled in (plain text).
export function fill(template, values = {}) {
  return String(template).replace(/\{(\w+)\}/g, (all, key) => (key in values ? String(values[key]) : all));
}

// Checks waiting for their debounce or for Python's answer, counted on the
// page as <html data-kg-pending="N"> (absent at zero): a test, or anyone
// reading the page, can tell when every answer to what was typed is shown.
let pending = 0;
function settle(delta) {
  pending += delta;
  const root = document.documentElement;
  if (pending > 0) root.dataset.kgPending = String(pending);
  else delete root.dataset.kgPending;
}

export function debounce(fn, ms) {
  let timer = null;
  const fire = (args) => {
    timer = null;
    let result;
    try {
      result = fn(...args);
    } finally {
      const done = () => settle(-1);
      Promise.resolve(result).then(done, done);
    }
  };
  const wrapped = (...args) => {
    if (timer === null) settle(+1);
    else clearTimeout(timer);
    timer = setTimeout(() => fire(args), ms);
  };
  wrapped.now = (...args) => {
    if (timer === null) settle(+1);
    else clearTimeout(timer);
    fire(args);
  };
  return wrapped;
}

// How the wizard writes dates and times (README, "Dates and times"):
// - the words and their order follow the page's language; a reader whose own
//   browser locale is that language in the same script brings its regional
//   habits, 12- or 24-hour clock included (en-US: "7:21 PM", en-GB: "19:21");
// - anyone else (a reader in Tokyo with a Japanese browser on the English
//   page) gets the page language's defaults with a 24-hour clock;
// - instants are shown in the reader's own time zone, always named ("GMT+9"),
//   because the page also shows the vendor's hours in the vendor's zone.
const PAGE_LOCALES = { en: "en", ru: "ru", zh: "zh-CN" };
const DEFAULT_CYCLE = "h23";
const chosen = new Map();

// {locale, hourCycle} for dates and times on a page in `lang`, given the
// reader's preferred locales (navigator.languages).
export function readerLocale(lang, preferred = navigator.languages || [navigator.language]) {
  const page = PAGE_LOCALES[lang] || "en";
  const key = `${page}|${preferred.join(",")}`;
  if (!chosen.has(key)) {
    const want = new Intl.Locale(page).maximize();
    let pick = { locale: page, hourCycle: DEFAULT_CYCLE };
    for (const tag of preferred) {
      let own;
      try {
        own = new Intl.Locale(tag).maximize();
      } catch {
        continue; // not a valid language tag
      }
      if (own.language === want.language && own.script === want.script) {
        const cycle = new Intl.DateTimeFormat(tag, { hour: "numeric" }).resolvedOptions().hourCycle;
        // h24 ("24:05") and h11 ("0:05 PM") are rare; write them as h23 and h12.
        pick = { locale: tag, hourCycle: cycle === "h11" || cycle === "h12" ? "h12" : "h23" };
        break;
      }
    }
    chosen.set(key, pick);
  }
  return chosen.get(key);
}

// An instant (ISO text) in the reader's own time zone, with the zone named.
export function formatInstant(iso, lang, preferred) {
  const { locale: tag, hourCycle } = readerLocale(lang, preferred);
  return new Intl.DateTimeFormat(tag, {
    weekday: "short",
    day: "numeric",
    month: "short",
    hour: hourCycle === "h12" ? "numeric" : "2-digit",
    minute: "2-digit",
    hourCycle,
    timeZoneName: "short",
  }).format(new Date(iso));
}

// A calendar day (YYYY-MM-DD) as the reader writes dates.
export function formatDay(day, lang, preferred) {
  const { locale: tag } = readerLocale(lang, preferred);
  return new Intl.DateTimeFormat(tag, { dateStyle: "long", timeZone: "UTC" }).format(
    new Date(`${day}T00:00:00Z`),
  );
}

// "2 h 5 min", "4 min 10 s", "12 s" from milliseconds. With hours the seconds
// are not shown, so the minutes are rounded: a clock measured 71:59:59 fast
// (the Date header is whole seconds) reads "72 h 0 min", not "71 h 59 min".
export function duration(ms, strings) {
  const total = Math.max(0, Math.round(Math.abs(ms) / 1000));
  if (total >= 3600) {
    const minutes = Math.round(total / 60);
    return fill(strings.duration_hm, { h: Math.floor(minutes / 60), m: minutes % 60 });
  }
  const m = Math.floor(total / 60);
  const s = total % 60;
  if (m) return fill(strings.duration_ms, { m, s });
  return fill(strings.duration_s, { s });
}
