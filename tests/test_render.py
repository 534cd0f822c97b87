"""What the web chat, Browse and Timeline show, as pure functions (fast tier: the fake embedder's assistant)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from reviewqa.answer import Answer
from reviewqa.app import ui_filters
from reviewqa.browse import cards_html, grid_html, place_labels, timeline_figure, timeline_panels
from reviewqa.render import LIST_SHOWN, answer_html, card_html, entry_of

HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)> [click](javascript:alert(3))"


class Page(HTMLParser):
    """The elements of an HTML fragment: tags with their attributes, and the text."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    def hrefs(self) -> list[str]:
        return [a["href"] or "" for t, a in self.tags if t == "a"]

    def all_text(self) -> str:
        return " ".join(" ".join(self.text).split())


def stored_urls(index) -> set[str]:
    """Every URL the corpus stores: papers, sources and links."""
    urls: set[str] = set()
    for entry in index.entries:
        data = entry.model_dump(mode="json")
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, dict):
                stack.extend(item.values())
            elif isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, str) and item.startswith(("http://", "https://")):
                urls.add(item)
    return urls


def html_of(assistant, question: str, **kwargs) -> str:
    return answer_html(assistant.ask(question, **kwargs), assistant.profile)


def test_the_answer_comes_first_then_one_line_per_record_then_the_folded_card(fake_assistant):
    page = Page(html_of(fake_assistant, "What base model was Alpaca fine-tuned from?"))
    assert page.tags[1] == ("p", {"class": "rq-lead"})
    assert page.text[0] == "Alpaca was fine-tuned from LLaMA 7B."  # the source is the evidence line's link
    details = [a for t, a in page.tags if t == "details"]
    assert details == [{"class": "rq-record"}]  # folded: no "open" attribute
    assert "Base model: LLaMA 7B" in page.all_text()


def test_every_link_is_a_stored_url(fake_assistant):
    urls = stored_urls(fake_assistant.index)
    index = fake_assistant.index
    shown = [
        html_of(fake_assistant, q)
        for q in ("Tell me about Alpaca", "Which works were fine-tuned from LLaMA?", "Compare LIMA and Alpaca")
    ]
    shown += [grid_html(index.ids, index.entries, index.profile), cards_html(index.ids, index.entries, index.profile)]
    hrefs = [h for text in shown for h in Page(text).hrefs()]
    assert len(hrefs) > 100 and set(hrefs) <= urls
    assert not any("\\" in h or "%5C" in h for h in hrefs)


def test_corpus_text_is_inert(fake_assistant):
    record = fake_assistant.ask("Tell me about Alpaca").records[0]
    record = {**record, "summary": HOSTILE, "notes": HOSTILE, "name": "Evil <b>name</b>"}
    entry = entry_of(record, fake_assistant.profile)
    for text in (
        card_html(entry, fake_assistant.profile),
        answer_html(Answer("q", HOSTILE, False, [record], kind="describe"), fake_assistant.profile),
    ):
        page = Page(text)
        assert {t for t, _ in page.tags} <= {"div", "p", "strong", "details", "summary", "dl", "dt", "dd", "a"}
        assert "<script>alert(1)</script>" in page.all_text()
        assert not any(h.startswith("javascript") for h in page.hrefs())


def test_cards_show_the_notes_and_the_sources(fake_assistant):
    index = fake_assistant.index
    with_notes = [(rid, e) for rid, e in zip(index.ids, index.entries, strict=True) if getattr(e, "notes", None)]
    assert with_notes
    for _, entry in with_notes:
        text = Page(card_html(entry, index.profile)).all_text()
        assert "Notes:" in text and " ".join(entry.notes.split())[:40] in text and "Sources:" in text
        assert not re.search(r"\bscore \d", text)


def test_a_list_shows_the_asked_column_and_at_most_ten_rows(fake_assistant):
    answer = fake_assistant.ask("how many works came out in 2023")
    page = Page(answer_html(answer, fake_assistant.profile))
    heads = [t for t, _ in page.tags if t == "th"]
    assert len(answer.records) > LIST_SHOWN
    assert len([t for t, _ in page.tags if t == "tr"]) == LIST_SHOWN + 1
    assert len(heads) >= 3 and "Date" in page.all_text()
    assert f"Showing {LIST_SHOWN} of {len(answer.records)}" in page.all_text()
    folded = [a for t, a in page.tags if t == "details"]
    assert folded[0] == {"class": "rq-cards"} and folded[1:] == [{"class": "rq-record"}] * LIST_SHOWN
    assert page.text[0].endswith("(released in 2023).")  # the 29 names are in the table, not in the sentence too
    ranked = Page(html_of(fake_assistant, "Which base model was trained on the most tokens?"))
    assert "Training tokens" in ranked.all_text()  # the column ranked by


def test_a_comparison_is_a_table_not_a_long_sentence(fake_assistant):
    page = Page(html_of(fake_assistant, "Compare LIMA and Alpaca"))
    assert page.text[0] == "Comparing LIMA and Alpaca, field by field:"
    assert [t for t, _ in page.tags].count("table") == 1


