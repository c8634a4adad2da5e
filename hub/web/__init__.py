"""Server-rendered Chinese pages: 登录, 公示审查 (publicity officers), 安全管理 (security staff) and the
public 公示信息查询 listing. They call the service functions directly with the signed-in Principal;
no JavaScript, nothing loaded from the network. `install(app)` wires them into the FastAPI app.
"""

from hub.web.wiring import install

__all__ = ["install"]
