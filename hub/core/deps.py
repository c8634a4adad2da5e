"""FastAPI dependencies as `Annotated` aliases; tests swap them with `app.dependency_overrides`.

The running hub (`RuntimeDep`) is here; who is calling lives with its domain: `hub.departments.deps`
(signed department requests) and `hub.users.deps` (people with a session).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from hub.core.runtime import Runtime


def get_runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
