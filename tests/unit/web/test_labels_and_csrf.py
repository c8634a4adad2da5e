"""Chinese texts of the services' refusals (from the error table), and the CSRF token rules."""

from __future__ import annotations

import pytest
from starlette.requests import Request

from hub.core.errors import HubError, KeyServiceUnavailable, NotFound
from hub.disclosure.errors import DisclosureError, FourEyesViolation, IllegalTransition, InvalidDisclosureInput
from hub.disclosure.states import BatchAction, next_batch_state
from hub.users.deps import SESSION_COOKIE
from hub.users.errors import AccountLocked, LoginFailed
from hub.web import csrf
from hub.web.errors import CsrfRejected
from hub.web.labels import decision_reason


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (FourEyesViolation(), "四眼原则：批准该批次的审查员不能再确认它，须由另一名审查员确认。"),
        (IllegalTransition(kind="batch", kind_zh="批次", current="approved", current_zh="已批准，待复核确认",
                           action="publish", action_zh="发布"),
         "批次当前状态为“已批准，待复核确认”，不能执行“发布”。"),
        (DisclosureError("disclosure.undecided", count=2),
         "有 2 条记录需要审查员先作出是否公示的决定（《暂行办法》第五条），才能批准。"),
        (DisclosureError("disclosure.id_number_in_text", position=4),
         "第 4 条记录的公示文本仍含有身份证号码，不能发布：请退回该批次，或对该记录选择“不予公示”。"),
        (InvalidDisclosureInput("form.required", field="reason", field_zh="理由"), "请填写理由。"),
        (LoginFailed(), "用户名或密码错误。"),
        (AccountLocked(), "账户已锁定，请稍后再试或联系系统管理员。"),
        (KeyServiceUnavailable(), "密钥服务暂时不可用，操作未执行，请稍后再试。"),
        (NotFound("disclosure.finding_not_found"), "找不到该发现项。"),
    ],
)
def test_refusals_read_in_chinese_from_the_error_table(error: HubError, expected: str) -> None:
    assert error.message == expected


def test_a_state_machine_refusal_names_the_states_in_chinese() -> None:
    with pytest.raises(IllegalTransition) as refused:
        next_batch_state("approved", BatchAction.PUBLISH)
    assert refused.value.message == "批次当前状态为“已批准，待复核确认”，不能执行“发布”。"
    assert str(refused.value) == "batch is approved: 'publish' is not allowed from this state"


def test_decision_reasons_read_in_chinese() -> None:
    reason = "违法事实 mentions a minor (art. 5): officer to decide"
    assert decision_reason(reason) == "“违法事实”提及未成年人（第五条）：须审查员决定"
    assert decision_reason("a reason nobody mapped") == "a reason nobody mapped"


def _request(cookies: dict[str, str]) -> Request:
    header = "; ".join(f"{k}={v}" for k, v in cookies.items())
    return Request({"type": "http", "method": "POST", "headers": [(b"cookie", header.encode())]})


def test_the_session_token_belongs_to_its_session() -> None:
    mine, other = "a" * 43, "b" * 43
    request = _request({SESSION_COOKIE: mine})
    csrf.check_session_token(request, csrf.session_token(mine))
    for wrong in ("", csrf.session_token(other), csrf.session_token(mine)[:-1] + "0", mine):
        with pytest.raises(CsrfRejected):
            csrf.check_session_token(request, wrong)
    with pytest.raises(CsrfRejected):
        csrf.check_session_token(_request({}), csrf.session_token(""))


def test_the_anonymous_token_must_repeat_its_cookie() -> None:
    value = "c" * 43
    csrf.check_anonymous_token(_request({csrf.FORM_COOKIE: value}), value)
    with pytest.raises(CsrfRejected):
        csrf.check_anonymous_token(_request({csrf.FORM_COOKIE: value}), "d" * 43)
    with pytest.raises(CsrfRejected):
        csrf.check_anonymous_token(_request({csrf.FORM_COOKIE: "short"}), "short")
    with pytest.raises(CsrfRejected):
        csrf.check_anonymous_token(_request({}), "")
