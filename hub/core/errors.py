"""The hub's base exception. Each error carries a stable `code` and `params`; the one table
(`hub.core.error_table.ERRORS`) gives the code its HTTP status, its English text (`str(exc)`, the API's
`detail`) and its Chinese text (`exc.message`, for the web pages and the departments).

Parameters are field names, counts, states and limits, never a submitted or stored value. A parameter
named `cause` holds another code (an identifier's error, say) and is rendered in the same language.
Each package keeps its own subclass (`DisclosureError`, `KeyJobError` …) for callers that catch by kind;
the status never depends on the class, only on the code.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar, Self

from hub.core.error_table import ERRORS, FIELD_NAMES_ZH


def render(code: str, params: dict[str, object], *, chinese: bool) -> str:
    values = {
        name: render(str(value), {}, chinese=chinese) if name == "cause" else value for name, value in params.items()
    }
    text = ERRORS[code]
    return (text.zh if chinese else text.en).format(**values)


class HubError(Exception):
    """Base of every error the hub raises on purpose: `HubError(code, **params)`."""

    # The code of a subclass that stands for one error only (`FourEyesViolation`), used when none is given.
    default_code: ClassVar[str] = "internal"

    def __init__(self, code: str | None = None, /, **params: object) -> None:
        chosen = code or type(self).default_code
        if chosen not in ERRORS:
            raise ValueError(f"error code {chosen!r} is not in the error table")
        self.code = chosen
        self.params = params
        self._chinese: str | None = None
        super().__init__(render(chosen, params, chinese=False))

    @classmethod
    def from_below(cls, code: str, *, english: str, chinese: str) -> Self:
        """An error a package below the hub raised with its own code and texts, already rendered
        (`connectors` errors name the file and row they are about); its status is the table's."""
        if code not in ERRORS:
            raise ValueError(f"error code {code!r} is not in the error table")
        error = cls.__new__(cls)
        Exception.__init__(error, english)
        error.code, error.params, error._chinese = code, {}, chinese
        return error

    @property
    def status_code(self) -> int:
        return ERRORS[self.code].status

    @property
    def message(self) -> str:
        """The Chinese text, for people."""
        return self._chinese if self._chinese is not None else render(self.code, self.params, chinese=True)


class NotFound(HubError):
    pass


class PermissionDenied(HubError):
    default_code = "auth.role_not_permitted"


class Unauthenticated(HubError):
    default_code = "auth.not_logged_in"


class KeyServiceUnavailable(HubError):
    """OpenBao is unreachable, sealed or refusing: the request fails closed."""

    default_code = "key_service.unavailable"


class RecordError(HubError):
    """One record of a batch is invalid: `index` is its position, `field` the offending field, the code
    says why (`reason` is the English text of the code)."""

    def __init__(self, code: str, /, *, index: int, field: str, **params: object) -> None:
        super().__init__(code, **params)
        self.index = index
        self.field = field

    @property
    def reason(self) -> str:
        return render(self.code, self.params, chinese=False)

    def __str__(self) -> str:
        return f"record {self.index}: {self.field}: {self.reason}"


class BatchRejected(HubError):
    """A batch with invalid records is refused whole; nothing of it is stored."""

    def __init__(self, errors: list[RecordError]) -> None:
        super().__init__("batch.rejected", count=len(errors), plural="" if len(errors) == 1 else "s")
        self.errors = errors


class ConfigurationError(HubError):
    """The hub refuses to start with this configuration."""


def input_errors(problems: Iterable[Mapping[str, Any]]) -> list[HubError]:
    """Pydantic's complaints (`ValidationError.errors()`) as the hub's errors, one per problem: the
    field and the rule, never the input (pydantic's own messages may quote it)."""
    found: list[HubError] = []
    for problem in problems:
        kind = str(problem.get("type", ""))
        field = str(problem.get("loc", ("?",))[-1])
        names = {"field": field, "field_zh": FIELD_NAMES_ZH.get(field, field)}
        if kind == "missing" or (kind == "string_too_short" and problem.get("ctx", {}).get("min_length") == 1):
            found.append(HubError("form.required", **names))
        elif kind == "string_too_long":
            found.append(HubError("form.too_long", limit=problem.get("ctx", {}).get("max_length", "?"), **names))
        elif kind.startswith("date"):
            found.append(HubError("form.date_format", **names))
        elif kind in ("literal_error", "enum"):
            found.append(HubError("form.choice", **names))
        else:
            found.append(HubError("form.invalid", **names))
    return found
