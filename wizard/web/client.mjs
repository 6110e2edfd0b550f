// Typed-message client for the wizard worker.
//
//   const client = new WizardClient(config);   // starts the worker at once
//   await client.ready;                        // rejects after `timeoutMs`
//   await client.loaded;                       // the same, without the time limit
//   const result = await client.call("check_code", { text, lang });
//
// Every call resolves with the handler's result or rejects with an Error
// whose `code` says why (init_failed, timeout, worker_error, ...).
//
// Every call after `init` has a time limit (`callTimeoutMs`). A worker that
// lets one pass is stuck (a runaway computation blocks its only thread): it is
// terminated and a fresh one started; `onRestart(promise)` tells the page,
// with the promise of the new worker being ready. Calls made meanwhile wait
// for it.

export class WizardClient {
  constructor(config, { timeoutMs = 10000, callTimeoutMs = 8000, onRestart = null } = {}) {
    this.nextId = 1;
    this.pending = new Map();
    this.callTimeoutMs = callTimeoutMs;
    this.onRestart = onRestart;
    const abs = (path) => new URL(path, document.baseURI).href;
    this.workerUrl = abs(config.worker);
    this.initPayload = {
      pyodide: abs(config.pyodide),
      stdlib: config.stdlib ? abs(config.stdlib) : undefined,
      lock: config.lock ? abs(config.lock) : undefined,
      wheel: abs(config.wheel),
      data: abs(config.data),
      snapshot: Boolean(config.snapshot),
    };
    const init = this.start();
    this.ready = withTimeout(init, timeoutMs, "timeout");
    // `loaded` settles when Python does, however long it takes: a page that
    // gave up waiting after `timeoutMs` can still switch live checks on.
    this.loaded = init;
  }

  // A new worker and its init; `this.booted` settles with it.
  start() {
    this.worker = new Worker(this.workerUrl, { type: "module" });
    this.worker.onmessage = (event) => this.receive(event.data);
    this.worker.onerror = (event) => {
      event.preventDefault();
      this.failAll("worker_error", event.message || "the worker failed to start");
    };
    const init = this.post("init", this.initPayload, 0);
    const worker = this.worker;
    init.catch(() => worker.terminate());
    this.booted = init;
    return init;
  }

  restart() {
    this.worker.terminate();
    this.failAll("worker_restarted", "the worker stopped answering and was replaced");
    const init = this.start();
    if (this.onRestart) this.onRestart(init);
  }

  call(type, payload = {}) {
    if (type === "init") return this.booted;
    return this.booted.then(() => this.post(type, payload, this.callTimeoutMs));
  }

  post(type, payload, limitMs) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const entry = { resolve, reject, timer: null };
      if (limitMs > 0) {
        entry.timer = setTimeout(() => {
          if (!this.pending.has(id)) return;
          this.pending.delete(id);
          reject(codedError("timeout", `no answer to ${type} within ${limitMs} ms`));
          this.restart();
        }, limitMs);
      }
      this.pending.set(id, entry);
      this.worker.postMessage({ id, type, payload });
    });
  }

  receive(message) {
    const entry = this.pending.get(message && message.id);
    if (!entry) return;
    this.pending.delete(message.id);
    clearTimeout(entry.timer);
    if (message.ok) entry.resolve(message.result);
    else entry.reject(codedError(message.error.code, message.error.message));
  }

  failAll(code, text) {
    for (const { reject, timer } of this.pending.values()) {
      clearTimeout(timer);
      reject(codedError(code, text));
    }
    this.pending.clear();
  }
}

function codedError(code, text) {
  const error = new Error(text);
  error.code = code;
  return error;
}

function withTimeout(promise, ms, code) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(codedError(code, `no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
