"""Benchmark 3: ``check_code`` latency through the real worker, and in Node.

In Chromium the wizard page is opened and, once it is ready, a second
``WizardClient`` (``client.mjs`` from the page's own ``#kg-config``) is
created in the page; after a warm-up, ``calls`` ``check_code`` messages are
timed one by one, round trip page → worker → Python → page. The inputs are
codes of every format in ``vendor.yml``, valid and typically mangled
(lower case, look-alikes, spaces and dashes, a character missing). The
second figure is the same loop straight into ``wizard.api.handle_json`` in
Pyodide under Node (``bench/pyodide_node.mjs``). Goal: p95 ≤ 5 ms.

>>> inputs = code_inputs(8)
>>> len(inputs), len(set(inputs)) > 4
(8, True)
"""

from __future__ import annotations

import json
import random
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from bench.browser import Recorder, chromium
from bench.common import ROOT, BenchError, page_config, percentile, progress
from bench.server import serve
from wizard import codes
from wizard.vendor import Vendor

GOAL_P95_MS = 5.0
PAGE = "wizard/code-invalid/"
LOOKALIKES = {"0": "O", "1": "I", "5": "S", "8": "B", "2": "Z"}

TIME_CALLS = """
async ({ inputs, warmup }) => {
  const config = JSON.parse(document.getElementById("kg-config").textContent);
  const abs = (path) => new URL(path, document.baseURI).href;
  const { WizardClient } = await import(new URL("client.mjs", abs(config.worker)).href);
  const client = new WizardClient(config, { timeoutMs: 300000 });
  await client.ready;
  const ask = (text) => client.call("check_code", { text, lang: config.lang });
  for (let i = 0; i < warmup; i++) await ask(inputs[i % inputs.length]);
  const times = [];
  let invalid = 0;
  for (const text of inputs) {
    const started = performance.now();
    const result = await ask(text);
    times.push(performance.now() - started);
    if (!result.valid) invalid++;
  }
  client.worker.terminate();
  return { times, invalid };
}
"""


def _mangle(code: str, rng: random.Random) -> str:
    kind = rng.randrange(6)
    if kind == 0:
        return code
    if kind == 1:
        return code.lower()
    if kind == 2:
        return " " + code.replace("-", " ") + " "
    if kind == 3:
        return "".join(LOOKALIKES.get(ch, ch) if rng.random() < 0.3 else ch for ch in code)
    if kind == 4:
        cut = rng.randrange(len(code))
        return code[:cut] + code[cut + 1 :]
    return code.replace("-", "—", 1)


def code_inputs(count: int, seed: int = 7) -> list[str]:
    """``count`` typed codes across all vendor formats, valid and mangled."""
    rng = random.Random(seed)
    formats = [fmt.spec for fmt in Vendor.load().formats.values()]
    return [_mangle(codes.generate(formats[i % len(formats)], rng), rng) for i in range(count)]


def figures(times: list[float], invalid: int) -> dict[str, Any]:
    return {
        "calls": len(times),
        "p50_ms": percentile(times, 50),
        "p95_ms": percentile(times, 95),
        "max_ms": round(max(times), 3),
        "invalid": invalid,
    }


def browser(site_dir: Path, calls: int = 1000, page: str = PAGE) -> dict[str, Any]:
    inputs = code_inputs(calls)
    with serve(site_dir) as (base, _stats), chromium() as chrome:
        tab = chrome.new_page()
        recorder = Recorder(tab)
        tab.goto(base + page)
        result = tab.evaluate(TIME_CALLS, {"inputs": inputs, "warmup": min(50, calls)})
        if recorder.errors:
            raise BenchError(f"console errors: {recorder.errors[:5]}")
    return figures(result["times"], result["invalid"])


def node_job(site_dir: Path, page: str = PAGE, **extra: Any) -> dict[str, Any]:
    """The job for ``pyodide_node.mjs``, from the built site (wheel, data.json)."""
    config = page_config(site_dir, page)
    base = site_dir / page

    def local(rel: str) -> str:
        return str((base / rel).resolve())

    return {
        "indexURL": str(ROOT / "node_modules" / "pyodide") + "/",
        "wheel": local(config["wheel"]),
        "data": local(config["data"]),
        "lang": config.get("lang", "en"),
        # The trimmed standard library the site ships, as the browser loads it.
        **({"stdLibURL": local(config["stdlib"])} if config.get("stdlib") else {}),
        **extra,
    }


def run_node(job: dict[str, Any]) -> dict[str, Any]:
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(job, handle)
    try:
        result = subprocess.run(
            ["node", str(ROOT / "bench" / "pyodide_node.mjs"), handle.name],
            capture_output=True,
            text=True,
            timeout=600,
        )
    finally:
        Path(handle.name).unlink()
    if result.returncode != 0:
        # Node echoes the minified source line of an error: keep the short lines.
        short = [line for line in result.stderr.splitlines() if len(line) < 400]
        raise BenchError("pyodide_node.mjs failed:\n" + "\n".join(short[-25:]))
    return json.loads(result.stdout.strip().splitlines()[-1])


def node(site_dir: Path, calls: int = 1000) -> dict[str, Any]:
    out = run_node(node_job(site_dir, inputs=code_inputs(calls)))
    if out["errors"]:
        raise BenchError(f"errors in Node: {out['errors'][:5]}")
    return {**figures(out["times_ms"], out["invalid"]), "load_ms": round(out["load_ms"])}


def run(site_dir: Path, calls: int = 1000, with_node: bool = True) -> dict[str, Any]:
    out: dict[str, Any] = {"goal_p95_ms": GOAL_P95_MS, "browser": browser(site_dir, calls)}
    progress(f"  latency in the worker: p95 {out['browser']['p95_ms']} ms")
    if with_node:
        out["node"] = node(site_dir, calls)
    return out


def lines(fig: dict[str, Any]) -> list[str]:
    b = fig["browser"]
    rows = [
        f"check_code latency, {b['calls']} calls ({b['invalid']} judged invalid), goal p95 ≤ {fig['goal_p95_ms']} ms:",
        f"  through the worker in Chromium: p50 {b['p50_ms']:.2f} ms, p95 {b['p95_ms']:.2f} ms, max {b['max_ms']:.1f} ms",
    ]
    if "node" in fig:
        n = fig["node"]
        rows.append(
            f"  direct in Pyodide under Node: p50 {n['p50_ms']:.2f} ms, p95 {n['p95_ms']:.2f} ms, "
            f"max {n['max_ms']:.1f} ms (loadPyodide + wheel + configure {n['load_ms']} ms)"
        )
    return rows
