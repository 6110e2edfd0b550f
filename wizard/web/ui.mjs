// Page glue for the wizard: starts the worker at page load, shows its
// state, and wires live checks. Every decision comes from Python; this file
// only moves messages and DOM. User text is only ever set with textContent.

import { WizardClient } from "./client.mjs";

const configNode = document.getElementById("kg-config");
const root = document.querySelector(".kg-wizard");

if (configNode && root) start(JSON.parse(configNode.textContent));

function start(config) {
  const strings = config.strings;
  const status = root.querySelector(".kg-live-status");
  const setStatus = (state) => {
    status.hidden = false;
    status.dataset.state = state;
    status.textContent = strings[`live_${state}`];
  };
  setStatus("loading");
  const client = new WizardClient(config);
  client.ready.then(
    () => setStatus("ready"),
    () => setStatus("unavailable"),
  );
  for (const form of root.querySelectorAll("[data-live-check='code_format']")) {
    wireCodeCheck(form, client, config);
  }
}

function wireCodeCheck(form, client, config) {
  const input = form.querySelector("textarea, input");
  const output = form.querySelector(".kg-check-result");
  form.hidden = false;
  form.addEventListener("submit", (event) => event.preventDefault());
  let timer = null;
  let latest = 0;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const ticket = ++latest;
      try {
        await client.ready;
        const result = await client.call("check_code", { text: input.value, lang: config.lang });
        if (ticket === latest) showDiagnosis(output, result, config.strings);
      } catch {
        if (ticket === latest) output.textContent = config.strings.live_unavailable;
      }
    }, 250);
  });
}

function showDiagnosis(output, result, strings) {
  output.replaceChildren();
  const head = document.createElement("p");
  head.className = result.valid ? "kg-ok" : "kg-problem";
  head.textContent = result.valid ? strings.code_valid : strings.code_invalid;
  output.append(head);
  if (result.problems && result.problems.length) {
    const list = document.createElement("ul");
    for (const problem of result.problems) {
      const item = document.createElement("li");
      item.dataset.kind = problem.kind;
      item.textContent = problem.message;
      list.append(item);
    }
    output.append(list);
  }
  if (result.fixed && !result.valid) {
    const fixed = document.createElement("p");
    const code = document.createElement("code");
    code.textContent = result.fixed;
    fixed.append(strings.code_fixed, " ", code);
    output.append(fixed);
  }
}
