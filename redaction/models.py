"""Result models. They are pydantic models because the hub returns them from its JSON API as they are."""

from typing import Literal

from pydantic import BaseModel, Field

from redaction.standard import RecordKind

__all__ = ["Finding", "FindingAction", "RecordCheck", "RecordKind", "Span", "TextScan"]
FindingAction = Literal["masked", "dropped_field", "needs_officer_decision"]


class Span(BaseModel):
    """One private span found in a text; offsets are Python ``str`` indices."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    entity_type: str
    score: float
    recognizer: str


class TextScan(BaseModel):
    """The private spans of one text and the text with each of them replaced."""

    spans: list[Span]
    redacted: str


class Finding(BaseModel):
    """One thing the record check removed or wants an officer to decide on."""

    field: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    entity_type: str
    score: float
    recognizer: str
    action: FindingAction


class RecordCheck(BaseModel):
    """The outcome of the pre-publication check of one 行政许可/行政处罚 record."""

    findings: list[Finding]
    redacted_record: dict[str, str]
    needs_officer_decision: bool
    decision_reasons: list[str]
