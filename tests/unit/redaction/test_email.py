import pytest

from tests.unit.redaction.conftest import found_spans, span_of


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("电子邮箱liuna895@sina.com向他人发送", "liuna895@sina.com"),
        ("邮箱：zhang.wei_1988@mail.example.com.cn。", "zhang.wei_1988@mail.example.com.cn"),
        ("发送至ABC+tag@QQ.COM，", "ABC+tag@QQ.COM"),
        ("邮件地址为 li-hua@163.com 的", "li-hua@163.com"),
    ],
)
def test_finds_addresses(text: str, address: str) -> None:
    assert span_of(text, address) in found_spans(text, "EMAIL_ADDRESS")


@pytest.mark.parametrize("text", ["用户名zhang@localhost登录", "版本号v1.2.3", "邮箱地址不详", "a@b"])
def test_ignores_non_addresses(text: str) -> None:
    assert found_spans(text, "EMAIL_ADDRESS") == []
