"""The engine and the review are apart: nothing particular to a review lives in src/, and a second review with its
own profile runs on the same code."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from reviewqa.corpus import load_corpus
from reviewqa.names import common_word
from reviewqa.profile import load_profile

from .conftest import CORPUS, PROFILE, ROOT, SECOND

SRC = ROOT / "src" / "reviewqa"


def review_words(corpus: Path, profile: Path) -> set[str]:
    """Entry names and ids, organisations, licenses, categories and vocabulary values of a review."""
    words: set[str] = set()
    for path in corpus.glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        words |= {path.stem, data["name"]}
        words |= set(data.get("organizations", []))
        for value in (data.get("license") or {}).values():
            words |= {part.strip() for part in re.split(r"[;(]", str(value))}
    prof = load_profile(profile)
    words |= {e.name for entries in prof.vocabularies.values() for e in entries}
    # category names count unless they are plain English ("Datasets", "Benchmarks")
    for name in [c.id for c in prof.categories] + [c.title for c in prof.categories]:
        if not all(common_word(t, 2.5) for t in re.findall(r"[A-Za-z]+", name)):
            words.add(name)
    return {w for w in words if len(w) >= 4}


def test_no_word_of_either_review_is_in_the_engine():
    source = "\n".join(p.read_text(encoding="utf-8") for p in SRC.glob("*.py"))
    words = review_words(CORPUS, PROFILE) | review_words(SECOND / "corpus", SECOND / "review.yaml")
    found = sorted(w for w in words if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", source, re.IGNORECASE))
    assert found == [], f"review words in src/: {found}"


def test_the_second_review_loads_with_its_own_profile():
    corpus = load_corpus(SECOND / "corpus")
    assert corpus.profile.title == "Protein language models"
    assert len(corpus.records) >= 20
    assert {"parameters_m", "architecture", "training_data"} <= set(corpus.profile.fields)


def test_modules_import_without_cycles():
    """Each stage imports only the stages before it (module-level imports; lazy ones inside functions aside)."""
    import ast

    graph: dict[str, set[str]] = {}
    for path in SRC.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        deps = {
            (node.module or "").split(".")[0]
            for node in tree.body
            if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module
        }
        graph[path.stem] = deps - {path.stem}

    def visit(node: str, trail: tuple[str, ...]) -> None:
        assert node not in trail, f"import cycle: {' -> '.join((*trail, node))}"
        for dep in graph.get(node, set()):
            visit(dep, (*trail, node))

    for module in graph:
        visit(module, ())
