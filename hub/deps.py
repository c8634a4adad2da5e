"""FastAPI dependencies as `Annotated` aliases; tests swap them with `app.dependency_overrides`."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from hub.models import Department
from hub.runtime import Runtime
from hub.signatures import authenticate_department


def get_runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


async def signed_department(request: Request, runtime: RuntimeDep) -> Department:
    body = await request.body()
    path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return await run_in_threadpool(
        authenticate_department,
        engine=runtime.engine,
        method=request.method,
        path=path,
        body=body,
        headers=request.headers,
        max_skew_seconds=runtime.settings.signature_max_skew_seconds,
    )


DepartmentDep = Annotated[Department, Depends(signed_department)]
