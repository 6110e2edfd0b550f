// Navigation between the static steps: each step is a fragment URL and the
// links are plain <a href>, so the browser does the walking (back/forward
// included). This module only adds what links alone cannot:
//   - the trail of answers (sessionStorage "kg-trail": flow, step and option
//     ids only, never anything typed) for the summary and "step N";
//   - focus on the new step's heading and a polite announcement;
//   - "start over" clears the trail; the language selector keeps the step;
//   - marking the option a live check suggests.

import { el, fill } from "./dom.mjs";

const TRAIL = "kg-trail";
const FOCUS = "kg-focus";
const FLOW_PREFIX = "flow:";

export function initSteps(ctx) {
  const { root, config, strings } = ctx;
  const flowId = root.dataset.flow;
  const flows = config.flows || {};
  const sections = new Map([...root.querySelectorAll(".kg-step")].map((s) => [s.id, s]));
  const announcer = root.querySelector(".kg-announcer");
  const summary = root.querySelector(".kg-summary");
  const shown = new Set();
  let current = null;

  const store = {
    read() {
      try {
        const value = JSON.parse(sessionStorage.getItem(TRAIL) || "[]");
        return Array.isArray(value) ? value.filter(isEntry) : [];
      } catch {
        return [];
      }
    },
    write(trail) {
      try {
        sessionStorage.setItem(TRAIL, JSON.stringify(trail));
      } catch {
        /* storage off: the summary simply stays empty */
      }
    },
    clear() {
      try {
        sessionStorage.removeItem(TRAIL);
      } catch {
        /* nothing stored */
      }
    },
  };

  function targetOf(entry) {
    if (entry.n.startsWith(FLOW_PREFIX)) {
      const f = entry.n.slice(FLOW_PREFIX.length);
      return [f, flows[f] && flows[f].start];
    }
    return [entry.f, entry.n];
  }

  // The answers that led to (flow, step), or null when the stored trail does
  // not lead here (a deep link, or a bookmark from another visit).
  function answersBefore(trail, step) {
    const at = trail.findIndex((e) => e.f === flowId && e.s === step);
    if (at >= 0) return trail.slice(0, at);
    const last = trail[trail.length - 1];
    if (!last) return step === root.dataset.start ? [] : null;
    const [f, s] = targetOf(last);
    return f === flowId && s === step ? trail : null;
  }

  function currentId() {
    let id = "";
    try {
      id = decodeURIComponent(location.hash.slice(1));
    } catch {
      id = "";
    }
    return sections.has(id) ? id : root.dataset.start;
  }

  function announce(text) {
    announcer.textContent = "";
    // A fresh text node after a tick, so the same words are announced again.
    setTimeout(() => {
      announcer.textContent = text;
    }, 50);
  }

  function renderSummary(before) {
    const list = summary.querySelector("ol");
    list.replaceChildren();
    for (const entry of before) {
      const step = flows[entry.f] && flows[entry.f].steps[entry.s];
      if (!step) continue;
      const answer = entry.o === "next" ? strings.continue : step.options[entry.o];
      const url = entry.f === flowId ? `#${entry.s}` : `${flows[entry.f].url}#${entry.s}`;
      const change = el("a", {
        href: url,
        class: "kg-change",
        "data-change": `${entry.f}#${entry.s}`,
        "aria-label": fill(strings.change_label, { q: step.title }),
        text: strings.change,
      });
      list.append(
        el(
          "li",
          {},
          el("span", { class: "kg-summary-q", text: step.title }),
          " ",
          el("strong", { class: "kg-summary-a", text: answer || entry.o }),
          " ",
          change,
        ),
      );
    }
    summary.hidden = list.children.length === 0;
  }

  function progress(section, before) {
    const line = section.querySelector(".kg-progress");
    const n = before ? before.length + 1 : Number(line.dataset.depth || 1);
    const remaining = Number(line.dataset.remaining || 0);
    line.textContent = remaining
      ? fill(strings.progress, { n, m: n + remaining })
      : fill(strings.progress_last, { n });
    return n;
  }

  function keepStepOnLanguageSwitch() {
    for (const link of document.querySelectorAll("a.md-select__link[hreflang]")) {
      const url = new URL(link.getAttribute("href"), location.href);
      url.hash = location.hash;
      link.href = url.href;
    }
  }

  function show(initial) {
    const id = currentId();
    const section = sections.get(id);
    const before = answersBefore(store.read(), id);
    renderSummary(before || []);
    const n = progress(section, before);
    let moved = false;
    try {
      moved = sessionStorage.getItem(FOCUS) === "1";
      sessionStorage.removeItem(FOCUS);
    } catch {
      moved = false;
    }
    if (!initial || moved) {
      const heading = section.querySelector("h2");
      heading.focus({ preventScroll: initial && !location.hash });
      announce(fill(strings.announce_step, { n, title: heading.textContent }));
    }
    keepStepOnLanguageSwitch();
    current = section;
    for (const fn of shown) fn(section);
  }

  root.addEventListener("click", (event) => {
    const option = event.target.closest("a.kg-option");
    if (option && root.contains(option)) {
      const step = option.closest(".kg-step").id;
      const trail = answersBefore(store.read(), step) || [];
      trail.push({ f: flowId, s: step, o: option.dataset.option, n: option.dataset.next });
      store.write(trail);
      if (option.dataset.next.startsWith(FLOW_PREFIX)) markMove();
      return;
    }
    const restart = event.target.closest("a[data-restart]");
    if (restart) {
      store.clear();
      if (!restart.getAttribute("href").startsWith("#")) markMove();
      return;
    }
    const change = event.target.closest("a.kg-change");
    if (change && !change.getAttribute("href").startsWith("#")) markMove();
  });

  window.addEventListener("hashchange", () => show(false));
  window.addEventListener("pageshow", (event) => {
    if (event.persisted) show(true);
  });
  show(true);

  return {
    flowId,
    // fn(section) runs whenever a step is shown (and now for the current one).
    onShow(fn) {
      shown.add(fn);
      if (current) fn(current);
    },
    // The steps answered before `section`, across flows ([{f, s}], ids only),
    // or null when the stored trail does not lead there (the composer's
    // reference line then says the path is unknown).
    trailTo(section) {
      const before = answersBefore(store.read(), section.id);
      return before ? before.map((e) => ({ f: e.f, s: e.s })) : null;
    },
    // Run the onShow functions again for the current step (Python came in late).
    refresh() {
      if (current) for (const fn of shown) fn(current);
    },
    // Mark the option of `section` whose data-when is `status` (null: none).
    suggest(section, status) {
      let picked = null;
      for (const option of section.querySelectorAll("a.kg-option[data-when]")) {
        const match = status != null && option.dataset.when === status;
        option.classList.toggle("kg-suggested", match);
        const badge = option.querySelector(".kg-badge");
        if (match && !badge) {
          option.append(" ", el("span", { class: "kg-badge", text: strings.suggested }));
        } else if (!match && badge) {
          badge.remove();
          option.normalize();
          option.lastChild && (option.lastChild.textContent = option.lastChild.textContent.trimEnd());
        }
        if (match) picked = option;
      }
      if (picked && picked.dataset.announced !== "1") {
        for (const o of section.querySelectorAll("a.kg-option")) delete o.dataset.announced;
        picked.dataset.announced = "1";
        const label = picked.firstChild ? picked.firstChild.textContent.trim() : "";
        announce(fill(strings.announce_suggested, { option: label }));
      }
      return picked;
    },
  };
}

function markMove() {
  try {
    sessionStorage.setItem(FOCUS, "1");
  } catch {
    /* focus simply stays where the browser puts it */
  }
}

function isEntry(e) {
  return e && typeof e.f === "string" && typeof e.s === "string" && typeof e.o === "string" && typeof e.n === "string";
}
