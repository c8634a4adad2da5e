import json

import httpx
import pytest

from connectors.client import HubClient, RetryPolicy
from connectors.errors import ConnectorError, HubError, HubUnavailable
from connectors.records import Problem, Record
from crypto.identifiers import MESSAGES_ZH
from crypto.signing import HEADER_NONCE
from tests.unit.connectors.fakehub import FakeHub

GOOD_ID = "512002199003071230"
BAD_ID = "512002199003071231"  # wrong check character

CHECK_ZH = MESSAGES_ZH["id_number.check_character"]  # what the hub sends next to the code


def record(n: int, id_number: str = GOOD_ID, record_type: str = "admin_penalty") -> Record:
    return Record(record_type, f"R-{n}", {"行政相对人名称": "王小明", "证件号码": id_number})


def client_for(hub: FakeHub, sleeps: list[float] | None = None, **kwargs) -> HubClient:
    return HubClient(
        base_url="http://hub.test",
        department=hub.department,
        signing_private_key_b64=hub.private_key,
        transport=hub.transport(),
        sleep=(sleeps.append if sleeps is not None else lambda s: None),
        **kwargs,
    )


def test_requests_are_signed_with_the_department_key(fake_hub):
    with client_for(fake_hub) as hub:
        assert "admin_penalty" in hub.catalog()["record_types"]
    assert fake_hub.requests[0].headers["X-Hub-Department"] == "scjg"


def test_a_wrong_key_gets_401_and_is_not_retried(fake_hub):
    other = FakeHub()
    with (
        HubClient(
            base_url="http://hub.test",
            department="scjg",
            signing_private_key_b64=other.private_key,
            transport=fake_hub.transport(),
            sleep=lambda s: None,
        ) as hub,
        pytest.raises(HubError) as caught,
    ):
        hub.catalog()
    assert caught.value.status == 401
    assert len(fake_hub.requests) == 1


def test_a_malformed_key_fails_at_construction():
    with pytest.raises(ConnectorError, match="cannot sign requests"):
        HubClient(base_url="http://hub.test", department="scjg", signing_private_key_b64="bm90IGEga2V5")


def test_503_is_retried_with_growing_back_off_and_a_fresh_signature(fake_hub):
    fake_hub.failures = [503, 503]
    sleeps: list[float] = []
    with client_for(fake_hub, sleeps, retry=RetryPolicy(max_attempts=5, base_delay=1, max_delay=10)) as hub:
        outcome = hub.push_batch([record(1)])
    assert outcome.stored == 1
    assert len(fake_hub.requests) == 3
    assert len({r.headers[HEADER_NONCE] for r in fake_hub.requests}) == 3  # a retry is never a replay
    assert 0.5 <= sleeps[0] <= 1 and 1 <= sleeps[1] <= 2


def test_network_errors_are_retried(fake_hub):
    fake_hub.failures = [httpx.ConnectError, httpx.ReadTimeout]
    with client_for(fake_hub) as hub:
        assert hub.push_batch([record(1)]).stored == 1


def test_the_hub_staying_down_raises_hub_unavailable(fake_hub):
    fake_hub.failures = [503] * 10
    with client_for(fake_hub, retry=RetryPolicy(max_attempts=4, base_delay=0, max_delay=0)) as hub:
        with pytest.raises(HubUnavailable, match="after 4 attempts: hub answered 503"):
            hub.push_batch([record(1)])
    assert len(fake_hub.requests) == 4
    assert fake_hub.stored == {}


@pytest.mark.parametrize("status", [400, 403, 404, 409])
def test_4xx_is_reported_not_retried(fake_hub, status):
    fake_hub.failures = [status]
    with client_for(fake_hub) as hub, pytest.raises(HubError) as caught:
        hub.push_batch([record(1)])
    assert caught.value.status == status
    assert not isinstance(caught.value, HubUnavailable)
    assert len(fake_hub.requests) == 1


