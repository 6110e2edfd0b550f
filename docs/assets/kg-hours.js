// Support hours in the reader's own time zone. The build writes the hours in
// the vendor's zone (and Moscow/Beijing time on ru/zh pages) into the text,
// followed by an empty <span class="kg-reader-hours" data-...> (sitebuild/
// hours.py). With JavaScript on, this fills the span from the reader's zone,
// formatted in the page's language; without it the page reads the same.
(() => {
  const hooks = document.querySelectorAll(".kg-reader-hours[data-zone]");
  if (!hooks.length || typeof Intl !== "object") return;
  const lang = document.documentElement.lang || "en";
  const reader = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const WEEK = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

  // How far `zone`'s wall clock is ahead of UTC at instant `t` (ms).
  const offset = (zone, t) => {
    const parts = {};
    const fmt = new Intl.DateTimeFormat("en-US", {
      timeZone: zone, hourCycle: "h23", year: "numeric", month: "numeric",
      day: "numeric", hour: "numeric", minute: "numeric", second: "numeric",
    });
    for (const part of fmt.formatToParts(t)) parts[part.type] = Number(part.value);
    const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour % 24,
      parts.minute, parts.second);
    return wall - Math.floor(t / 1000) * 1000;
  };
  // The instant at which `zone`'s clock shows the date (UTC fields of `day`) and `clock`.
  const instant = (zone, day, clock) => {
    const [hour, minute] = clock.split(":").map(Number);
    const wall = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), hour, minute);
    const first = wall - offset(zone, wall);
    return wall - offset(zone, first);
  };

  for (const hook of hooks) {
    const data = hook.dataset;
    if (!reader || data.skip.split(",").includes(reader)) continue;
    const days = data.days.split(",");
    const now = Date.now();
    const today = new Date(now + offset(data.zone, now)); // UTC fields: the vendor's date
    const next = (day) => {
      const ahead = (WEEK.indexOf(day) - today.getUTCDay() + 7) % 7;
      return new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(),
        today.getUTCDate() + ahead));
    };
    const opens = instant(data.zone, next(days[0]), data.open);
    const closes = instant(data.zone, next(days[0]), data.close);
    const lastOpens = instant(data.zone, next(days[days.length - 1]), data.open);
    const time = new Intl.DateTimeFormat(lang, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    const weekday = new Intl.DateTimeFormat(lang, { weekday: data.weekday });
    const date = new Intl.DateTimeFormat("en-CA", { year: "numeric", month: "2-digit", day: "2-digit" });
    const close = date.format(opens) === date.format(closes)
      ? time.format(closes)
      : data.nextDay.replace("{time}", time.format(closes));
    const range = days.length === 1
      ? weekday.format(opens)
      : data.range.replace("{first}", weekday.format(opens)).replace("{last}", weekday.format(lastOpens));
    hook.textContent = data.text.replace("{days}", range).replace("{open}", time.format(opens))
      .replace("{close}", close);
    hook.hidden = false;
  }
})();
