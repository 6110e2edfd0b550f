// Live checks on check steps and escalate outcomes. Each one sends a typed
// message to Python in the worker and shows the answer. The verdict is
// Python's: every check's reply carries `status` (wizard/checks.py, the
// registry of checks), which is relayed to the navigation as it is; an
// option whose `when:` names it is suggested, and no other.
//
//   code_format       check_code as the user types: problems in place, the
//                     offending characters marked, "use the corrected code"
//   wait_estimate     estimate: due time in the reader's zone, live countdown
//   clock_skew        clock_skew against the Date header of this very page
//   offline_file_age  file_age of the activation file
//   support_hours     support_hours: open now / next opening, reply due

import { debounce, duration, el, fill, formatDay, formatInstant } from "./dom.mjs";

export function initChecks(ctx, nav) {
  const wire = {
    code_format: codeCheck,
    wait_estimate: waitCheck,
    clock_skew: clockCheck,
    offline_file_age: fileCheck,
    support_hours: hoursCheck,
  };
  for (const node of ctx.root.querySelectorAll("[data-live-check]")) {
    const fn = wire[node.dataset.liveCheck];
    if (fn) fn(node, ctx, nav);
  }
}

// Runs `ask()` for the newest request only; older answers are dropped.
function latestOnly(ask, show, fail) {
  let ticket = 0;
  return async (...args) => {
    const mine = ++ticket;
    try {
      const result = await ask(...args);
      if (mine === ticket && result !== undefined) show(result);
    } catch (error) {
      if (mine === ticket) fail(error);
    }
  };
}

function unavailable(ctx, out) {
  out.replaceChildren(el("p", { class: "kg-problem", text: ctx.strings.live_unavailable }));
}

// -- code_format ----------------------------------------------------------------

const INVISIBLE = /[\u00ad\u034f\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]/u;

function codeCheck(form, ctx, nav) {
  const { strings, lang } = ctx;
  const section = form.closest(".kg-step");
  const input = form.querySelector("textarea, input");
  const out = form.querySelector(".kg-check-result");
  form.addEventListener("submit", (event) => event.preventDefault());
  const run = latestOnly(
    async () => {
      const text = input.value;
      if (!text) return null; // an empty field is not an error while typing
      return ctx.call("check_code", { text, lang });
    },
    (result) => {
      if (result === null) {
        out.replaceChildren();
        input.removeAttribute("aria-invalid");
        nav.suggest(section, null);
        return;
      }
      showDiagnosis(out, input, result, strings, () => {
        input.value = result.fixed;
        input.focus();
        check.now();
      });
      input.setAttribute("aria-invalid", String(!result.valid));
      nav.suggest(section, result.status);
    },
    () => unavailable(ctx, out),
  );
  const check = debounce(run, 250);
  input.addEventListener("input", () => check());
  // Shown again (or Python came in late): check what is already typed.
  nav.onShow((shown) => {
    if (shown === section && input.value) check();
  });
}

function showDiagnosis(out, input, result, strings, useFixed) {
  const parts = [
    el("p", { class: result.valid ? "kg-ok" : "kg-problem", text: result.valid ? strings.code_valid : strings.code_invalid }),
  ];
  const problems = result.problems || [];
  if (problems.length) {
    const list = el("ul", { class: "kg-problems" });
    for (const problem of problems) {
      list.append(el("li", { "data-kind": problem.kind, text: problem.message }));
    }
    parts.push(list);
    const marked = new Set(problems.flatMap((p) => p.positions || []));
    if (marked.size) {
      // The text as Python gives it back (card digits already blanked, same
      // length), never the raw input: one character per span; positions
      // count code points, as Python does.
      const shown = result.display;
      const view = el("code", { class: "kg-code-view", "aria-hidden": "true" });
      Array.from(shown).forEach((ch, i) => {
        view.append(glyph(ch, marked.has(i)));
      });
      parts.push(el("p", { class: "kg-code-view-wrap" }, el("span", { class: "kg-code-view-label", text: strings.code_view }), " ", view));
    }
  }
  if (result.fixed && !result.valid) {
    const button = el("button", { type: "button", class: "md-button kg-use-fixed", text: strings.use_fixed });
    button.addEventListener("click", useFixed);
    parts.push(el("p", { class: "kg-fixed" }, strings.code_fixed, " ", el("code", { text: result.fixed })));
    parts.push(el("p", {}, button));
  }
  out.replaceChildren(...parts);
}

