"""Read an awesome-list markdown review into candidate entries by its structure, not by line patterns.

The text is parsed with markdown-it-py into a tree (headings, nested lists, tables, links, emphasis). An entry is

- a list item, a paragraph or a heading that starts with (or holds) a link to a work, or starts with a name in bold
  or in brackets; its nested list items, its paragraph's further lines and (for a heading) the paragraphs and lists
  that follow are its fields (``Key: value``) or its description;
- a row of a table whose header names the fields (the column of names is the one headed "name", "model", "title" …,
  or the first).

What is not an entry is recognised and skipped: tables of contents and navigation (lists of ``#anchor`` links),
badges (images), "Related:" and "See also" lines, and sections about the list itself (contributing, citation, star
history …). Everything else that cannot be placed is a problem with its line number; nothing is merged and no field
is overwritten: a field given twice keeps its first value and is reported.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

__all__ = ["Inline", "ParsedEntry", "ParsedReview", "RawField", "Section", "read_review"]

_FIELD_LINE = re.compile(r"^(?:\*\*)?(?P<key>[A-Za-z][^:\[\]*]{0,80}?)(?:\*\*)?\s*[:：]\s*(?P<value>.*)$", re.S)
_SHORTCODE = re.compile(r":[a-z0-9_+-]+:")
_BRACKET_NAME = re.compile(r"^\[(?P<name>[^\]]+)\](?:\((?P<url>[^)\s]*)\))?\s*(?P<rest>.*)$", re.S)
_WEB = re.compile(r"^https?://", re.I)
# Words a link's text is made of when it names the kind of page rather than the work ("[paper](…)", "[code](…)").
_GENERIC_LINK = {
    "paper", "pdf", "arxiv", "link", "links", "code", "github", "repo", "repository", "project", "project page",
    "homepage", "home page", "website", "site", "blog", "blog post", "here", "url", "hf", "huggingface",
    "hf page", "model", "models", "weights", "checkpoint", "checkpoints", "data", "dataset", "demo", "openreview",
    "acl", "aclanthology", "abs", "html", "official", "page", "post", "report", "technical report", "slides", "video",
}  # fmt: skip
# Sections about the list itself rather than about works.
_META_SECTIONS = re.compile(
    r"^(?:table of )?contents?$|^toc$|^contribut|^how to contribute|^licen[cs]e$|^citation|^cite\b|^citing|"
    r"^acknowledg|^star history|^stargazers|^contact|^footnotes?$|^changelog|^news$|^updates?$|^latest news|"
    r"^todo|^to do$|^about$|^star\b|^improvements?$|^roadmap|^future work$|^disclaimer",
    re.I,
)
# a heading that groups works by year ("2023", "2020 and before"): it dates them; their category is the heading above
_YEAR_HEADING = re.compile(r"^(?:(?:before|after|since|until|pre-?)\s*)?(?:19|20)\d\d(?:\s*(?:and|&|or)\s*\w+)?$", re.I)
_PROSE_WORDS = 12  # a paragraph whose first line goes on longer after its link is prose about a work, not an entry
_RELATED = re.compile(r"^\W*(?:related|see also|also see)\b\s*[:：-]?", re.I)


@dataclass
class Inline:
    """One line of inline markdown, read: its text with links kept as ``[text](url)`` (``md``), its plain text,
    its web links in order, and the spans written in bold."""

    md: str = ""
    plain: str = ""
    links: list[tuple[str, str]] = field(default_factory=list)
    bold: list[str] = field(default_factory=list)
    images: int = 0

    def strip(self) -> Inline:
        return Inline(self.md.strip(), self.plain.strip(), self.links, self.bold, self.images)


@dataclass
class RawField:
    """A field as written: its name, its line, the value on that line and the values nested under it."""

    key: str
    line: int
    inline: str
    nested: list[str] = field(default_factory=list)


@dataclass
class ParsedEntry:
    name: str
    url: str | None
    line: int
    section: str | None  # the heading the entry is under (its category, if the profile has one by that name)
    sections: list[str] = field(default_factory=list)  # every heading above it, outermost first
    short: str | None = None  # a short name written in bold beside the link ("**(FLAN2021)**")
    aliases: list[str] = field(default_factory=list)
    fields: list[RawField] = field(default_factory=list)
    description: list[str] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)  # further links beside the name: (text, url)
    tags: list[str] = field(default_factory=list)  # "|"-separated words beside a heading's link
    date_text: str | None = None  # a year or month written beside the name ("ACL 2023")
    kind: str = "link"  # how the name is written (see ``Head``)


@dataclass
class Section:
    title: str
    line: int
    level: int
    notes: list[str] = field(default_factory=list)


@dataclass
class ParsedReview:
    title: str | None = None
    intro: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    entries: list[ParsedEntry] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # "line N: …", in the order of the file
    skipped: list[str] = field(default_factory=list)  # what was recognised as navigation, badges, related links


def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True}).enable("table").enable("strikethrough")


def _line(node: SyntaxTreeNode) -> int:
    return (node.map[0] + 1) if node.map else 0


def _read_inline(node: SyntaxTreeNode | None) -> list[Inline]:
    """The lines of an inline node (split at line breaks), each read into an ``Inline``."""
    lines = [Inline()]
    if node is None:
        return lines

    def walk(children: list[SyntaxTreeNode], in_bold: bool, link: list[str] | None) -> None:
        for child in children:
            kind = child.type
            if kind in ("softbreak", "hardbreak"):
                lines.append(Inline())
            elif kind == "text":
                text = child.content
                lines[-1].md += text
                lines[-1].plain += text
                if in_bold and link is None:
                    lines[-1].bold[-1] += text
                if link is not None:
                    link.append(text)
            elif kind == "code_inline":
                lines[-1].md += child.content
                lines[-1].plain += child.content
                if link is not None:
                    link.append(child.content)
            elif kind == "image":
                lines[-1].images += 1
            elif kind == "html_inline":
                if re.match(r"<br\s*/?>", child.content, re.I):
                    lines.append(Inline())
            elif kind == "strong":
                if link is None and not in_bold:
                    lines[-1].bold.append("")
                    lines[-1].md += "**"
                walk(child.children, True, link)
                if link is None and not in_bold:
                    lines[-1].md += "**"
            elif kind == "link":
                href = str(child.attrs.get("href", ""))
                start_md = len(lines[-1].md)
                parts: list[str] = []
                before_images = lines[-1].images
                walk(child.children, in_bold, parts)
                text = "".join(parts).strip()
                if lines[-1].images > before_images and not text:
                    continue  # a badge: an image that links somewhere
                if _WEB.match(href):
                    lines[-1].md = lines[-1].md[:start_md] + f"[{text}]({href})"
                    lines[-1].links.append((text, href))
            else:  # em, s and other containers: their text
                walk(child.children, in_bold, link)

    walk(node.children, False, None)
    return [line.strip() for line in lines]


def _inline_of(node: SyntaxTreeNode) -> SyntaxTreeNode | None:
    """The inline child of a paragraph, heading or table cell."""
    for child in node.children:
        if child.type == "inline":
            return child
    return None


class Head(NamedTuple):
    """How a line names a work: the name, its link, what follows the name (markdown), and how the name is written:
    "link" (the link's text), "bold", "bracket" (``[Name]`` with no link), or "generic" (text beside a link whose
    own text only says what kind of page it is: "Title [paper](…)")."""

    name: str
    url: str | None
    rest: str
    kind: str


def _head(line: Inline) -> Head | None:
    """How a line names a work, or None when it does not."""
    text = _SHORTCODE.sub("", line.md).lstrip(" \t-+•>|").strip()
    text = re.sub(r"^(?:[^\w\[*(\"'“]{1,3}\s*)", "", text)  # a leading emoji or arrow
    bracket = _BRACKET_NAME.match(re.sub(r"^\*\*(?=\[)", "", text))  # "**[Title](…)**" too
    if bracket:
        name, url, rest = bracket.group("name").strip(), bracket.group("url"), bracket.group("rest")
        rest = re.sub(r"^\*\*", "", rest) if text.startswith("**[") else rest
        if url is not None and not _WEB.match(url):
            return None  # an anchor or a relative link: navigation
        if name.lower().strip("[]() ") in _GENERIC_LINK and url:
            named = _name_from_rest(rest)
            return Head(named, url, "", "generic") if named else Head(name, url, rest, "generic")
        return Head(name, url, rest, "link" if url else "bracket")
    bold = re.match(r"^\*\*(?P<name>[^*]+)\*\*\s*(?P<rest>.*)$", text, re.S)
    if bold and not (bold.group("name").strip().startswith("(") and not line.links):  # "**(a remark)**" is not one
        name = bold.group("name").strip().rstrip(":").strip()
        rest = bold.group("rest").lstrip(":：-–— ").strip()
        url = line.links[0][1] if line.links else None
        return Head(name, url, rest, "bold") if name else None
    if line.links:  # a line that holds a link: "Title. [paper](url)" or "Title ([arXiv](url))"
        text_link, url = line.links[0]
        index = line.md.find(f"[{text_link}]({url})")
        written_before = line.md[:index].rstrip()
        before = re.sub(r"[\s.:,;(\[–—-]+$", "", written_before).strip()
        after = line.md[index + len(text_link) + len(url) + 4 :]
        if written_before.endswith((":", "：")) or (not before and not text_link):
            return None  # "Key: [value](url)", or an empty link
        if not before:
            return Head(text_link, url, after, "link")
        if (text_link.lower().strip() in _GENERIC_LINK) and len(before.split()) <= 40:
            return Head(before.strip("* "), url, after, "generic")
        return None  # prose that mentions a link
    return None


def _decoration_text(rest: str) -> str:
    """What follows a name, without links, bold and shortcodes: the words of a description."""
    return _SHORTCODE.sub("", re.sub(r"\[([^\]]*)\]\([^)]*\)|\*\*[^*]*\*\*", " ", rest)).strip()


def _name_from_rest(rest: str) -> str:
    """The text after a generic link ("[pdf](…) Title of the paper"), when it is a name."""
    plain = re.sub(r"\[([^\]]*)\]\([^)]*\)", "", rest).strip(" -–—:|")
    return plain if 0 < len(plain.split()) <= 40 else ""


def _decorations(entry: ParsedEntry, rest: str, beside_name: bool = True) -> str:
    """Read what follows an entry's name on its line (``beside_name``: a short name in bold, "also known as", other
    names in parentheses, "|"-separated tags) or a further line of it: links, a year or month; what remains is
    returned as description."""
    rest = rest.strip()
    if beside_name:
        for match in re.finditer(r"\*\*\(?(?P<short>[^*()]+)\)?\*\*", rest):
            short = match.group("short").strip()
            if short:
                if entry.short is None:
                    entry.short = short
                if short != entry.name and short not in entry.aliases:
                    entry.aliases.append(short)
        rest = re.sub(r"(?:also (?:known as|called)\s*)?\*\*\(?[^*]+\)?\*\*", " ", rest, flags=re.I)
        paren = re.match(r"^\s*\((?P<short>[^()\[\]]{1,40})\)\s*(?P<after>.*)$", rest, re.S)
        if paren and len(paren.group("short").split()) <= 4 and not re.search(r"(?:19|20)\d\d", paren.group("short")):
            short = paren.group("short").strip()  # "[Title](url) (Wren-2)": another name, in parentheses
            if short not in (entry.name, *entry.aliases):
                entry.aliases.append(short)
            rest = paren.group("after")
    rest = re.split(r"\b(?:related|see also)\s*[:：]", rest, maxsplit=1, flags=re.I)[0]  # links to other works
    for match in re.finditer(r"\[([^\[\]]*)\]\((https?://[^)\s]+)\)", rest):
        entry.links.append((match.group(1).strip(), match.group(2)))
    rest = re.sub(r"\[[^\[\]]*\]\([^)]*\)", " ", rest)
    rest = re.sub(r"\[\s*\]", " ", rest)  # the brackets around "[[Paper](…)]"
    if beside_name and "|" in rest:
        parts = [p.strip(" `*_") for p in rest.split("|")]
        entry.tags += [p for p in parts if p]
        rest = ""
    year = re.search(r"(?<![\d/.-])((?:19|20)\d\d)(?:[-/.](\d{1,2}))?(?![\d/.-])", rest)
    month_year = re.search(r"\b([A-Za-z]{3,9})\.?\s+((?:19|20)\d\d)\b", rest)
    when = month_year or year
    if when and entry.date_text is None:
        entry.date_text = when.group(0)
    if when:  # the date is read; the words around it describe
        rest = re.sub(r"(?:\b\d{1,2}\s+)?" + re.escape(when.group(0)), " ", rest, count=1)
    rest = re.sub(r"^[\s,;:.\-–—()]+|[\s,;:\-–—(]+$", "", re.sub(r"\s+", " ", rest))
    rest = re.sub(r"^(?:and|&)$|\s+(?:and|&)$", "", rest).strip()
    return rest if re.search(r"\w", rest) and not re.fullmatch(r"\W*(?:19|20)\d\d\W*", rest) else ""


class _Reader:
    def __init__(self, known: Callable[[str], bool]) -> None:
        self.known = known  # whether a written name is one of the profile's fields
        self.review = ParsedReview()
        self.headings: list[tuple[int, str]] = []  # (level, title) of the sections above
        self.section: Section | None = None
        # the entries written as a paragraph or heading, that the lists and lines after them belong to (two or more
        # when one paragraph names several works: "[A](…) and\n[B](…)"), until the next heading
        self.current: list[ParsedEntry] = []
        self.current_level = 0  # the level of the heading that is the current entry, 0 for a paragraph
        self.skip_level: int | None = None  # inside a section about the list itself

    # -- helpers ------------------------------------------------------------------------------------------------
    def problem(self, line: int, message: str) -> None:
        self.review.problems.append(f"line {line}: {message}")

    def field_line(self, line: Inline, under_entry: bool) -> tuple[str, str] | None:
        """(key, value) when a line is ``Key: value`` (or a field's name alone, its value empty): a key the profile
        knows, or under an entry any short key (a field the profile may adopt)."""
        plain = line.md.strip()
        if not plain or plain.startswith("[") or _WEB.match(plain):
            return None
        match = _FIELD_LINE.match(plain)
        if match:
            key = match.group("key").strip()
            if self.known(key) or (under_entry and len(key.split()) <= 7):
                return key, match.group("value").strip().removeprefix("**").strip()
            return None
        bare = plain.strip("* ").rstrip(":：").strip()
        if under_entry and not line.links and self.known(bare):
            return bare, ""
        return None

    def new_entry(self, head: Head, line: int) -> ParsedEntry | None:
        name, url, rest = head.name, head.url, head.rest
        if "|" in name:  # "[(owner/name)|52K|EN](…)": a name and its tags
            name, *tags = (part.strip() for part in name.split("|"))
            name = re.sub(r"^\((.*)\)$", r"\1", name)
            rest = " | ".join([*tags, rest.strip()]) if rest.strip() else " | ".join(tags) + " |"
        name = name.strip().rstrip(".").strip()
        titles = [t for _, t in self.headings if not _YEAR_HEADING.match(t)]
        titles = titles or ([self.review.title] if self.review.title else [])
        entry = ParsedEntry(name.strip().strip("*").strip(), url, line, titles[-1] if titles else None, titles)
        entry.kind = head.kind
        described = _decorations(entry, rest)
        years = [t for _, t in self.headings if re.fullmatch(r"(?:19|20)\d\d", t)]
        if entry.date_text is None and years:
            entry.date_text = years[-1]  # under a heading that is a year
        if described:
            entry.description.append(described)
        if not entry.name:
            self.problem(line, "an entry without a name; it is left out")
            return None
        if entry.tags:  # "|"-separated words beside the name: a field of their own
            entry.fields.append(RawField("Tags", line, ", ".join(entry.tags)))
        self.review.entries.append(entry)
        return entry

    @staticmethod
    def add_field(entries: list[ParsedEntry], key: str, line: int, inline: str, nested: list[str]) -> None:
        for entry in entries:
            entry.fields.append(RawField(key.strip(), line, inline.strip(), list(nested)))

    def is_navigation(self, line: Inline, number: int) -> bool:
        if _RELATED.match(line.plain):
            self.review.skipped.append(f"line {number}: related links '{line.plain[:60]}'")
            return True
        return False

    def note(self, text: str) -> None:
        if self.section is None:
            self.review.intro.append(text)
        else:
            self.section.notes.append(text)

    # -- blocks -------------------------------------------------------------------------------------------------
    def heading(self, node: SyntaxTreeNode) -> None:
        self.start_section(int(node.tag[1]), _read_inline(_inline_of(node))[0], node)

    def html_heading(self, node: SyntaxTreeNode) -> bool:
        """A heading written in HTML (``<h2 id="x">Title</h2>``): a section like a markdown one."""
        found = re.match(r"^\s*<h([1-6])\b[^>]*>(.*?)</?h\1\s*/?>", node.content, re.S | re.I)
        if not found:
            return False
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(2))).strip()
        if text:
            self.start_section(int(found.group(1)), Inline(text, text), node)
        return True

    def start_section(self, level: int, line: Inline, node: SyntaxTreeNode) -> None:
        self.current = []
        if self.skip_level is not None and level > self.skip_level:
            return
        self.skip_level = None
        if level == 1 and self.review.title is None and not line.links:
            self.review.title = line.plain
            self.headings = []
            return
        head = _head(line) if line.links else None
        if head and _WEB.match(head.url or ""):  # a work: under the sections above, even one of its own level
            while self.headings and self.headings[-1][0] > level:
                self.headings.pop()
            entry = self.new_entry(head, _line(node))
            self.current = [entry] if entry else []
            self.current_level = level
            return
        year = bool(_YEAR_HEADING.match(re.sub(r"^\W+", "", line.plain).strip()))
        while self.headings and (
            self.headings[-1][0] > level
            or (self.headings[-1][0] == level and (not year or _YEAR_HEADING.match(self.headings[-1][1])))
        ):  # a year heading at the level of a topic heading groups the topic's works by year
            self.headings.pop()
        title = re.sub(r"^\W+", "", _SHORTCODE.sub("", line.plain)).strip() or line.plain
        if _META_SECTIONS.search(title):
            self.skip_level = level
            self.review.skipped.append(f"line {_line(node)}: section '{title}' (about the list, not a work)")
            return
        self.headings.append((level, title))
        self.section = Section(title, _line(node), level)
        self.review.sections.append(self.section)

    def paragraph(self, node: SyntaxTreeNode) -> None:
        lines = [line for line in _read_inline(_inline_of(node))]
        first = _line(node)
        if all(not line.md for line in lines):
            return
        if self.current and self.current_level:  # the text under an entry's heading
            self.entry_lines(self.current, lines, first)
            return
        if self.field_line(lines[0], False) or self.is_navigation(lines[0], first) or not _head(lines[0]):
            if self.current and all(self.field_line(line, True) for line in lines if line.md):
                self.entry_lines(self.current, lines, first)
            else:
                self.note("\n".join(line.md for line in lines if line.md))
            return
        self.current, self.current_level = [], 0
        for offset, line in enumerate(lines):  # one work per line while lines name works
            head = _head(line) if line.md and not self.field_line(line, False) else None
            if head is None:
                self.entry_lines(self.current, lines[offset:], first + offset)
                break
            if offset == 0 and len(_decoration_text(head.rest).split()) > _PROSE_WORDS:
                self.note("\n".join(line.md for line in lines if line.md))  # prose that starts with a link
                return
            entry = self.new_entry(head, first + offset)
            if entry:
                self.current.append(entry)
        if len(self.current) > 1:
            names = " and ".join(f"'{e.name[:40]}'" for e in self.current)
            self.problem(first, f"one paragraph names {len(self.current)} works ({names}); each gets the fields "
                         "that follow: check them")  # fmt: skip

    def entry_lines(self, entries: list[ParsedEntry], lines: list[Inline], first: int) -> None:
        """Further lines of an entry's paragraph: fields, or its description."""
        for offset, line in enumerate(lines):
            if not line.md or self.is_navigation(line, first + offset):
                continue
            found = self.field_line(line, True)
            if found:
                self.add_field(entries, found[0], first + offset, found[1], [])
                continue
            for entry in entries:  # links and a date on a further line are the entry's; the rest describes it
                described = _decorations(entry, line.md, beside_name=False)
                if described:
                    entry.description.append(described)

    def item_lines(self, entry: ParsedEntry, lines: list[Inline], first: int) -> None:
        """Further lines of a list item's paragraph. A line that starts with a work's name in bold or as a link is a
        work of its own that lost the blank line before it (markdown runs it into the item): never merged into it."""
        current = entry
        for offset, line in enumerate(lines):
            head = _head(line) if line.md.startswith(("**", "[")) and not self.field_line(line, True) else None
            if head is not None and head.kind in ("bold", "link") and head.name.lower() not in _GENERIC_LINK:
                found = self.new_entry(head, first + offset)
                if found is not None:
                    self.problem(first + offset, f"'{found.name[:50]}' follows the item before it with no blank line "
                                 "or bullet; read as a work of its own")  # fmt: skip
                    current = found
                continue
            self.entry_lines([current], [line], first + offset)

    def list_block(self, node: SyntaxTreeNode, owner: list[ParsedEntry]) -> None:
        items = [child for child in node.children if child.type == "list_item"]
        if self.is_contents(node):
            self.review.skipped.append(f"line {_line(node)}: a table of contents or navigation ({len(items)} links)")
            return
        for item in items:
            self.list_item(item, owner)

    @staticmethod
    def is_contents(node: SyntaxTreeNode) -> bool:
        """A list every link of which points inside the document (``#anchor``) or to a relative path."""
        hrefs = [str(n.attrs.get("href", "")) for n in node.walk() if n.type == "link"]
        return bool(hrefs) and all(not _WEB.match(h) for h in hrefs)

    def list_item(self, item: SyntaxTreeNode, owner: list[ParsedEntry]) -> None:
        blocks = item.children
        has_text = bool(blocks) and blocks[0].type == "paragraph"
        lines = _read_inline(_inline_of(blocks[0])) if has_text else [Inline()]
        rest_blocks = blocks[1:] if has_text else blocks
        nested_lists = [b for b in rest_blocks if b.type in ("bullet_list", "ordered_list")]
        number = _line(item)
        head_line = lines[0]
        if (not head_line.md and not rest_blocks) or self.is_navigation(head_line, number):
            return
        if re.match(r"^\[[ xX]\]\s", head_line.md):  # a task list's checkbox: a to-do, not a work
            self.review.skipped.append(f"line {number}: to-do item '{head_line.plain[:50]}'")
            return
        found = self.field_line(head_line, bool(owner))
        if owner and found:  # "Key: value", its value continued on further lines and in nested items
            nested = [line.md for line in lines[1:] if line.md]
            for block in rest_blocks:
                nested += self.flat_items(block)
            self.add_field(owner, found[0], number, found[1], nested)
            return
        head = _head(head_line) if not found else None
        if head and owner and head.kind == "generic" and head.url:
            for parent in owner:  # "Paper available [here](…)" under an entry: one of its links
                parent.links.append((head.name, head.url))
            return
        if head:
            entry = self.new_entry(head, number)
            if entry is None:
                return
            self.item_lines(entry, lines[1:], number + 1)
            for block in rest_blocks:
                if block.type in ("bullet_list", "ordered_list"):
                    self.list_block(block, [entry])
                elif block.type == "paragraph":
                    self.entry_lines([entry], _read_inline(_inline_of(block)), _line(block))
            return
        if nested_lists and not head_line.links and self.holds_entries(nested_lists):
            # a bullet that groups the entries nested under it, like a heading
            title = _SHORTCODE.sub("", head_line.plain).strip(" :*")
            saved = list(self.headings)
            if title:
                self.headings.append(((self.headings[-1][0] if self.headings else 1) + 1, title))
            for block in nested_lists:
                self.list_block(block, [])
            self.headings = saved
            return
        if owner:  # prose under an entry: its description
            for entry in owner:
                entry.description += [line.md for line in lines if line.md]
                for block in rest_blocks:
                    entry.description += self.flat_items(block)
            return
        if head_line.links or found:
            self.problem(number, f"'{head_line.plain[:60]}' is not under an entry")
        else:
            self.note(head_line.md)
        for block in nested_lists:
            self.list_block(block, [])

    def holds_entries(self, lists: list[SyntaxTreeNode]) -> bool:
        for block in lists:
            for item in block.children:
                para = item.children[0] if item.children else None
                if para is not None and para.type == "paragraph":
                    line = _read_inline(_inline_of(para))[0]
                    if _head(line) and not self.field_line(line, False):
                        return True
        return False

    def flat_items(self, block: SyntaxTreeNode) -> list[str]:
        """The text of every item of a nested list (values continued under a field), depth first."""
        out: list[str] = []
        if block.type in ("bullet_list", "ordered_list"):
            for item in block.children:
                for child in item.children:
                    out += self.flat_items(child)
        elif block.type == "paragraph":
            out += [line.md for line in _read_inline(_inline_of(block)) if line.md]
        return out

    def table(self, node: SyntaxTreeNode) -> None:
        rows = [n for n in node.walk() if n.type == "tr"]
        self.current = []
        if not rows:
            return
        header = [_read_inline(_inline_of(cell))[0].plain for cell in rows[0].children]
        name_col = _name_column(header)
        for row in rows[1:]:
            cells = [_read_inline(_inline_of(cell)) for cell in row.children]
            number = _line(row)
            if len(cells) <= name_col:
                self.problem(number, "a table row with fewer cells than its header")
                continue
            name_cell = cells[name_col][0]
            head = _head(name_cell)
            url = next((u for _, u in name_cell.links), None)
            name, rest = (name_cell.plain, "") if head is None else (head.name, head.rest)
            url = (head.url if head else None) or url
            if not name.strip():
                self.problem(number, "a table row without a name")
                continue
            entry = self.new_entry(Head(name, url, rest, "link" if url else "text"), number)
            if entry is None:
                continue
            for index, cell in enumerate(cells):
                if index == name_col:
                    continue
                text = " <br> ".join(line.md for line in cell if line.md).strip()
                if not text or re.fullmatch(r"[-–—/?]|n/?a|none|tbd", text, re.I):
                    continue
                if index >= len(header) or not header[index].strip():
                    self.problem(number, f"a value in a column without a heading: '{text[:40]}'")
                    continue
                self.add_field([entry], header[index], number, text, [])

    # -- the document -------------------------------------------------------------------------------------------
    def read(self, text: str) -> ParsedReview:
        lines = text.split("\n")
        for number, line in enumerate(lines):
            if re.match(r"^\s*[-*+]\[[^\]]+\]\(", line):  # "-[Name](…)": a list item that lost its space
                lines[number] = re.sub(r"^(\s*[-*+])", r"\1 ", line)
                self.problem(number + 1, "'-[' read as a list item; write a space after the '-'")
        tree = SyntaxTreeNode(_parser().parse("\n".join(lines)))
        for node in tree.children:
            if node.type == "heading":
                self.heading(node)
            elif (node.type == "html_block" and self.html_heading(node)) or self.skip_level is not None:
                continue
            elif node.type == "paragraph":
                self.paragraph(node)
            elif node.type in ("bullet_list", "ordered_list"):
                self.list_block(node, self.current)
            elif node.type == "table":
                self.table(node)
            elif node.type == "blockquote":
                for child in node.children:
                    if child.type == "paragraph":
                        self.note(" ".join(line.md for line in _read_inline(_inline_of(child))))
        self.review.entries = [e for e in self.review.entries if not self.only_emphasis(e)]
        return self.review

    def only_emphasis(self, entry: ParsedEntry) -> bool:
        """A name in bold or brackets with no link and no field of the profile under it is emphasis, not a work."""
        known = any(self.known(f.key) for f in entry.fields)
        if entry.kind in ("bold", "bracket") and not entry.url and not known and not entry.links:
            self.review.skipped.append(f"line {entry.line}: '{entry.name[:50]}' (emphasis with nothing under it)")
            return True
        return False


_NAME_HEADERS = ("name", "model", "title", "paper", "work", "method", "dataset", "project")


def _name_column(header: list[str]) -> int:
    """The column that names the works: the leftmost headed like a name, else the first."""
    normal = [re.sub(r"s\b", "", " ".join(re.sub(r"[^a-z]+", " ", h.lower()).split())) for h in header]
    for index, text in enumerate(normal):  # the leftmost such column: "Datasets" before a later "Model name"
        if any(text == w or text.startswith(w + " ") or text.endswith(" " + w) for w in _NAME_HEADERS):
            return index
    return 0


def read_review(text: str, known: Callable[[str], bool] = lambda name: False) -> ParsedReview:
    """The review's title, introduction, sections, entries and the problems met, by the structure of the text.
    ``known`` tells whether a written name is a field of the profile (so "Base model" alone is a field left empty)."""
    return _Reader(known).read(text)
