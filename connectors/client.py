"""The Python client of the hub's public API, for connectors and for departments pushing from their code.

    with HubClient(base_url="https://hub.example", department="SCJG", signing_private_key_b64=key) as hub:
        outcome = hub.push_records(records)

Every request is signed afresh (new timestamp and nonce), so a retried request is never a replay.
503 and network errors are retried with exponential back-off; any other error is raised at once.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from connectors.errors import ConnectorError, HubError, HubUnavailable
from connectors.keyfiles import read_key_file
from connectors.messages import chinese_or_none
from connectors.records import Problem, Record
from crypto.errors import SignatureError
from crypto.signing import sign_request

MAX_BATCH_RECORDS = 1000
# 502/504 are what a proxy in front of the hub answers while it restarts: as transient as a 503.
RETRYABLE_STATUS = frozenset({502, 503, 504})


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 8
    base_delay: float = 0.5
    max_delay: float = 30.0

    def __post_init__(self) -> None:
        if self.max_attempts < 1 or self.base_delay < 0 or self.max_delay < self.base_delay:
            raise ValueError("invalid retry policy")

    def delay(self, attempt: int) -> float:
        """Back-off before retry number `attempt` (1-based), with jitter so many connectors spread out."""
        ceiling = min(self.max_delay, self.base_delay * 2 ** (attempt - 1))
        return ceiling * random.uniform(0.5, 1.0)  # noqa: S311 - jitter, not a secret


@dataclass
class BatchOutcome:
    """What happened to a list of records: per input position, stored/duplicate id or the problems."""

    stored: int = 0
    duplicates: int = 0
    ids: dict[int, str] = field(default_factory=dict)
    rejected: dict[int, tuple[Problem, ...]] = field(default_factory=dict)

    def merge(self, other: BatchOutcome, *, offset: int) -> None:
        self.stored += other.stored
        self.duplicates += other.duplicates
        self.ids.update({offset + index: value for index, value in other.ids.items()})
        self.rejected.update({offset + index: value for index, value in other.rejected.items()})


class HubClient:
    def __init__(
        self,
        *,
        base_url: str,
        department: str,
        signing_private_key_b64: str,
        retry: RetryPolicy | None = None,
        timeout: float = 120.0,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        on_retry: Callable[[str], None] | None = None,
    ) -> None:
        self.department = department
        self._key = signing_private_key_b64
        self._retry = retry or RetryPolicy()
        self._sleep = sleep
        self._on_retry = on_retry
        self.base_url = base_url.rstrip("/")
        self._http = httpx.Client(base_url=self.base_url, timeout=timeout, transport=transport)
        try:  # fail at construction, not on the first request, if the key or department is malformed
            sign_request(private_key_b64=self._key, department=department, method="GET", path="/", body=b"")
        except SignatureError as exc:
            self._http.close()
            raise ConnectorError(f"cannot sign requests: {exc}") from None

    @classmethod
    def from_key_file(cls, *, base_url: str, department: str, key_file: Path, **kwargs: Any) -> HubClient:
        return cls(
            base_url=base_url,
            department=department,
            signing_private_key_b64=read_key_file(key_file),
            **kwargs,
        )

    def __enter__(self) -> HubClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    # -- the API ---------------------------------------------------------------------------------

    def catalog(self) -> dict[str, Any]:
        return self._json(self._request("GET", "/v1/catalog"))

    def get_record(self, record_id: str) -> dict[str, Any]:
        return self._json(self._request("GET", f"/v1/records/{record_id}"))

    def lookup(
        self,
        *,
        id_number: str,
        purpose: str,
        record_types: Sequence[str] | None = None,
        seal_to: str | None = None,
    ) -> dict[str, Any]:
        """Records about one subject; with `seal_to` (X25519 public key) the answer is {"sealed": ...}."""
        body: dict[str, Any] = {"id_number": id_number, "purpose": purpose}
        if record_types:
            body["record_types"] = list(record_types)
        if seal_to:
            body["seal_to"] = seal_to
        return self._json(self._request("POST", "/v1/subjects:lookup", body))

    def push_records(self, records: Sequence[Record], *, batch_size: int = 500) -> BatchOutcome:
        """Send records in batches; records the hub rejects are reported, the rest are stored."""
        if not 1 <= batch_size <= MAX_BATCH_RECORDS:
            raise ValueError(f"batch_size must be 1..{MAX_BATCH_RECORDS}")
        outcome = BatchOutcome()
        for start in range(0, len(records), batch_size):
            outcome.merge(self.push_batch(records[start : start + batch_size]), offset=start)
        return outcome

    def push_batch(self, records: Sequence[Record]) -> BatchOutcome:
        """One batch. The hub stores all or nothing, so on 422 the named records are split out and the
        rest re-sent; on 413 the batch is halved."""
        outcome = BatchOutcome()
        pending = list(range(len(records)))
        while pending:
            response = self._request("POST", "/v1/records:batch", {"records": [records[i].to_json() for i in pending]})
            if response.status_code == 200:
                self._count_stored(self._json(response), pending, outcome)
                return outcome
            if response.status_code == 413 and len(pending) > 1:
                half = len(pending) // 2
                halves = BatchOutcome()
                halves.merge(self.push_batch([records[i] for i in pending[:half]]), offset=0)
                halves.merge(self.push_batch([records[i] for i in pending[half:]]), offset=half)
                outcome.merge(_remap(halves, pending), offset=0)
                return outcome
            if response.status_code == 413:
                outcome.rejected[pending[0]] = (Problem.of("record", "record.too_large"),)
                return outcome
            if response.status_code == 422:
                named = _rejected_positions(self._json_or_empty(response), len(pending))
                if not named:
                    raise self._error(response)
                for position, problems in named.items():
                    outcome.rejected[pending[position]] = problems
                pending = [index for position, index in enumerate(pending) if position not in named]
                continue
            raise self._error(response)
        return outcome

    # -- plumbing --------------------------------------------------------------------------------

    def _count_stored(self, answer: dict[str, Any], pending: list[int], outcome: BatchOutcome) -> None:
        entries = answer.get("records")
        if not isinstance(entries, list) or len(entries) != len(pending):
            raise HubError("hub answer does not list every record of the batch")
        for entry in entries:
            index = entry.get("index") if isinstance(entry, dict) else None
            if not isinstance(index, int) or not 0 <= index < len(pending):
                raise HubError("hub answer has a bad record index")
            status = entry.get("status")
            if status == "stored":
                outcome.stored += 1
            elif status == "duplicate":
                outcome.duplicates += 1
            else:
                raise HubError("hub answer has an unknown record status")
            outcome.ids[pending[index]] = str(entry.get("id"))

    def _request(self, method: str, path: str, payload: dict[str, Any] | None = None) -> httpx.Response:
        body = b"" if payload is None else json.dumps(payload, ensure_ascii=False).encode("utf-8")
        last_problem = "no attempt"
        for attempt in range(1, self._retry.max_attempts + 1):
            request = self._http.build_request(method, path, content=body or None)
            if body:
                request.headers["Content-Type"] = "application/json"
            request.headers.update(
                sign_request(
                    private_key_b64=self._key,
                    department=self.department,
                    method=method,
                    path=request.url.raw_path.decode("ascii"),
                    body=body,
                )
            )
            try:
                response = self._http.send(request)
                response.read()
            except httpx.TransportError as exc:
                last_problem = f"network error ({type(exc).__name__})"
            else:
                if response.status_code not in RETRYABLE_STATUS:
                    return response
                last_problem = f"hub answered {response.status_code}"
            if attempt < self._retry.max_attempts:
                if self._on_retry is not None:
                    self._on_retry(f"{last_problem}; retry {attempt} of {self._retry.max_attempts - 1}")
                self._sleep(self._retry.delay(attempt))
        raise HubUnavailable.coded(
            "hub.unavailable", url=self.base_url, attempts=self._retry.max_attempts, problem=last_problem
        )

    @staticmethod
    def _json_or_empty(response: httpx.Response) -> dict[str, Any]:
        try:
            answer = response.json()
        except ValueError:
            return {}
        return answer if isinstance(answer, dict) else {}

    def _json(self, response: httpx.Response) -> dict[str, Any]:
        if response.status_code != 200:
            raise self._error(response)
        answer = self._json_or_empty(response)
        if not answer and response.content.strip() not in (b"{}",):
            raise HubError("hub answer is not a JSON object", status=response.status_code)
        return answer

    def _error(self, response: httpx.Response) -> HubError:
        answer = self._json_or_empty(response)
        detail = answer.get("detail")
        # The hub's details never carry personal values; still, keep only short plain text.
        text = detail[:200] if isinstance(detail, str) else "no detail"
        code, message = answer.get("code"), answer.get("message")
        return HubError(
            f"hub answered {response.status_code}: {text}",
            status=response.status_code,
            code=code[:100] if isinstance(code, str) and code else None,
            message_zh=message[:300] if isinstance(message, str) and message else None,
        )


def _rejected_positions(answer: dict[str, Any], count: int) -> dict[int, tuple[Problem, ...]]:
    """Batch positions named by a 422 answer, with their problems.

    The hub names each ({"errors": [{"index", "field", "reason", "code", "message"}]}; `message` is the
    Chinese text of `code`). FastAPI's own validation answer ({"detail": [{"loc": ["body", "records", 4,
    ...], "type": ...}]}) is understood too; its "msg"/"input" are not used because they may repeat the value.
    """
    named: dict[int, list[Problem]] = {}
    for error in answer.get("errors") or []:
        if isinstance(error, dict) and isinstance(error.get("index"), int) and 0 <= error["index"] < count:
            named.setdefault(error["index"], []).append(_hub_problem(error))
    detail = answer.get("detail")
    if not named and isinstance(detail, list):
        for error in detail:
            location = error.get("loc") if isinstance(error, dict) else None
            if isinstance(location, list) and location[:2] == ["body", "records"] and len(location) > 2:
                index = location[2]
                if isinstance(index, int) and 0 <= index < count:
                    where = str(location[-1]) if len(location) > 3 else "record"
                    kind = str(error.get("type", "invalid"))[:100]
                    named.setdefault(index, []).append(Problem.of(where[:100], "hub.record_invalid", kind=kind))
    return {index: tuple(problems) for index, problems in named.items()}


def _hub_problem(error: dict[str, Any]) -> Problem:
    """The hub's code and Chinese text when it sends them, else the connector's own text for the code."""
    field_name = str(error.get("field") or "record")[:100]
    reason = str(error.get("reason") or "rejected by the hub")[:200]
    code = error.get("code")
    code = code[:100] if isinstance(code, str) and code else "hub.record_rejected"
    message = error.get("message")
    chinese = message[:300] if isinstance(message, str) and message else chinese_or_none(code) or ""
    return Problem(field_name, reason, code, chinese)


def _remap(outcome: BatchOutcome, pending: list[int]) -> BatchOutcome:
    """Positions of the halves' outcome are positions in `pending`; turn them into input positions."""
    remapped = BatchOutcome(stored=outcome.stored, duplicates=outcome.duplicates)
    remapped.ids = {pending[index]: value for index, value in outcome.ids.items()}
    remapped.rejected = {pending[index]: value for index, value in outcome.rejected.items()}
    return remapped
