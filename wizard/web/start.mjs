// Starts the wizard's worker as soon as the page's config is parsed.
//
// The page loads this module `async`, right after the config and before the
// theme's scripts (overrides/wizard.html): a deferred module such as ui.mjs
// runs only once the theme's bundle has been downloaded and run, which on a
// phone's link held the worker (and with it Python's start) back by ~0.45 s
// for nothing it needs. ui.mjs, which needs the whole page, imports `early`
// and takes the client over (with its restart handler).

import { WizardClient } from "./client.mjs";

function begin() {
  const node = document.getElementById("kg-config");
  if (!node) return null;
  try {
    const client = new WizardClient(JSON.parse(node.textContent));
    // ui.mjs handles both outcomes; until it runs, a failure is not "unhandled".
    client.ready.catch(() => {});
    client.loaded.catch(() => {});
    return client;
  } catch (error) {
    return { error };
  }
}

export const early = begin();
