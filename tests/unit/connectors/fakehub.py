"""An in-memory stand-in for the hub's public API, behind httpx.MockTransport (unit tests only).

It keeps the contract that matters to the connector: signatures are verified, batches are all or
nothing, records are idempotent on (department, source_record_id), 422 names the bad records.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx

from crypto.errors import SignatureError
from crypto.identifiers import MESSAGES_ZH, is_valid_id_number
from crypto.sealed import seal
from crypto.signing import generate_signing_key, verify_request
from hub.records.catalog import describe


@dataclass
class FakeHub:
    department: str = "scjg"
    granted: set[str] = field(default_factory=lambda: {"admin_penalty", "tax_credit_rating", "dishonest_debtor"})
    # Status codes to answer, in order, before behaving normally (e.g. [503, 503]).
    failures: list[int | type[Exception]] = field(default_factory=list)
    stored: dict[str, dict[str, Any]] = field(default_factory=dict)
    requests: list[httpx.Request] = field(default_factory=list)
    batches: list[list[dict[str, Any]]] = field(default_factory=list)
    max_records_per_body: int | None = None

    def __post_init__(self) -> None:
        self.private_key, self.public_key = generate_signing_key()

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        try:
            signed = verify_request(
                public_key_b64=self.public_key,
                method=request.method,
                path=request.url.raw_path.decode(),
                body=request.content,
                headers=request.headers,
            )
        except SignatureError:
            return httpx.Response(401, json={"detail": "bad signature"})
        if signed.department != self.department:
            return httpx.Response(401, json={"detail": "unknown department"})
        if self.failures:
            failure = self.failures.pop(0)
            if isinstance(failure, int):
                return httpx.Response(failure, json={"detail": "key service unavailable"})
            raise failure("simulated network failure")
        path = request.url.path
        if request.method == "GET" and path == "/v1/catalog":
            return httpx.Response(200, json=describe())
        body = json.loads(request.content) if request.content else {}
        if request.method == "POST" and path == "/v1/records:batch":
            return self._batch(body["records"])
        if request.method == "POST" and path == "/v1/subjects:lookup":
            return self._lookup(body)
        return httpx.Response(404, json={"detail": "not found"})

    def _batch(self, records: list[dict[str, Any]]) -> httpx.Response:
        if self.max_records_per_body is not None and len(records) > self.max_records_per_body:
            return httpx.Response(413, json={"detail": "request body too large"})
        self.batches.append(records)
        errors = []
        for index, record in enumerate(records):
            if record["record_type"] not in self.granted:
                # An answer without code (older hubs): the connector still says something in Chinese.
                errors.append({"index": index, "field": "record_type", "reason": "record type not granted"})
            for name in ("证件号码", "法定代表人证件号码"):
                value = record["fields"].get(name)
                if value is not None and not is_valid_id_number(value):
                    # As the hub answers: a stable code and its Chinese text next to the English reason.
                    errors.append(
                        {
                            "index": index,
                            "field": name,
                            "reason": "check character mismatch",
                            "code": "id_number.check_character",
                            "message": MESSAGES_ZH["id_number.check_character"],
                        }
                    )
        if errors:
            return httpx.Response(
                422, json={"detail": f"batch rejected: {len(errors)} invalid records", "errors": errors}
            )
        answers = []
        for index, record in enumerate(records):
            key = record["source_record_id"]
            status = "duplicate" if key in self.stored else "stored"
            if status == "stored":
                self.stored[key] = {"id": str(uuid.uuid4()), **record}
            answers.append({"index": index, "id": self.stored[key]["id"], "source_record_id": key, "status": status})
        return httpx.Response(
            200,
            json={
                "stored": sum(a["status"] == "stored" for a in answers),
                "duplicates": sum(a["status"] == "duplicate" for a in answers),
                "records": answers,
            },
        )

    def _lookup(self, body: dict[str, Any]) -> httpx.Response:
        found = [
            {
                "id": r["id"],
                "record_type": r["record_type"],
                "department": self.department,
                "source_record_id": r["source_record_id"],
                "fields": r["fields"],
                "created_at": "2024-01-01T00:00:00Z",
            }
            for r in self.stored.values()
            if body["id_number"] in (r["fields"].get("证件号码"), r["fields"].get("法定代表人证件号码"))
        ]
        if body.get("seal_to"):
            import base64

            blob = seal(recipient_public_key_b64=body["seal_to"], data=json.dumps({"records": found}).encode())
            return httpx.Response(200, json={"sealed": base64.b64encode(blob).decode()})
        return httpx.Response(200, json={"records": found})
