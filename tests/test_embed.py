"""Loading the model only when a vector is needed: a named question never imports torch."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from reviewqa.embed import SentenceEmbedder, configured_dimension

from .conftest import CORPUS


def _folder(tmp_path: Path, modules: list[tuple[str, str]], configs: dict[str, dict]) -> Path:
    (tmp_path / "modules.json").write_text(
        json.dumps(
            [
                {"idx": i, "name": str(i), "path": path, "type": f"sentence_transformers.models.{kind}"}
                for i, (kind, path) in enumerate(modules)
            ]
        ),
        encoding="utf-8",
    )
    for path, config in configs.items():
        (tmp_path / path).mkdir(parents=True, exist_ok=True)
        (tmp_path / path / "config.json").write_text(json.dumps(config), encoding="utf-8")
    return tmp_path


def test_dimension_comes_from_the_pooling_width_and_its_modes(tmp_path):
    pooling = {"word_embedding_dimension": 256, "pooling_mode_mean_tokens": True, "pooling_mode_max_tokens": True}
    folder = _folder(tmp_path, [("Transformer", ""), ("Pooling", "1_Pooling"), ("Normalize", "2_Normalize")],
                     {"1_Pooling": pooling})  # fmt: skip
    assert configured_dimension(folder) == 512


def test_a_dense_layer_after_pooling_sets_the_dimension(tmp_path):
    folder = _folder(
        tmp_path,
        [("Transformer", ""), ("Pooling", "1_Pooling"), ("Dense", "2_Dense")],
        {
            "1_Pooling": {"word_embedding_dimension": 768, "pooling_mode_cls_token": True},
            "2_Dense": {"out_features": 128},
        },
    )
    assert configured_dimension(folder) == 128


@pytest.mark.parametrize("case", ["unknown module", "no modules.json", "broken json"])
def test_an_unclear_folder_leaves_the_dimension_to_the_model(tmp_path, case):
    if case == "unknown module":
        _folder(tmp_path, [("Transformer", ""), ("Pooling", "1_Pooling"), ("LSTM", "2_LSTM")],
                {"1_Pooling": {"word_embedding_dimension": 8, "pooling_mode_mean_tokens": True}})  # fmt: skip
    elif case == "broken json":
        (tmp_path / "modules.json").write_text("[{", encoding="utf-8")
    assert configured_dimension(tmp_path) is None


def test_configured_dimension_is_the_models(embedder):
    fresh = SentenceEmbedder()
    assert not fresh.loaded
    assert fresh.dimension == embedder.encode(["x"]).shape[1] == 384
    assert not fresh.loaded


def test_a_named_question_never_loads_the_model_and_a_described_one_does(shipped_index):
    script = (
        "import sys, json\n"
        "from pathlib import Path\n"
        "from reviewqa.service import open_review\n"
        f"opened = open_review(Path({str(CORPUS)!r}), Path({str(shipped_index)!r}))\n"
        "named = opened.assistant.ask('What base model was Alpaca fine-tuned from?')\n"
        "before = 'torch' in sys.modules, opened.assistant.embedder.loaded\n"
        "described = opened.assistant.ask('the paper that fine-tuned on only a thousand curated examples')\n"
        "print(json.dumps([before, opened.assistant.embedder.loaded, named.records[0]['id'],"
        " described.records[0]['id']]))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300, check=True)
    before, after, named, described = json.loads(done.stdout.strip().splitlines()[-1])
    assert before == [False, False]
    assert after is True
    assert (named, described) == ("alpaca", "lima")