function glyph(ch, marked) {
  let text = ch;
  let cls = "";
  if (ch === "\n" || ch === "\r") [text, cls] = ["↵", "kg-ws"];
  else if (ch === "\t") [text, cls] = ["⇥", "kg-ws"];
  else if (/\s/u.test(ch)) [text, cls] = ["␣", "kg-ws"];
  else if (INVISIBLE.test(ch)) [text, cls] = ["¤", "kg-ws"];
  const node = el(marked ? "mark" : "span", { class: cls || false, text });
  return node;
}

// -- wait_estimate -------------------------------------------------------------

function waitCheck(form, ctx, nav) {
  const { strings, lang } = ctx;
  const section = form.closest(".kg-step");
  const reseller = form.querySelector("[data-field='reseller']");
  const purchased = form.querySelector("[data-field='purchased']");
  const out = form.querySelector(".kg-check-result");
  const countdown = form.querySelector(".kg-countdown");
  let timer = null;
  form.addEventListener("submit", (event) => event.preventDefault());

  const stop = () => {
    clearInterval(timer);
    timer = null;
    countdown.hidden = true;
  };
  const run = latestOnly(
    async () => {
      const when = new Date(purchased.value);
      if (!reseller.value || !purchased.value || Number.isNaN(when.getTime())) return null;
      return ctx.call("estimate", { reseller: reseller.value, purchased: when.toISOString() });
    },
    (result) => {
      stop();
      if (result === null) {
        out.replaceChildren();
        nav.suggest(section, null);
        return;
      }
      const time = formatInstant(result.latest_by, lang);
      const parts = [el("p", { class: result.status === "wait" ? "kg-ok" : "kg-problem", text: fill(strings[`wait_result_${result.status}`], { time }) })];
      if (result.reason !== "normal" && result.status !== "future") {
        parts.push(el("p", { text: strings[`wait_reason_${result.reason}`] }));
      }
      out.replaceChildren(...parts);
      nav.suggest(section, result.status);
      if (result.status === "wait") {
        const due = new Date(result.latest_by).getTime();
        const tick = () => {
          const left = due - Date.now();
          if (left <= 0) {
            stop();
            check.now(); // Python decides what "overdue" means
            return;
          }
          countdown.textContent = fill(strings.time_left, { left: clock(left) });
        };
        countdown.hidden = false;
        tick();
        timer = setInterval(tick, 1000);
      }
    },
    () => {
      stop();
      unavailable(ctx, out);
    },
  );
  const check = debounce(run, 300);
  reseller.addEventListener("change", () => check());
  purchased.addEventListener("input", () => check());
  purchased.addEventListener("change", () => check());
  nav.onShow((shown) => {
    if (shown === section && reseller.value && purchased.value) check();
  });
}

// 1:05:09 — hours, minutes and seconds, as on a stopwatch.
function clock(ms) {
  const total = Math.max(0, Math.floor(ms / 1000));
  const pad = (n) => String(n).padStart(2, "0");
  return `${Math.floor(total / 3600)}:${pad(Math.floor((total % 3600) / 60))}:${pad(total % 60)}`;
}

// -- clock_skew -------------------------------------------------------------------

// The site's own clock: the Date header of this page, fetched again.
async function serverNow() {
  const started = Date.now();
  const response = await fetch(location.href.split("#")[0], { method: "HEAD", cache: "no-store" });
  const ended = Date.now();
  const header = response.headers.get("Date");
  const server = header ? Date.parse(header) : NaN;
  if (Number.isNaN(server)) throw new Error("no Date header");
  // The header has whole seconds: its middle is the best guess.
  return { device: new Date((started + ended) / 2), trusted: new Date(server + 500) };
}

