"""The web chat in a real browser: Debian's Chromium driven by Playwright against the app on 127.0.0.1.

Screenshots go to artifacts/. Every request the page makes must go to the app itself.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import urlparse

import pytest

from .test_app import server  # noqa: F401  (the session's running app)
from .test_render import stored_urls

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
    page.press("#question textarea", "Enter")
    page.locator("#chat .message-row.bot-row").last.get_by_text(expect).first.wait_for(timeout=30_000)
    page.wait_for_timeout(300)  # the scroll to the new answer runs just after it is shown


def last_answer(page):
    return page.locator("#chat .message-row.bot-row").last


def press_rebuild(page, expect: str):
    """Open the Index drawer, press "Rebuild index" and wait for ``expect`` in the rebuild log; return the log."""
    page.locator("#index-drawer").get_by_text("Index").first.click()
    page.click("#rebuild-button")
    log = page.locator("#rebuild-log")
    log.get_by_text(expect).first.wait_for(timeout=60_000)
    return log


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name))


def test_the_answer_is_first_and_in_view_with_the_evidence_folded(page):
    ask(page, "What base model was Alpaca fine-tuned from?", "Alpaca was fine-tuned from LLaMA 7B.")
    ask(page, "Compare LIMA and Alpaca", "Comparing LIMA and Alpaca, field by field")
    ask(page, "Tell me about QLoRA", "4-bit")
    answer = last_answer(page)
    lead = answer.locator(".rq-lead")
    chat_box = page.locator("#chat").bounding_box()
    box = lead.bounding_box()
    assert chat_box["y"] <= box["y"] < chat_box["y"] + chat_box["height"] - 20  # its first line is in view
    card = answer.locator("details.rq-record").first
    assert card.get_attribute("open") is None
    assert not answer.get_by_text("Sources:").first.is_visible()  # folded until asked for
    card.locator("summary").click()
    assert answer.get_by_text("Sources:").first.is_visible()
    assert answer.locator(".rq-text").count() == 0  # the summary is the answer; the card does not repeat it
    shot(page, "chat.png")


def test_a_list_shows_the_asked_column_and_opens_in_browse(page):
    ask(page, "Which base model was trained on the most tokens?", "has the largest training tokens")
    assert last_answer(page).locator("th", has_text="Training tokens").count() == 1
    ask(page, "how many works came out in 2023", "works matching")
    answer = last_answer(page)
    assert answer.locator("tbody tr").count() == 10
    total = int(answer.locator(".rq-more").inner_text().split(" of ")[1].split(";")[0])
    button = page.locator("#show-in-browse")
    assert button.inner_text() == f"Show all {total} in Browse"
    button.click()
    grid = page.locator("#browse-grid .rq-grid")
    grid.locator(".rq-only").wait_for(timeout=10_000)
    assert grid.locator("tbody tr:not([hidden])").count() == total
    grid.locator("button.rq-show-all").click()
    assert grid.locator("tbody tr:not([hidden])").count() == grid.locator("tbody tr").count() > total


def test_clearing_the_chat_forgets_the_conversation(page):
    ask(page, "Tell me about Vicuna", "Vicuna")
    page.locator("#chat").get_by_role("button", name="Clear").first.click()  # the chat's own icon
    ask(page, "who built it?", "")
    assert "Vicuna" not in last_answer(page).inner_text()  # "it" no longer means the entry asked about before


def test_every_link_resolves_to_the_url_in_the_corpus(page, server):  # noqa: F811
    urls = stored_urls(server["keeper"].assistant.index)
    ask(page, "Tell me about Alpaca", "Alpaca")
    ask(page, "Which works were fine-tuned from LLaMA?", "fine-tuned from LLaMA")
    page.locator("#chat details").first.locator("summary").click()
    hrefs = page.locator("#chat a[href]").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    page.get_by_role("tab", name="Browse").click()
    page.locator("#browse-grid .rq-grid").wait_for(timeout=10_000)
    hrefs += page.locator("#browse-grid a[href]").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    page.locator("#browse-grid button.rq-open").first.click()
    hrefs += page.locator("dialog.rq-dialog a[href]").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert len(hrefs) > 50
    unknown = {h for h in hrefs if h not in urls}
    assert not unknown, f"links that are not a URL of the corpus: {sorted(unknown)[:5]}"


def test_sidebar_filters_are_named_once_and_an_entry_outside_them_is_flagged(page):
    page.locator("#filter-commercial-use").get_by_label("yes").check()
    ask(page, "Tell me about Vicuna", "Outside the filters set beside the chat")
    text = last_answer(page).inner_text()
    assert text.count("commercial use: yes") == 1
    ask(page, "which is the largest base model?", "largest")
    text = last_answer(page).inner_text()
    assert text.count("commercial use: yes") == 1 and "no filter" not in text


def test_browse_sorts_filters_downloads_and_opens_from_the_keyboard(page):
    page.get_by_role("tab", name="Browse").click()
    grid = page.locator("#browse-grid .rq-grid")
    grid.wait_for(timeout=10_000)
    scroller = grid.locator(".rq-grid-scroll")
    widths = scroller.evaluate("e => [e.scrollWidth, e.clientWidth]")
    assert widths[0] <= widths[1] + 2, f"the grid is wider than its area at 1,400 px: {widths}"
    assert grid.locator("thead th", has_text="id").count() == 0
    spills = grid.locator("tbody th, tbody td, tbody .rq-clip").evaluate_all(
        "els => els.filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.textContent.trim())"
    )
    assert spills == [], f"cells whose text runs past their column: {spills}"
    date = grid.locator("button.rq-sort", has_text="Date")
    assert grid.locator("thead th[aria-sort=ascending]").inner_text() == "Date"  # oldest first at the start
    date.click()  # newest first
    assert grid.locator("thead th[aria-sort=descending]").count() == 1
    dates = grid.locator("tbody tr td:nth-child(2)").all_inner_texts()
    assert dates == sorted(dates, reverse=True)
    grid.get_by_label("Filter by Organization").fill("meta")
    shown = grid.locator("tbody tr:not([hidden])")
    assert 0 < shown.count() < grid.locator("tbody tr").count()
    with page.expect_download() as download:
        grid.locator("button.rq-csv").click()
    lines = Path(download.value.path()).read_text(encoding="utf-8").strip().splitlines()
    assert len(lines) == shown.count() + 1 and lines[0].startswith("Name,")
    opener = shown.first.locator("button.rq-open")
    opener.focus()
    page.keyboard.press("Enter")
    dialog = page.locator("dialog.rq-dialog")
    dialog.get_by_text("Sources:").wait_for(timeout=5_000)
    assert "score" not in dialog.inner_text().lower().split("sources:")[0][-40:]
    shot(page, "browse.png")
    page.keyboard.press("Escape")
    assert not dialog.is_visible()
    assert page.evaluate("document.activeElement.classList.contains('rq-open')")  # focus back on the row


def test_timeline_panels_hover_click_and_labels_that_do_not_overlap(page):
    page.get_by_role("tab", name="Timeline").click()
    plot = page.locator("#timeline-plot .js-plotly-plot")
    plot.wait_for(timeout=15_000)
    page.wait_for_timeout(500)
    titles = plot.locator(".infolayer text").evaluate_all(
        "els => els.filter(e => /^y\\d*title$/.test(e.getAttribute('class'))).map(e => e.textContent)"
    )
    assert len(titles) >= 3, titles  # a panel per unit
    boxes = plot.locator(".textpoint text").evaluate_all(
        "els => els.filter(e => e.textContent).map(e => { const b = e.getBBox ? e.getBoundingClientRect() : null;"
        " return [b.left, b.top, b.right, b.bottom, e.textContent]; })"
    )
    assert len(boxes) >= 20
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            overlap = not (a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1])
            assert not overlap, f"labels overlap: {a[4]!r} and {b[4]!r}"
    shot(page, "timeline.png")
    box = plot.locator(".scatterlayer .point").first.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.locator(".hoverlayer .hovertext").first.wait_for(timeout=5_000)
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.locator("dialog.rq-dialog").get_by_text("Sources:").wait_for(timeout=5_000)
    page.keyboard.press("Escape")
    listed = page.locator("#timeline-list")
    listed.locator("summary").click()
    opener = listed.locator("button.rq-open").first
    opener.focus()
    page.keyboard.press("Enter")  # every plotted entry is reachable from the keyboard
    page.locator("dialog.rq-dialog").get_by_text("Sources:").wait_for(timeout=5_000)


def test_no_serious_accessibility_violation_on_any_tab(page):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    ask(page, "Which works were fine-tuned from LLaMA?", "fine-tuned from LLaMA")
    found = {}
    for tab in ("Chat", "Browse", "Timeline"):
        page.get_by_role("tab", name=tab).click()
        page.wait_for_timeout(1_000)
        violations = axe.run(page).response["violations"]
        found[tab] = [(v["id"], v["impact"]) for v in violations if v["impact"] in ("serious", "critical")]
    assert found == {"Chat": [], "Browse": [], "Timeline": []}


def test_focus_moves_through_controls_in_order_and_never_drops_to_the_page(page):
    page.locator("#question textarea").focus()
    seen = []
    for _ in range(60):
        page.keyboard.press("Tab")
        page.wait_for_timeout(120)  # (a person's pace: a dropdown that lets focus go gets it passed on within 50 ms)
        seen.append(
            page.evaluate(
                "(e => e === document.body ? 'BODY' : e.tagName + ' ' + e.id + ' ' + e.textContent)"
                "(document.activeElement)"
            )
        )
    # past the last control, a headless browser puts focus on the page before it starts again at the first (a tab)
    drops = [i for i, s in enumerate(seen) if s == "BODY" and not (i + 1 < len(seen) and "Chat" in seen[i + 1])]
    assert drops == [], seen
    assert "Chat" in seen[seen.index("BODY") + 1]
    labelled = page.evaluate(
        "[...document.querySelectorAll('#question textarea')].map(e => e.labels.length || e.getAttribute('aria-label'))"
    )
    assert labelled and all(labelled)


def test_phone_width_has_the_filters_in_a_drawer_above_and_tables_that_scroll(browser, server):  # noqa: F811
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.goto(server["url"], wait_until="load")
    page.wait_for_selector("#question textarea")
    drawer = page.locator("#filters-drawer")
    page.wait_for_timeout(500)
    assert drawer.bounding_box()["y"] < page.locator("#chat").bounding_box()["y"]
    assert not page.locator("#filter-category").is_visible()  # collapsed
    assert page.evaluate("window.scrollY") == 0  # opens at the top, title and tabs in view
    ask(page, "Compare LIMA and Alpaca", "Comparing LIMA and Alpaca")
    table = last_answer(page).locator(".rq-scroll")
    sizes = table.evaluate("e => [e.scrollWidth, e.clientWidth]")
    assert sizes[0] > sizes[1]  # it scrolls sideways
    breaks = table.locator("th, td").evaluate_all("els => els.map(e => getComputedStyle(e).wordBreak)")
    assert set(breaks) == {"normal"}
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # only the table scrolls
    shot(page, "phone.png")
    for tab in ("Browse", "Timeline"):  # the grid and the chart scroll inside their own areas
        page.get_by_role("tab", name=tab).click()
        page.wait_for_timeout(1_500)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), tab
    plot = page.locator("#timeline-plot")
    reach = plot.evaluate(
        "e => { const s = [e, ...e.querySelectorAll('div')].find(d => d.scrollWidth > d.clientWidth + 50"
        " && getComputedStyle(d).overflowX === 'auto'); if (!s) return null;"
        " s.scrollLeft = s.scrollWidth; return s.scrollLeft; }"
    )
    assert reach, "the chart is wider than a phone and must scroll to its end"
    context.close()


def test_hostile_corpus_text_renders_as_text(page, server):  # noqa: F811
    evil = server["root"] / "corpus" / "evil-entry.yaml"
    evil.write_text(
        "name: Evil Entry\ncategory: general-assistant\n"
        "summary: '<script>alert(1)</script><img src=x onerror=alert(2)> harmless in the end.'\n"
        "notes: '![e](http://example.com/leak.png) `code`'\n"
        "sources:\n  - url: https://example.org/evil\n",
        encoding="utf-8",
    )
    try:
        press_rebuild(page, "Index up to date")
        ask(page, "Tell me about Evil Entry", "harmless in the end")
        last_answer(page).locator("summary").first.click()
        assert page.locator("#chat").get_by_text("<script>alert(1)</script>").count() >= 1  # shown as text
        assert page.locator("#chat img").count() == 0
        assert page.locator("#chat script").count() == 0
    finally:
        evil.unlink()
        server["keeper"].rebuild()


def test_an_open_page_follows_a_rebuild_it_did_not_ask_for(page, server):  # noqa: F811
    keeper = server["keeper"]
    count = len(keeper.assistant.index.ids)
    page.locator("#index-drawer").get_by_text("Index").first.click()
    page.locator("#index-status").get_by_text(f"Index: {count} entries").wait_for(timeout=10_000)
    added = server["root"] / "corpus" / "quokka-follow.yaml"
    added.write_text(
        "name: Quokka Follow\ncategory: general-assistant\ndate: 2026-01\n"
        "summary: Quokka Follow is a test entry added while the page is open.\n"
        "data_size: {stated: 10K, value: 10000}\n"
        "sources:\n  - url: https://example.org/quokka-follow\n",
        encoding="utf-8",
    )
    try:
        assert keeper.rebuild().ok  # as the watcher or another tab would: this page asked for nothing
        page.locator("#index-status").get_by_text(f"Index: {count + 1} entries").wait_for(timeout=15_000)
        page.locator("#year-from input").click()
        page.get_by_role("option").first.wait_for(timeout=5_000)
        assert "2026" in [text.strip("✓\n ") for text in page.get_by_role("option").all_inner_texts()]
        page.keyboard.press("Escape")
        page.get_by_role("tab", name="Browse").click()
        page.locator("#browse-grid").get_by_text("Quokka Follow").first.wait_for(timeout=5_000)
        page.get_by_role("tab", name="Timeline").click()
        page.locator("#timeline-list").get_by_text("Quokka Follow").first.wait_for(state="attached", timeout=5_000)
        page.reload(wait_until="load")  # a page opened later shows the same, not what the app was made with
        page.locator("#index-drawer").get_by_text("Index").first.click()
        page.locator("#index-status").get_by_text(f"Index: {count + 1} entries").wait_for(timeout=15_000)
    finally:
        added.unlink()
        keeper.rebuild()


def test_the_rebuild_log_shows_a_hostile_invalid_value_as_text(page, server):  # noqa: F811
    bad = server["root"] / "corpus" / "bad-entry.yaml"
    bad.write_text(
        "name: Bad Entry\ncategory: '`x` ![e](http://example.com/leak.png) <img src=x onerror=alert(3)>'\n"
        "sources:\n  - url: https://example.org/bad\n",
        encoding="utf-8",
    )
    try:
        log = press_rebuild(page, "problem")
        assert "![e](http://example.com/leak.png)" in log.inner_text() and "<img src=x" in log.inner_text()
        assert page.locator("#rebuild-log img, #index-status img").count() == 0  # (no request left: the fixture)
    finally:
        bad.unlink()
        server["keeper"].rebuild()
