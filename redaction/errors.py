"""The one base exception of the redaction package, and its few specific cases.

Messages never carry the personal values being checked: they name the field or the line only.
"""


class RedactionError(Exception):
    """Base error of the redaction package."""


class InvalidRecordError(RedactionError):
    """A record (or an input line) is malformed: wrong type, unknown kind, unreadable file.

    ``position`` is the record's index among those given to one call, when there were several.
    """

    def __init__(self, message: str, *, position: int | None = None) -> None:
        super().__init__(message)
        self.position = position

    def __reduce__(self) -> tuple[object, ...]:
        # Raised in a worker process and pickled back: keep the position.
        return (_invalid_record, (str(self), self.position))


def _invalid_record(message: str, position: int | None) -> InvalidRecordError:
    return InvalidRecordError(message, position=position)
