"""The web chat as a reader meets it, in Debian's Chromium: how long after `python app.py` starts a first page is
shown and the page takes questions, and how long from Enter to the answer on screen, over 30 questions of the dev set.

    .venv/bin/python benchmarks/browser.py [--questions 30] [--port 7871]

Needs an index (`make index`); prints one JSON object. A benchmark, not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


def questions(count: int) -> list[str]:
    """Single-turn questions of the dev set, spread over its kinds (every k-th line)."""
    rows = [json.loads(line) for line in (ROOT / "eval" / "dev.jsonl").read_text(encoding="utf-8").splitlines() if line]
    single = [r["turns"][0] for r in rows if len(r["turns"]) == 1]
    step = max(1, len(single) // count)
    return single[::step][:count]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--questions", type=int, default=30)
    parser.add_argument("--port", type=int, default=0)
    options = parser.parse_args()
    from playwright.sync_api import sync_playwright

    port = options.port or free_port()
    url = f"http://127.0.0.1:{port}/"
    env = {**os.environ, "GRADIO_ANALYTICS_ENABLED": "False"}
    started = time.perf_counter()
    server = subprocess.Popen(
        [sys.executable, str(ROOT / "app.py"), "--port", str(port), "--no-watch"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    out: dict[str, object] = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            while True:  # the first page (since the start-up page: at once), which turns into the chat
                try:
                    page.goto(url, wait_until="load", timeout=2_000)
                    break
                except Exception:
                    if server.poll() is not None or time.perf_counter() - started > 180:
                        raise SystemExit("the app did not start") from None
                    time.sleep(0.05)
            out["first_page_s"] = round(time.perf_counter() - started, 2)
            page.wait_for_selector("#question textarea", timeout=120_000)
            out["page_interactive_s"] = round(time.perf_counter() - started, 2)
            box = page.locator("#question textarea")
            bot = page.locator("#chat .message-row.bot-row, #chat [data-testid='bot']")
            times: list[float] = []
            asked = questions(options.questions)
            for question in asked:
                before = bot.count()
                box.fill(question)
                t0 = time.perf_counter()
                box.press("Enter")
                page.wait_for_function(
                    "n => document.querySelectorAll(\"#chat .message-row.bot-row, #chat [data-testid='bot']\")"
                    ".length > n",
                    arg=before,
                    timeout=60_000,
                )
                times.append((time.perf_counter() - t0) * 1000)
            out["questions"] = len(times)
            out["enter_to_answer_ms"] = {
                "p50": round(percentile(times, 0.5), 1),
                "p95": round(percentile(times, 0.95), 1),
                "max": round(max(times), 1),
            }
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
