"""The FastAPI application, assembled in one place: one APIRouter per domain, the web pages, the error
handlers and the body-size limit. OpenAPI docs at /docs.
"""

from __future__ import annotations

from fastapi import APIRouter, FastAPI

from hub.api.errors import install_error_handlers
from hub.api.limits import BodySizeLimit
from hub.audit.routes import router as audit_router
from hub.core.deps import RuntimeDep
from hub.core.runtime import Runtime
from hub.departments.routes import router as departments_router
from hub.disclosure.routes import router as disclosure_router
from hub.keyjobs.routes import router as keys_router
from hub.records.routes import router as records_router
from hub.users.routes import router as users_router
from hub.web import install as install_web_pages

ops = APIRouter(tags=["ops"])


@ops.get("/healthz")
def healthz(rt: RuntimeDep) -> dict[str, str]:
    rt.protector.ensure_available()
    return {"status": "ok"}


def create_app(runtime: Runtime) -> FastAPI:
    app = FastAPI(
        title="Credit information hub",
        summary="个人公共信用信息 sharing hub: tokenised, encrypted, audited.",
        version="0.1.0",
    )
    app.state.runtime = runtime
    app.add_middleware(BodySizeLimit, max_bytes=runtime.settings.max_body_bytes)
    install_error_handlers(app)
    for router in (users_router, departments_router, keys_router, audit_router, ops, records_router,
                   disclosure_router):
        app.include_router(router)
    install_web_pages(app)  # Chinese pages under /ui and the public /gongshi listing (hub/web)
    return app
