import json
import threading
import time

import httpx
import pytest

from connectors.client import HubClient, RetryPolicy
from connectors.errors import HubUnavailable
from connectors.mapping import load_mapping
from connectors.pipeline import Chunk, run_pipeline
from connectors.records import RecordMapper, SourceRow
from tests.unit.connectors.conftest import EXAMPLES

IDS = ["512002199003071230", "511022197806013216"]


def rows(count: int, bad: set[int] = frozenset()) -> list[SourceRow]:  # type: ignore[assignment]
    mapping = load_mapping(EXAMPLES / "scjg" / "penalty.yaml")
    result = []
    for n in range(count):
        cells: dict[str, object] = dict.fromkeys(mapping.columns())
        cells.update(
            {
                "案件编号": f"R-{n}",
                "当事人名称": "王小明",
                "当事人类型": "自然人",
                "身份证号": IDS[n % 2],
                "决定日期": "bad" if n in bad else "2023-01-05",
            }
        )
        result.append(SourceRow(n + 2, cells))
    return result


@pytest.fixture
def mapper() -> RecordMapper:
    return RecordMapper(load_mapping(EXAMPLES / "scjg" / "penalty.yaml"), row_id_key=b"k" * 32)


def slow_first_batches(fake_hub):
    """Earlier batches answer later, so concurrent sends complete out of order."""
    lock = threading.Lock()

    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/records:batch":
            first = json.loads(request.content)["records"][0]["source_record_id"]
            time.sleep(max(0.0, 0.05 - int(first.split("-")[1]) * 0.002))
        with lock:
            return fake_hub.handle(request)

    return httpx.MockTransport(handle)


@pytest.mark.parametrize("in_flight", [1, 3])
def test_chunks_are_acknowledged_in_source_order(fake_hub, mapper, in_flight):
    client = HubClient(
        base_url="http://hub.test",
        department="scjg",
        signing_private_key_b64=fake_hub.private_key,
        transport=slow_first_batches(fake_hub),
    )
    seen: list[list[int]] = []

    def on_chunk(chunk: Chunk) -> None:
        seen.append([row.number for row in chunk.rows])

    totals = run_pipeline(
        client=client,
        mapper=mapper,
        rows=rows(23, bad={4, 22}),
        batch_size=5,
        on_chunk=on_chunk,
        max_in_flight=in_flight,
    )

    flat = [number for chunk in seen for number in chunk]
    assert flat == list(range(2, 25))  # every row once, in order, trailing rejection included
    assert (totals.rows, totals.sent, totals.stored, totals.rejected) == (23, 21, 21, 2)
    assert len(fake_hub.stored) == 21


def test_a_failure_stops_before_acknowledging_later_chunks(fake_hub, mapper):
    calls = {"n": 0}

    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/records:batch":
            calls["n"] += 1
            if calls["n"] == 2:
                return httpx.Response(503, json={"detail": "key service unavailable"})
        return fake_hub.handle(request)

    client = HubClient(
        base_url="http://hub.test",
        department="scjg",
        signing_private_key_b64=fake_hub.private_key,
        transport=httpx.MockTransport(handle),
        retry=RetryPolicy(max_attempts=1),
    )
    acknowledged: list[int] = []
    with pytest.raises(HubUnavailable):
        run_pipeline(
            client=client,
            mapper=mapper,
            rows=rows(20),
            batch_size=5,
            max_in_flight=1,
            on_chunk=lambda chunk: acknowledged.extend(r.number for r in chunk.rows),
        )
    assert acknowledged == list(range(2, 7))  # the first chunk only


def test_in_flight_must_be_positive(fake_hub, mapper):
    with pytest.raises(ValueError):
        run_pipeline(client=None, mapper=mapper, rows=[], batch_size=1, on_chunk=print, max_in_flight=0)  # type: ignore[arg-type]
