"""Passports and 通行证: shapes, context, and the number that identifies a person (subject key)."""

import datetime

import pytest

from crypto.identifiers import (
    DOCUMENT_TYPES,
    RESIDENT_ID_DOCUMENT,
    DocumentKind,
    InvalidDocumentNumber,
    InvalidIdNumber,
    find_travel_documents,
    normalize_document_number,
    subject_key_of,
)

K = DocumentKind


@pytest.mark.parametrize(
    ("text", "number", "kind", "needs_context"),
    [
        ("护照号码E12345678", "E12345678", K.PASSPORT, False),
        ("其持有EA1234567出境", "EA1234567", K.PASSPORT, False),
        ("持ＥＡ１２３４５６７出境", "ＥＡ１２３４５６７", K.PASSPORT, False),
        ("护照G12345678", "G12345678", K.PASSPORT, True),
        ("公务护照SE1234567", "SE1234567", K.PASSPORT, True),
        ("外交护照DE1234567", "DE1234567", K.PASSPORT, True),
        ("护照P1234567", "P1234567", K.PASSPORT, True),
        ("香港特区护照K12345678", "K12345678", K.PASSPORT, True),
        ("港澳通行证C12345678", "C12345678", K.HK_MACAO_PERMIT, True),
        ("往来港澳通行证CA1234567", "CA1234567", K.HK_MACAO_PERMIT, True),
        ("旧版通行证W12345678", "W12345678", K.HK_MACAO_PERMIT, True),
        ("回乡证H1234567801", "H1234567801", K.HOME_RETURN_PERMIT, True),
        ("回乡证M12345678", "M12345678", K.HOME_RETURN_PERMIT, True),
        ("台湾居民来往大陆通行证T12345678", "T12345678", K.TAIWAN_TRAVEL_PERMIT, True),
        ("大陆居民往来台湾通行证L12345678", "L12345678", K.TAIWAN_TRAVEL_PERMIT, True),
        ("台胞证12345678", "12345678", K.TAIWAN_COMPATRIOT_PERMIT, False),
        ("台湾居民来往大陆通行证号码：12345678，", "12345678", K.TAIWAN_COMPATRIOT_PERMIT, False),
        ("台胞证号为1234567890", "1234567890", K.TAIWAN_COMPATRIOT_PERMIT, False),
        ("永久居留证USA110090010015", "USA110090010015", K.PERMANENT_RESIDENCE, True),
    ],
)
def test_finds_documents(text: str, number: str, kind: DocumentKind, needs_context: bool) -> None:
    start = text.index(number)
    found = find_travel_documents(text)
    assert [(m.start, m.end, m.kind, m.needs_context) for m in found] == [
        (start, start + len(number), kind, needs_context)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "电话12345678",  # eight digits without 台胞证 before them
        "产品批号C2023010",  # seven characters
        "型号AE12345678X",  # glued to more letters and digits
        "JY15120020012345",  # a food licence number
        "E1234567",  # too short for a passport
        "ABCD123456789012",  # four letters
    ],
)
def test_not_documents(text: str) -> None:
    assert find_travel_documents(text) == []


def test_document_numbers_are_compacted_and_bounded() -> None:
    assert normalize_document_number("e 1234-5678", document_type="护照号") == "E12345678"
    assert normalize_document_number("ｃａ１２３４５６７", document_type="港澳居民来往内地通行证") == "CA1234567"
    for bad in ("E12", "E" * 21, "E1234567!", "护照E1234567"):
        with pytest.raises(InvalidDocumentNumber) as caught:
            normalize_document_number(bad, document_type="护照号")
        assert caught.value.code == "document_number.invalid"
    with pytest.raises(InvalidIdNumber):
        normalize_document_number("110105194912310021")  # a 身份证 number is judged as one


def test_one_person_one_subject_key_however_the_number_is_written() -> None:
    today = datetime.date(2026, 11, 26)
    keys = {
        subject_key_of(number, today=today)
        for number in (
            "11010519491231002X", "110105491231002", "110105 19491231 002x", "１１０１０５１９４９１２３１００２Ｘ"
        )
    }
    assert keys == {"身份证:11010519491231002X"}
    assert subject_key_of("e1234 5678", document_type="护照号") == subject_key_of("E12345678", document_type="护照号")
    assert subject_key_of("E12345678", document_type="护照号") == "护照号:E12345678"


def test_resident_id_is_one_of_the_document_types() -> None:
    assert DOCUMENT_TYPES[0] == RESIDENT_ID_DOCUMENT == "身份证"
