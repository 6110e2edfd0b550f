// The support message composer on escalate outcomes. Python's `compose`
// writes the message (routing, masking, mailto length); this module sends
// it the fields, shows the result, and offers copy / mail app / print /
// download. Typed values live only in the DOM: never in a URL, in storage
// or in a request (the worker is local; mailto: opens only on a click).

import { debounce, el, fill } from "./dom.mjs";

// Fields the composer can take from live checks on the same page.
const SHARED = {
  code: "[data-live-check='code_format'] [data-field='code']",
  reseller: "[data-live-check='wait_estimate'] [data-field='reseller']",
  purchase_date: "[data-live-check='wait_estimate'] [data-field='purchased']",
};

export function initComposer(ctx, nav) {
  for (const form of ctx.root.querySelectorAll("form.kg-composer")) wire(form, ctx, nav);
}

function wire(form, ctx, nav) {
  const { strings, lang } = ctx;
  const section = form.closest(".kg-step");
  const fields = [...form.querySelectorAll("[data-field]")];
  const touched = new Set();
  const message = form.querySelector(".kg-message");
  const composing = form.querySelector(".kg-composing");
  const status = form.querySelector(".kg-action-status");
  const mail = form.querySelector("[data-action='mail']");
  let last = null;
  let ticket = 0;

  form.addEventListener("submit", (event) => event.preventDefault());

  function answers() {
    const out = {};
    for (const field of fields) if (field.value.trim()) out[field.dataset.field] = field.value;
    return out;
  }

  async function run() {
    const mine = ++ticket;
    try {
      // The reference line names the flow and the steps taken (ids only).
      const where = { flow: nav.flowId, step: section.id, trail: nav.trailTo(section) };
      const result = await ctx.call("compose", { problem: form.dataset.problem, answers: answers(), lang, ...where });
      if (mine === ticket) show(result);
    } catch {
      if (mine === ticket) composing.textContent = strings.live_unavailable;
    }
  }
  const compose = debounce(run, 300);

  function show(result) {
    last = result;
    composing.hidden = true;
    message.hidden = false;
    form.querySelector(".kg-to").textContent = result.to ? `${result.to_name} <${result.to}>` : result.to_name;
    if (result.to_kind === "url") form.querySelector(".kg-to").textContent = `${result.to_name}: ${result.to}`;
    form.querySelector(".kg-subject").textContent = result.subject;
    form.querySelector(".kg-body").textContent = result.clipboard;
    const general = form.querySelector(".kg-warnings");
    general.replaceChildren();
    const byField = new Map();
    for (const warning of result.warnings || []) {
      if (warning.field && fields.some((f) => f.dataset.field === warning.field)) {
        if (!byField.has(warning.field)) byField.set(warning.field, warning.text);
      } else {
        general.append(el("li", { text: warning.text }));
      }
    }
    for (const field of fields) {
      const error = document.getElementById(`${field.id}-error`);
      const text = touched.has(field.dataset.field) ? byField.get(field.dataset.field) : null;
      error.hidden = !text;
      error.textContent = text || "";
      if (text) field.setAttribute("aria-invalid", "true");
      else field.removeAttribute("aria-invalid");
    }
    if (result.mailto) {
      mail.href = result.mailto;
      mail.textContent = strings.open_mail;
      mail.hidden = false;
    } else if (result.to_kind === "url" && result.to) {
      mail.href = result.to;
      mail.textContent = fill(strings.open_form, { name: result.to_name });
      mail.hidden = false;
    } else {
      mail.hidden = true;
      mail.removeAttribute("href");
    }
    if (result.mailto_truncated) general.append(el("li", { text: strings.mailto_short }));
  }

  for (const field of fields) {
    const mark = () => {
      touched.add(field.dataset.field);
      compose();
    };
    field.addEventListener("input", mark);
    field.addEventListener("change", mark);
    field.addEventListener("blur", () => {
      if (field.value.trim()) mark();
    });
  }

  // Copy synchronously inside the click (Safari needs it); fall back to a selection.
  form.querySelector("[data-action='copy']").addEventListener("click", () => {
    if (!last) return;
    const body = form.querySelector(".kg-body");
    const done = () => say(strings.copied);
    const fallback = () => {
      const range = document.createRange();
      range.selectNodeContents(body);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      let ok = false;
      try {
        ok = document.execCommand("copy");
      } catch {
        ok = false;
      }
      say(ok ? strings.copied : strings.copy_failed);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(last.clipboard).then(done, fallback);
    } else {
      fallback();
    }
  });

  form.querySelector("[data-action='print']").addEventListener("click", () => {
    if (!last) return;
    const sheet = el(
      "div",
      { class: "kg-print-sheet" },
      el("p", { text: `${strings.to_label}: ${form.querySelector(".kg-to").textContent}` }),
      el("p", { text: `${strings.subject_label}: ${last.subject}` }),
      el("pre", { text: last.clipboard }),
    );
    document.body.append(sheet);
    document.body.classList.add("kg-printing");
    const cleanup = () => {
      document.body.classList.remove("kg-printing");
      sheet.remove();
      window.removeEventListener("afterprint", cleanup);
    };
    window.addEventListener("afterprint", cleanup);
    window.print();
    setTimeout(cleanup, 1000);
  });

  form.querySelector("[data-action='download']").addEventListener("click", () => {
    if (!last) return;
    const text = `${strings.to_label}: ${form.querySelector(".kg-to").textContent}\n${strings.subject_label}: ${last.subject}\n\n${last.clipboard}\n`;
    const url = URL.createObjectURL(new Blob([text], { type: "text/plain;charset=utf-8" }));
    const link = el("a", { href: url, download: strings.download_name, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  });

  function say(text) {
    status.textContent = "";
    setTimeout(() => {
      status.textContent = text;
    }, 50);
  }

  // Bring over what the customer already typed in this page's live checks.
  function prefill() {
    for (const field of fields) {
      const source = SHARED[field.dataset.field] && ctx.root.querySelector(SHARED[field.dataset.field]);
      if (!source || field.value || !source.value) continue;
      const value = field.dataset.field === "purchase_date" ? source.value.slice(0, 10) : source.value.trim();
      if (field.tagName === "SELECT" && ![...field.options].some((o) => o.value === value)) continue;
      field.value = value;
    }
  }

  nav.onShow((shown) => {
    if (shown !== section) return;
    prefill();
    ctx.ready.then(() => compose.now(), () => {});
  });
}