def test_sidebar_filters_are_named_once_and_a_named_entry_outside_them_is_flagged(fake_assistant):
    profile = fake_assistant.profile
    restrict = ui_filters(profile, {"commercial_use": ["yes"]}, None, None)
    text = Page(html_of(fake_assistant, "Tell me about Vicuna", restrict=restrict)).all_text()
    assert text.count("commercial use: yes") == 1
    assert "Outside the filters set beside the chat: Vicuna" in text
    ranked = Page(html_of(fake_assistant, "which is the largest base model?", restrict=restrict)).all_text()
    assert ranked.count("commercial use: yes") == 1 and "no filter" not in ranked
    plain = Page(html_of(fake_assistant, "Tell me about Vicuna")).all_text()
    assert "Outside" not in plain and "Filters beside the chat" not in plain


def test_the_grid_has_a_row_per_entry_sortable_headers_and_filters(fake_assistant):
    index = fake_assistant.index
    page = Page(grid_html(index.ids, index.entries, index.profile))
    rows = [a for t, a in page.tags if t == "tr" and "data-id" in a]
    assert sorted(a["data-id"] for a in rows) == sorted(index.ids)
    dates = {rid: str(e.date) for rid, e in zip(index.ids, index.entries, strict=True)}
    order = [dates[a["data-id"]] for a in rows]
    assert order == sorted(order)  # oldest first, and the Date header says so
    assert ("th", {"scope": "col", "aria-sort": "ascending", "data-kind": "text"}) in page.tags
    sorts = [a for t, a in page.tags if t == "button" and a.get("class") == "rq-sort"]
    filters = [a for t, a in page.tags if t == "input" and a.get("class") == "rq-filter"]
    assert len(sorts) == len(filters) >= 8 and all(f.get("aria-label", "").startswith("Filter by") for f in filters)
    assert "id" not in [t.strip().lower() for t in page.text]
    only = Page(grid_html(index.ids, index.entries, index.profile, only=["alpaca", "lima"]))
    hidden = [a["data-id"] for t, a in only.tags if t == "tr" and "hidden" in a]
    assert len(hidden) == len(index.ids) - 2 and "alpaca" not in hidden
    assert "Showing the 2 entries of the last answer" in only.all_text()
    cards = Page(cards_html(index.ids, index.entries, index.profile))
    assert [a["data-card"] for t, a in cards.tags if t == "template"] == list(index.ids)


def test_timeline_has_a_panel_per_unit_and_nothing_fetched(fake_assistant):
    index = fake_assistant.index
    panels = timeline_panels(index.ids, index.entries, index.profile)
    titles = [p.title for p in panels]
    assert "Model sizes" in titles and "Amount of data (examples)" in titles and "Amount of data (tasks)" in titles
    assert len(titles) == len(set(titles))
    figure = timeline_figure(panels, index.profile)
    ids = {d[0] for trace in figure.data for d in trace.customdata}
    assert ids <= set(index.ids) and len(ids) >= 40
    assert "http" not in figure.to_json()


def test_labels_never_overlap_each_other_or_a_point():
    points = [(10.0 + (i % 7) * 9, 50.0 + (i // 7) * 4) for i in range(40)] + [(300.0, 100.0)]
    names = [f"Entry number {i}" for i in range(41)]
    placed = place_labels(points, names, range(41), (400.0, 200.0))
    assert 40 in placed and 0 < len(placed) < 41  # crowded points lose their labels, a lone one keeps it
    boxes = []
    for i, where in placed.items():
        x, y = points[i]
        w = len(names[i]) * 6.8 + 4
        box = {
            "middle right": (x + 8, y - 7.5, x + 8 + w, y + 7.5),
            "middle left": (x - 8 - w, y - 7.5, x - 8, y + 7.5),
            "top center": (x - w / 2, y - 23, x + w / 2, y - 8),
            "bottom center": (x - w / 2, y + 8, x + w / 2, y + 23),
        }[where]
        boxes.append(box)
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]


def test_a_list_of_sizes_is_written_in_its_largest_unit_unless_some_are_tiny() -> None:
    from reviewqa.values import sizes_text

    assert sizes_text([0.5e9, 1.5e9, 72e9]) == "0.5B, 1.5B, 72B"
    assert sizes_text([60e6, 220e6, 11e9]) == "60M, 220M, 11B"  # a size under a tenth of the unit keeps its own
    assert sizes_text([7e9, 13e9]) == "7B, 13B"


def test_whether_two_dates_are_the_same_is_answered_yes_or_no_first(fake_assistant):
    month = fake_assistant.ask("were LIMA and Alpaca released in the same month?").answer
    assert month.startswith("No: LIMA came out in 2023-05 and Alpaca in 2023-03.")
    year = fake_assistant.ask("were LIMA and Alpaca released in the same year?").answer
    assert year.startswith("Yes: both came out in the same year (2023).")