def test_422_splits_out_the_named_records_and_stores_the_rest(fake_hub):
    fake_hub.granted = {"admin_penalty"}
    batch = [record(0), record(1, BAD_ID), record(2), record(3, record_type="admin_license"), record(4)]
    with client_for(fake_hub) as hub:
        outcome = hub.push_batch(batch)
    assert outcome.stored == 3
    assert sorted(outcome.ids) == [0, 2, 4]
    UNCODED = "平台拒收该记录（原因见英文说明）"  # the hub's answer had no code: the connector's own text
    assert outcome.rejected == {
        1: (Problem("证件号码", "check character mismatch", "id_number.check_character", CHECK_ZH),),
        3: (Problem("record_type", "record type not granted", "hub.record_rejected", UNCODED),),
    }
    assert sorted(fake_hub.stored) == ["R-0", "R-2", "R-4"]
    assert [len(b) for b in fake_hub.batches] == [5, 3]  # re-sent once, without the bad two


def test_re_sending_is_idempotent(fake_hub):
    with client_for(fake_hub) as hub:
        first = hub.push_batch([record(0), record(1)])
        again = hub.push_batch([record(1), record(2)])
    assert (first.stored, first.duplicates) == (2, 0)
    assert (again.stored, again.duplicates) == (1, 1)
    assert again.ids[0] == first.ids[1]


def test_413_halves_the_batch(fake_hub):
    fake_hub.max_records_per_body = 2
    with client_for(fake_hub) as hub:
        outcome = hub.push_batch([record(n) for n in range(5)])
    assert outcome.stored == 5
    assert sorted(outcome.ids) == [0, 1, 2, 3, 4]
    assert len(fake_hub.stored) == 5


def test_push_records_batches_and_keeps_input_positions(fake_hub):
    with client_for(fake_hub) as hub:
        outcome = hub.push_records([record(n, BAD_ID if n == 4 else GOOD_ID) for n in range(7)], batch_size=3)
    assert outcome.stored == 6
    assert list(outcome.rejected) == [4]
    with pytest.raises(ValueError):
        client_for(fake_hub).push_records([], batch_size=1001)


def test_fastapi_style_422_is_understood_without_using_its_messages():
    def handler(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        if len(body["records"]) == 2:
            return httpx.Response(
                422,
                json={
                    "detail": [
                        {
                            "loc": ["body", "records", 1, "fields"],
                            "type": "dict_type",
                            "msg": "echo 51200219",
                            "input": "512002199003071230",
                        }
                    ]
                },
            )
        return httpx.Response(
            200,
            json={
                "stored": 1,
                "duplicates": 0,
                "records": [{"index": 0, "id": "x", "source_record_id": "R-0", "status": "stored"}],
            },
        )

    hub = FakeHub()
    with HubClient(
        base_url="http://hub.test",
        department="scjg",
        signing_private_key_b64=hub.private_key,
        transport=httpx.MockTransport(handler),
    ) as client:
        outcome = client.push_batch([record(0), record(1)])
    assert outcome.rejected == {1: (Problem.of("fields", "hub.record_invalid", kind="dict_type"),)}
    assert outcome.rejected[1][0].chinese == "不符合平台要求的格式（dict_type）"


def test_a_422_that_names_nothing_is_an_error():
    transport = httpx.MockTransport(lambda r: httpx.Response(422, json={"detail": "batch rejected"}))
    hub = FakeHub()
    with (
        HubClient(
            base_url="http://hub.test",
            department="scjg",
            signing_private_key_b64=hub.private_key,
            transport=transport,
        ) as client,
        pytest.raises(HubError, match="422: batch rejected"),
    ):
        client.push_batch([record(0)])


def test_lookup_sends_the_id_number_in_the_body_only(fake_hub):
    with client_for(fake_hub) as hub:
        hub.push_batch([record(0)])
        answer = hub.lookup(id_number=GOOD_ID, purpose="职称评定", record_types=["admin_penalty"])
    assert [r["source_record_id"] for r in answer["records"]] == ["R-0"]
    lookup = fake_hub.requests[-1]
    assert GOOD_ID not in str(lookup.url)
    assert json.loads(lookup.content) == {
        "id_number": GOOD_ID,
        "purpose": "职称评定",
        "record_types": ["admin_penalty"],
    }
