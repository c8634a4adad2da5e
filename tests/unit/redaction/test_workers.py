"""The record check in worker processes gives what the check in this process gives, in order."""

import pickle

import pytest

from redaction import InvalidRecordError
from redaction.records import check_records
from redaction.workers import check_records_in_workers, shutdown_workers, worker_count


def _records(count: int) -> list[dict[str, object]]:
    return [
        {
            "行政相对人名称": f"韦红{'宇彤林'[i % 3]}",
            "行政相对人类别": "自然人",
            "证件号码": "11010519491231150X",
            "违法事实": f"当事人销售过期食品，消费者范桐（电话138{i:08d}）投诉。",
            "处罚决定日期": "2023-05-01",
        }
        for i in range(count)
    ]


@pytest.fixture(scope="module", autouse=True)
def _stop_workers():  # type: ignore[no-untyped-def]
    yield
    shutdown_workers()


def test_two_workers_give_the_same_checks_in_the_same_order() -> None:
    records = _records(40)
    assert check_records_in_workers(records, record_kind="admin_penalty", workers=2) == check_records(
        records, record_kind="admin_penalty"
    )


def test_a_refused_record_is_named_by_its_position_among_all() -> None:
    records = _records(40)
    records[33] = {**records[33], "违法事实": ["not text"]}
    with pytest.raises(InvalidRecordError) as error:
        check_records_in_workers(records, record_kind="admin_penalty", workers=2)
    assert error.value.position == 33


def test_few_records_are_checked_here() -> None:
    assert check_records_in_workers(_records(3), workers=2) == check_records(_records(3))


def test_the_error_keeps_its_position_across_processes() -> None:
    copy = pickle.loads(pickle.dumps(InvalidRecordError("field x", position=7)))
    assert (str(copy), copy.position) == ("field x", 7)


def test_worker_count_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REDACTION_WORKERS", "3")
    assert worker_count() == 3
    monkeypatch.delenv("REDACTION_WORKERS")
    assert 1 <= worker_count() <= 2
