"""Errors of the identity facts, each with a stable code and its Chinese text.

A code (``id_number.check_character``) is what callers match on and what the hub's error table and the
connectors' error files look up; ``MESSAGES_ZH`` holds the Chinese text shown to people, next to the
code so there is one home for both. No error here ever carries the number it rejects.
"""

from typing import Final

from crypto.errors import CryptoError

MESSAGES_ZH: Final[dict[str, str]] = {
    "id_number.empty": "证件号码为空",
    "id_number.invalid_characters": "公民身份号码只能由数字和末位的X组成",
    "id_number.wrong_length": "公民身份号码应为18位（或15位旧号码）",
    "id_number.birth_date": "公民身份号码中的出生日期不存在或晚于今天",
    "id_number.check_character": "公民身份号码的校验码不正确",
    "uscc.wrong_length": "统一社会信用代码应为18位",
    "uscc.invalid_characters": "统一社会信用代码含有不允许的字符",
    "uscc.check_character": "统一社会信用代码的校验码不正确",
    "document_number.invalid": "证件号码应为5至20位字母或数字",
}

# The short English reasons the hub's API has always returned (`证件号码: check character mismatch`);
# kept word for word so that error bodies and the connectors' rejection files do not change.
REASONS: Final[dict[str, str]] = {
    "id_number.empty": "empty",
    "id_number.invalid_characters": "invalid characters",
    "id_number.wrong_length": "wrong length",
    "id_number.birth_date": "invalid birth date",
    "id_number.check_character": "check character mismatch",
    "uscc.wrong_length": "统一社会信用代码 must be 18 characters",
    "uscc.invalid_characters": "统一社会信用代码 has invalid characters",
    "uscc.check_character": "统一社会信用代码 check character mismatch",
    "document_number.invalid": "invalid document number",
}


class IdentifierError(CryptoError):
    """An identity number, credit code or document number failed validation.

    ``code`` is one of ``MESSAGES_ZH``; the message is the fixed English reason for that code.
    """

    PREFIX: str = ""

    def __init__(self, code: str) -> None:
        # A code from elsewhere (or a caller passing the offending value) is refused: the message must
        # stay a fixed text.
        if code not in MESSAGES_ZH or not code.startswith(self.PREFIX):
            raise ValueError("unknown identifier error code")
        super().__init__(REASONS[code])
        self.code = code

    @property
    def reason(self) -> str:
        return REASONS[self.code]

    @property
    def message_zh(self) -> str:
        return MESSAGES_ZH[self.code]

    def __str__(self) -> str:
        return self.reason

    def __reduce__(self) -> tuple[type["IdentifierError"], tuple[str]]:
        return (type(self), (self.code,))


class InvalidIdNumber(IdentifierError):
    """A 公民身份号码 is not valid (``id_number.*``)."""

    PREFIX = "id_number."


class InvalidUscc(IdentifierError):
    """A 统一社会信用代码 is not valid (``uscc.*``)."""

    PREFIX = "uscc."


class InvalidDocumentNumber(IdentifierError):
    """A passport or 通行证 number is not a plausible document number (``document_number.*``)."""

    PREFIX = "document_number."