function clockCheck(box, ctx, nav) {
  const { strings } = ctx;
  const section = box.closest(".kg-step");
  const button = box.querySelector("button");
  const out = box.querySelector(".kg-check-result");
  let done = false;
  const run = latestOnly(
    async () => {
      out.replaceChildren(el("p", { text: strings.checking }));
      let times;
      try {
        times = await serverNow();
      } catch {
        return { failed: true };
      }
      return ctx.call("clock_skew", {
        device_time: times.device.toISOString(),
        trusted_time: times.trusted.toISOString(),
      });
    },
    (result) => {
      if (result.failed) {
        out.replaceChildren(el("p", { class: "kg-problem", text: strings.clock_failed }));
        nav.suggest(section, null);
        return;
      }
      const d = duration(result.skew_seconds * 1000, strings);
      const key = result.ok ? "clock_ok" : `clock_${result.direction}`;
      const parts = [el("p", { class: result.ok ? "kg-ok" : "kg-problem", text: fill(strings[key], { d }) })];
      if (result.zone_error) parts.push(el("p", { text: strings.clock_zone }));
      out.replaceChildren(...parts);
      nav.suggest(section, result.status);
    },
    () => unavailable(ctx, out),
  );
  button.addEventListener("click", () => run());
  // Check once, as soon as the step is on screen and Python is ready.
  nav.onShow((shown) => {
    if (shown === section && !done) {
      done = true;
      ctx.ready.then(
        () => run(),
        () => {
          done = false;
        },
      );
    }
  });
}

// -- offline_file_age --------------------------------------------------------------

function fileCheck(form, ctx, nav) {
  const { strings, lang } = ctx;
  const section = form.closest(".kg-step");
  const input = form.querySelector("[data-field='issued']");
  const out = form.querySelector(".kg-check-result");
  form.addEventListener("submit", (event) => event.preventDefault());
  const run = latestOnly(
    async () => (input.value ? ctx.call("file_age", { issued: input.value }) : null),
    (result) => {
      if (result === null) {
        out.replaceChildren();
        nav.suggest(section, null);
        return;
      }
      const date = formatDay(result.expires_on, lang);
      const parts = result.expired
        ? [el("p", { class: "kg-problem", text: fill(strings.file_expired, { date }) })]
        : [el("p", { class: "kg-ok", text: fill(strings.file_valid, { date, n: result.days_left }) })];
      if (result.renew_soon) parts.push(el("p", { text: strings.file_renew_soon }));
      out.replaceChildren(...parts);
      nav.suggest(section, result.status);
    },
    () => unavailable(ctx, out),
  );
  const check = debounce(run, 200);
  input.addEventListener("input", () => check());
  input.addEventListener("change", () => check());
  nav.onShow((shown) => {
    if (shown === section && input.value) check();
  });
}

// -- support_hours ---------------------------------------------------------------------

function hoursCheck(node, ctx, nav) {
  const { strings, lang } = ctx;
  const section = node.closest(".kg-step");
  let loaded = false;
  const run = latestOnly(
    () => ctx.call("support_hours", {}),
    (result) => {
      const now = result.open_now
        ? fill(strings.hours_open, { time: formatInstant(result.closes_at, lang) })
        : fill(strings.hours_closed, { time: formatInstant(result.opens_at, lang) });
      const due = fill(strings.reply_due, { time: formatInstant(result.reply_due.general, lang) });
      node.textContent = `${now} ${due}`;
      node.hidden = false;
    },
    () => {
      node.hidden = true;
      loaded = false;
    },
  );
  node.hidden = true; // shown once Python has answered
  nav.onShow((shown) => {
    if (shown === section && !loaded) {
      loaded = true;
      run();
    }
  });
}
