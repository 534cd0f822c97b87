"""The web chat in a real browser: Debian's Chromium driven by Playwright against the app on 127.0.0.1.

Screenshots go to artifacts/. Every request the page makes must go to the app itself.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import urlparse

import pytest

from .test_app import server  # noqa: F401  (the session's running app)

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (apt-get install chromium)"
    ),
]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-sync",
            ],
        )
        yield instance
        instance.close()


@pytest.fixture()
def page(browser, server):  # noqa: F811
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    requests: list[str] = []
    dialogs: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(server["url"], wait_until="load")  # a heartbeat stream stays open, so the network is never idle
    page.wait_for_selector("#question textarea")
    yield page
    foreign = {urlparse(u).netloc for u in requests if urlparse(u).scheme in ("http", "https", "ws", "wss")}
    assert foreign <= {urlparse(server["url"]).netloc}, f"requests left the machine: {foreign}"
    assert dialogs == [], f"a script ran: {dialogs}"
    context.close()


def ask(page, question: str, expect: str) -> None:
    page.fill("#question textarea", question)
    page.click("#ask-button")
    page.locator("#chat").get_by_text(expect).first.wait_for(timeout=30_000)


def test_ask_shows_the_answer_and_the_record_card(page):
    ARTIFACTS.mkdir(exist_ok=True)
    ask(page, "What base model was Alpaca fine-tuned from?", "Alpaca was fine-tuned from LLaMA 7B")
    chat = page.locator("#chat")
    assert chat.get_by_text("Sources:").count() >= 1
    link = chat.locator("a[href='https://crfm.stanford.edu/2023/03/13/alpaca.html']").first
    assert link.count() == 1
    ask(page, "and LIMA?", "LIMA was fine-tuned from LLaMA 65B")
    page.screenshot(path=str(ARTIFACTS / "chat.png"), full_page=True)


def test_sidebar_filter_narrows_the_search(page):
    page.locator("#filter-category").get_by_label("Base models").check()
    ask(page, "Which works were fine-tuned from LLaMA?", "in the review matches")
    assert page.locator("#chat").get_by_text("Read as").count() >= 1


def test_browse_tab_opens_a_record(page):
    page.get_by_role("tab", name="Browse").click()
    table = page.locator("#browse-table")
    table.get_by_placeholder("Search").fill("zephyr")
    table.get_by_text("Zephyr", exact=True).locator("visible=true").first.click()
    page.locator("#browse-record").get_by_text("Mistral 7B").first.wait_for(timeout=15_000)
    page.screenshot(path=str(ARTIFACTS / "browse.png"), full_page=True)


def test_timeline_tab_plots_the_entries(page):
    page.get_by_role("tab", name="Timeline").click()
    svg = page.locator("#timeline svg")
    svg.wait_for(timeout=10_000)
    assert svg.locator("circle").count() >= 40
    page.screenshot(path=str(ARTIFACTS / "timeline.png"), full_page=True)


def test_hostile_corpus_text_renders_as_text(page, server):  # noqa: F811
    evil = server["root"] / "corpus" / "evil-entry.yaml"
    evil.write_text(
        "name: Evil Entry\ncategory: general-assistant\n"
        "summary: '<script>alert(1)</script><img src=x onerror=alert(2)> harmless in the end.'\n"
        "sources:\n  - url: https://example.org/evil\n",
        encoding="utf-8",
    )
    try:
        page.click("#rebuild-button")
        page.locator("#rebuild-log").get_by_text("Index up to date").wait_for(timeout=60_000)
        ask(page, "Tell me about Evil Entry", "harmless in the end")
        assert page.locator("#chat").get_by_text("<script>alert(1)</script>").count() >= 1  # shown as text
        assert page.locator("#chat img[src='x']").count() == 0
        assert page.locator("#chat script").count() == 0
    finally:
        evil.unlink()
        server["keeper"].rebuild()
