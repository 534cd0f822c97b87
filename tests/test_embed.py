"""Loading the model only when a vector is needed: a named question never imports torch."""

from __future__ import annotations

import json
import os
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


def _last_json_line(script: str, **env: str):
    """What a Python script run in a new process (with these environment variables) printed last, read as JSON."""
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
        env={**os.environ, **env},
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


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
    # (with the model's own library: whether an exported encoder exists is another test's business)
    before, after, named, described = _last_json_line(script, REVIEWQA_QUERY_ENCODER="sentence-transformers")
    assert before == [False, False]
    assert after is True
    assert (named, described) == ("alpaca", "lima")


# ---- the query encoder without torch ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("modules", "pooling", "expected"),
    [
        ([("Transformer", ""), ("Pooling", "1_Pooling"), ("Normalize", "2_Normalize")],
         {"pooling_mode_mean_tokens": True}, ("mean_tokens", True, 512)),
        ([("Transformer", ""), ("Pooling", "1_Pooling")], {"pooling_mode_cls_token": True}, ("cls_token", False, 512)),
        ([("Transformer", ""), ("Pooling", "1_Pooling")], {"pooling_mode_max_tokens": True}, None),
        ([("Transformer", ""), ("Pooling", "1_Pooling")],
         {"pooling_mode_mean_tokens": True, "pooling_mode_cls_token": True}, None),
        ([("Transformer", ""), ("Pooling", "1_Pooling"), ("Dense", "2_Dense")], {"pooling_mode_cls_token": True}, None),
    ],
)  # fmt: skip
def test_only_modules_the_exported_encoder_reproduces_are_run_without_torch(tmp_path, modules, pooling, expected):
    from reviewqa.embed import query_pooling

    folder = _folder(tmp_path, modules, {"1_Pooling": {"word_embedding_dimension": 8, **pooling}})
    assert query_pooling(folder) == expected
    if expected is not None:
        (folder / "sentence_bert_config.json").write_text('{"max_seq_length": 128}', encoding="utf-8")
        assert query_pooling(folder) == (*expected[:2], 128)


def _texts() -> list[str]:
    questions = [
        turn
        for line in (CORPUS.parent / "eval" / "dev.jsonl").read_text(encoding="utf-8").splitlines()[:40]
        for turn in json.loads(line)["turns"]
    ]
    return [*questions, "", "é" * 600, "word " * 400]  # (an empty text, and two longer than the model reads)


@pytest.fixture(scope="module")
def exported(tmp_path_factory, embedder) -> Path:
    from reviewqa.embed import export_query_encoder

    cache = tmp_path_factory.mktemp("cache")
    said = export_query_encoder(embedder, cache / "encoders")
    assert said.startswith("exported the query encoder"), said
    assert export_query_encoder(embedder, cache / "encoders") == "the exported query encoder is up to date"
    return cache


def test_the_exported_encoder_gives_the_models_vectors_without_importing_torch(exported, embedder):
    import numpy as np

    script = (
        "import sys, json\n"
        "from reviewqa.embed import load_embedder\n"
        f"texts = json.loads({json.dumps(json.dumps(_texts()))})\n"
        "vectors = load_embedder(None).encode(texts)\n"
        "print(json.dumps(['torch' in sys.modules, vectors.tolist()]))\n"
    )
    torch_loaded, vectors = _last_json_line(script, REVIEWQA_CACHE=str(exported))
    assert torch_loaded is False
    expected = embedder.encode(_texts())
    assert np.abs(np.asarray(vectors, dtype=np.float32) - expected).max() <= 1e-4


def test_the_exported_encoder_runs_a_builds_texts_in_batches_of_similar_length(exported, embedder):
    """A build's thousand passages in one run would be padded to the longest and hold every attention matrix at
    once (measured: 14.7 GB for the shipped review); they run in batches, and come back in their order."""
    import numpy as np

    from reviewqa.corpus import load_corpus, passages
    from reviewqa.embed import ONNX_BATCH, OnnxEncoder

    encoder = OnnxEncoder.open(Path(embedder.path), exported / "encoders")
    assert encoder is not None
    corpus = load_corpus(CORPUS)
    texts = [p.text for r in corpus.records[:12] for p in passages(r, corpus.profile)]
    runs: list[tuple[int, int]] = []
    session = encoder.session

    class Recording:
        def run(self, names, feed):
            runs.append(feed["input_ids"].shape)
            return session.run(names, feed)

    encoder.session = Recording()
    vectors = encoder.encode(texts)
    assert len(runs) == -(-len(texts) // ONNX_BATCH) and max(rows for rows, _ in runs) <= ONNX_BATCH
    assert np.abs(vectors - embedder.encode(texts)).max() <= 1e-4


@pytest.mark.parametrize("damage", ["garbage model", "other model's record", "no record"])
def test_a_damaged_or_foreign_export_leaves_questions_to_sentence_transformers(tmp_path, exported, embedder, damage):
    import shutil

    import numpy as np

    shutil.copytree(exported / "encoders", tmp_path / "encoders")
    onnx_file = next((tmp_path / "encoders").glob("*.onnx"))
    record = onnx_file.with_suffix(".json")
    if damage == "garbage model":
        onnx_file.write_bytes(b"not a model" * 100)
    elif damage == "other model's record":
        record.write_text(json.dumps({**json.loads(record.read_text()), "fingerprint": "0" * 16}), encoding="utf-8")
    else:
        record.unlink()
    fresh = SentenceEmbedder(encoder_dir=tmp_path / "encoders")
    assert fresh.query_encoder() is None
    assert np.abs(fresh.encode(["a question"]) - embedder.encode(["a question"])).max() <= 1e-4
    assert fresh.loaded  # (sentence-transformers answered)


def test_a_described_question_in_a_new_process_is_answered_without_torch_once_the_encoder_is_exported(
    shipped_index, exported
):
    script = (
        "import sys, json\n"
        "from pathlib import Path\n"
        "from reviewqa.service import open_review\n"
        f"opened = open_review(Path({str(CORPUS)!r}), Path({str(shipped_index)!r}))\n"
        "described = opened.assistant.ask('the paper that fine-tuned on only a thousand curated examples')\n"
        "print(json.dumps(['torch' in sys.modules, described.kind, described.records[0]['id']]))\n"
    )
    assert _last_json_line(script, REVIEWQA_CACHE=str(exported)) == [False, "search", "lima"]


def test_an_encoder_folder_that_cannot_be_made_is_said_and_nothing_else_fails(tmp_path):
    from reviewqa.embed import export_query_encoder

    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    fresh = SentenceEmbedder(encoder_dir=blocker / "encoders")
    said = export_query_encoder(fresh)
    assert said.startswith("could not export the query encoder (NotADirectoryError"), said
    assert said.endswith("questions use sentence-transformers")
    assert fresh.query_encoder() is None and not fresh.loaded
