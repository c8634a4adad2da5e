"""One recognizer a policy entity (policy §2)."""

from presidio_analyzer import EntityRecognizer

from redaction.recognizers.address import CnAddressRecognizer
from redaction.recognizers.bank_card import BankCardRecognizer
from redaction.recognizers.email import ZhEmailRecognizer
from redaction.recognizers.license_plate import LicensePlateRecognizer
from redaction.recognizers.passport import PassportRecognizer
from redaction.recognizers.person import CnPersonRecognizer
from redaction.recognizers.phone import CnPhoneRecognizer
from redaction.recognizers.resident_id import CnResidentIdRecognizer

__all__ = [
    "BankCardRecognizer",
    "CnAddressRecognizer",
    "CnPersonRecognizer",
    "CnPhoneRecognizer",
    "CnResidentIdRecognizer",
    "LicensePlateRecognizer",
    "PassportRecognizer",
    "ZhEmailRecognizer",
    "all_recognizers",
]


def all_recognizers() -> list[EntityRecognizer]:
    """A fresh instance of every recognizer of the engine."""
    return [
        CnResidentIdRecognizer(),
        CnPhoneRecognizer(),
        BankCardRecognizer(),
        ZhEmailRecognizer(),
        LicensePlateRecognizer(),
        PassportRecognizer(),
        CnAddressRecognizer(),
        CnPersonRecognizer(),
    ]
