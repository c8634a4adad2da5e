"""Nothing downloads at run time: no socket is even opened while building and using the analyzer."""

import socket

import pytest

import redaction.analyzer
from redaction import build_analyzer, scan_text
from redaction.recognizers.email import offline_domain_extractor


def test_no_network_during_construction_and_scan(monkeypatch: pytest.MonkeyPatch) -> None:
    attempts: list[object] = []

    def refuse(self: socket.socket, address: object) -> None:
        attempts.append(address)
        raise OSError("network access attempted")

    def refuse_lookup(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise OSError("name lookup attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse_lookup)
    # Build everything afresh under the patch: the analyzer and the tldextract extractor.
    monkeypatch.setattr(redaction.analyzer, "_analyzer", None)
    offline_domain_extractor.cache_clear()
    build_analyzer()
    scan = scan_text("员工刘洋的邮箱为liuyang_1988@163.com，另一邮箱a.b@example.co.uk。")
    assert attempts == []
    assert [s.entity_type for s in scan.spans].count("EMAIL_ADDRESS") == 2
