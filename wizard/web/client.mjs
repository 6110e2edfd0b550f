// Typed-message client for the wizard worker.
//
//   const client = new WizardClient(config);   // starts the worker at once
//   await client.ready;                        // rejects after `timeoutMs`
//   await client.loaded;                       // the same, without the time limit
//   const result = await client.call("check_code", { text, lang });
//
// Every call resolves with the handler's result or rejects with an Error
// whose `code` says why (init_failed, timeout, worker_error, ...).

export class WizardClient {
  constructor(config, { timeoutMs = 10000 } = {}) {
    this.nextId = 1;
    this.pending = new Map();
    const abs = (path) => new URL(path, document.baseURI).href;
    this.worker = new Worker(abs(config.worker), { type: "module" });
    this.worker.onmessage = (event) => this.receive(event.data);
    this.worker.onerror = (event) => {
      event.preventDefault();
      this.failAll("worker_error", event.message || "the worker failed to start");
    };
    const init = this.call("init", {
      pyodide: abs(config.pyodide),
      stdlib: config.stdlib ? abs(config.stdlib) : undefined,
      lock: config.lock ? abs(config.lock) : undefined,
      wheel: abs(config.wheel),
      data: abs(config.data),
      snapshot: Boolean(config.snapshot),
    });
    this.ready = withTimeout(init, timeoutMs, "timeout");
    // `loaded` settles when Python does, however long it takes: a page that
    // gave up waiting after `timeoutMs` can still switch live checks on.
    this.loaded = init;
    init.catch(() => this.worker.terminate());
  }

  call(type, payload = {}) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, type, payload });
    });
  }

  receive(message) {
    const entry = this.pending.get(message && message.id);
    if (!entry) return;
    this.pending.delete(message.id);
    if (message.ok) entry.resolve(message.result);
    else entry.reject(codedError(message.error.code, message.error.message));
  }

  failAll(code, text) {
    for (const { reject } of this.pending.values()) reject(codedError(code, text));
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
