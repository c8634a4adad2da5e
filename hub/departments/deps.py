"""The department behind a signed request, as a FastAPI dependency (`DepartmentDep`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from hub.core.deps import RuntimeDep
from hub.departments.models import Department
from hub.departments.signatures import authenticate_department


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
