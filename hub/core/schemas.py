"""Bodies every domain's routes share: the error answer."""

from __future__ import annotations

from pydantic import BaseModel, Field


class ErrorOut(BaseModel):
    code: str = Field(description="stable error code, e.g. signature.stale")
    detail: str = Field(description="English text")
    message: str = Field(description="Chinese text (中文说明)")
