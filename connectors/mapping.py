"""The mapping file: how one department's source columns become one catalog record type.

record_type: admin_penalty
source: {format: csv, encoding: auto, header_row: 1}      # xlsx: sheet, header_row (auto-detected if absent)
record_id: {column: 案件编号, prefix: "SCJG-"}              # absent: a keyed hash of the row is the id
fields:
  行政相对人名称: 当事人名称                                   # shorthand for {column: 当事人名称}
  处罚决定日期: {column: 决定日期, parser: date}
  罚款金额（万元）: {column: 罚款金额（元）, parser: amount, unit: 元}
  行政相对人类别: {column: 当事人类型, parser: party_type, values: {"1": 法人及非法人组织}}
constants:
  处罚机关: 资阳市市场监督管理局
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

from connectors.errors import MappingError
from connectors.yaml_lines import Location, line_of, load_model

SUBJECT_ID_FIELDS = ("证件号码", "法定代表人证件号码")
ParserName = Literal["text", "date", "amount", "party_type", "id_number"]


def column_key(name: str) -> str:
    """Header cells and mapping columns are compared after NFKC (full-width brackets) and strip."""
    return unicodedata.normalize("NFKC", name).strip()


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FieldRule(_Strict):
    column: str = Field(min_length=1, max_length=200)
    parser: ParserName = "text"
    unit: Literal["元", "万元"] = "元"
    # Department codes translated before parsing, e.g. {"1": "法人及非法人组织"} or {"01": "身份证"}.
    values: dict[str, str] = Field(default_factory=dict)

    @field_validator("values", mode="before")
    @classmethod
    def _keys_as_text(cls, raw: Any) -> Any:
        if isinstance(raw, dict):
            return {str(key): value for key, value in raw.items()}
        return raw


class SourceSpec(_Strict):
    format: Literal["csv", "xlsx"] | None = None  # None: from the file's extension
    encoding: Literal["auto", "utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"] = "auto"
    delimiter: str = Field(default=",", min_length=1, max_length=1)
    sheet: str | int | None = None  # name, or 1-based position; None: the first sheet
    header_row: int | None = Field(default=None, ge=1, le=1000)  # 1-based; None: first row naming all columns


class RecordIdRule(_Strict):
    column: str = Field(min_length=1, max_length=200)
    prefix: str = Field(default="", max_length=40)


class Mapping(_Strict):
    record_type: str = Field(min_length=1, max_length=64)
    source: SourceSpec = Field(default_factory=SourceSpec)
    record_id: RecordIdRule | None = None
    fields: dict[str, FieldRule] = Field(min_length=1)
    constants: dict[str, str] = Field(default_factory=dict)

    _lines: dict[Location, int] = PrivateAttr(default_factory=dict)
    _origin: str = PrivateAttr(default="mapping")

    @field_validator("fields", mode="before")
    @classmethod
    def _expand_shorthand(cls, raw: Any) -> Any:
        if isinstance(raw, dict):
            return {key: {"column": value} if isinstance(value, str) else value for key, value in raw.items()}
        return raw

    @field_validator("constants", mode="before")
    @classmethod
    def _constants_as_text(cls, raw: Any) -> Any:
        if isinstance(raw, dict):
            # YAML reads 2023-01-05 as a date and 100 as a number; a list or mapping stays an error.
            scalar = (int, float, dt.date)
            return {key: str(value) if isinstance(value, scalar) else value for key, value in raw.items()}
        return raw

    @model_validator(mode="after")
    def _consistent(self) -> Mapping:
        both = set(self.fields) & set(self.constants)
        if both:
            raise ValueError(f"fields given both as a column and as a constant: {', '.join(sorted(both))}")
        if not any(name in self.fields for name in SUBJECT_ID_FIELDS):
            raise ValueError("map 证件号码 or 法定代表人证件号码: the hub identifies the subject by one of them")
        if self.record_id is not None:
            id_columns = {column_key(rule.column) for rule in self.fields.values() if rule.parser == "id_number"}
            if column_key(self.record_id.column) in id_columns:
                # The record id travels and is stored in clear: it must not be an ID number.
                raise ValueError("record_id.column must not be an ID-number column")
        return self

    def columns(self) -> list[str]:
        """Every source column this mapping reads (record id first)."""
        names = [self.record_id.column] if self.record_id else []
        names += [rule.column for rule in self.fields.values()]
        return list(dict.fromkeys(names))

    def line_of(self, *location: str | int) -> int | None:
        return line_of(tuple(location), self._lines)

    def check_against_catalog(self, catalog: dict[str, Any]) -> None:
        """Raise MappingError naming the lines of fields the hub's catalog does not know or needs."""
        types = catalog.get("record_types", {})
        if self.record_type not in types:
            line = self.line_of("record_type")
            raise MappingError(f"{self._origin}: line {line}: record type not in the hub's catalog")
        known = types[self.record_type].get("fields", {})
        problems = []
        for section, names in (("fields", self.fields), ("constants", self.constants)):
            for name in names:
                if name not in known:
                    problems.append(
                        f"{self._origin}: line {self.line_of(section, name)}: {name}: not a field of {self.record_type}"
                    )
        mapped = set(self.fields) | set(self.constants)
        missing = [name for name, spec in known.items() if spec.get("required") and name not in mapped]
        if missing:
            problems.append(
                f"{self._origin}: line {self.line_of('fields')}: required fields not mapped: " + ", ".join(missing)
            )
        if problems:
            raise MappingError("\n".join(problems))


def load_mapping(path: Path) -> Mapping:
    mapping, lines = load_model(Mapping, path)
    mapping._lines = lines
    mapping._origin = path.name
    return mapping
