"""Reading a posted form with the API's own body model, so a form and the API accept the same input."""

from __future__ import annotations

from typing import TypeVar

from pydantic import BaseModel, ValidationError

from hub.core.errors import input_errors
from hub.web.errors import WebError

M = TypeVar("M", bound=BaseModel)


def read_form(model: type[M], **fields: str) -> M:
    """The form as `model`; an empty field counts as not given. A refusal is a page in Chinese (422)."""
    try:
        return model.model_validate({name: value for name, value in fields.items() if value.strip()})
    except ValidationError as exc:
        raise WebError.of(input_errors(exc.errors())[0]) from None
