"""Drop-folder mode: files appear, get pushed, move to done/; rows that failed go to rejected/.

<folder>/penalties-2023-06.csv        new export, picked up once its size stops changing
<folder>/done/penalties-2023-06.csv   after every row was stored, found duplicate or rejected
<folder>/rejected/penalties-2023-06.csv.errors.csv   row, record id, field, reason
<folder>/.connector-state/            journals of files in progress (kill-and-restart safety)
"""

from __future__ import annotations

import fnmatch
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from connectors.atomic import make_private_folder
from connectors.client import HubClient
from connectors.config import ConnectorConfig, WatchSettings
from connectors.errors import ConnectorError, HubUnavailable, SourceError
from connectors.filejob import STATE_DIR, errors_file_for, process_file
from connectors.mapping import Mapping, load_mapping
from connectors.pipeline import Totals
from connectors.records import Problem, RecordMapper, Rejection
from connectors.rejected import write_errors_csv
from connectors.ui import Reporter

# Names an export tool or Excel writes while it is still working on a file.
_IGNORED_PREFIXES = (".", "~$")
_IGNORED_SUFFIXES = (".tmp", ".part", ".crdownload", ".partial")


def required_fields(catalog: dict[str, object], record_type: str) -> frozenset[str]:
    types = catalog.get("record_types")
    fields = types.get(record_type, {}).get("fields", {}) if isinstance(types, dict) else {}
    return frozenset(name for name, spec in fields.items() if isinstance(spec, dict) and spec.get("required"))


def prepare_mapper(*, mapping: Mapping, catalog: dict[str, object], row_id_secret: bytes) -> RecordMapper:
    mapping.check_against_catalog(catalog)
    return RecordMapper(mapping, row_id_key=row_id_secret, required=required_fields(catalog, mapping.record_type))


def unique_destination(folder: Path, name: str) -> Path:
    target = folder / name
    if not target.exists():
        return target
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    return folder / f"{Path(name).stem}.{stamp}{Path(name).suffix}"


@dataclass
class DropFolder:
    config: ConnectorConfig
    settings: WatchSettings
    client: HubClient
    reporter: Reporter
    clock: Callable[[], float] = time.monotonic
    totals: Totals = field(default_factory=Totals)
    files_done: int = 0
    _mappers: dict[Path, tuple[Mapping, RecordMapper]] = field(default_factory=dict)
    _seen: dict[Path, tuple[int, int, float]] = field(default_factory=dict)

    @property
    def folder(self) -> Path:
        return self.settings.folder

    def route_for(self, path: Path) -> Path | None:
        for route in self.settings.routes:
            if fnmatch.fnmatch(path.name, route.pattern):
                return route.mapping
        return None

    def candidates(self) -> list[Path]:
        if not self.folder.is_dir():
            raise ConnectorError(f"drop folder {self.folder} does not exist")
        return sorted(
            path
            for path in self.folder.iterdir()
            if path.is_file()
            and not path.name.startswith(_IGNORED_PREFIXES)
            and not path.name.lower().endswith(_IGNORED_SUFFIXES)
            and self.route_for(path) is not None
        )

    def ready(self, *, wait_for_settle: bool) -> list[Path]:
        """Files whose size and mtime have not changed for settle_seconds."""
        now = self.clock()
        ready = []
        for path in self.candidates():
            stat = path.stat()
            signature = (stat.st_size, stat.st_mtime_ns)
            previous = self._seen.get(path)
            if previous is None or previous[:2] != signature:
                self._seen[path] = (*signature, now)
                previous = self._seen[path]
            if not wait_for_settle or now - previous[2] >= self.settings.settle_seconds:
                ready.append(path)
        return ready

    def _mapper(self, mapping_path: Path, catalog: dict[str, object]) -> tuple[Mapping, RecordMapper]:
        if mapping_path not in self._mappers:
            mapping = load_mapping(mapping_path)
            mapper = prepare_mapper(mapping=mapping, catalog=catalog, row_id_secret=self.config.row_id_secret())
            self._mappers[mapping_path] = (mapping, mapper)
        return self._mappers[mapping_path]

    def process(self, path: Path, catalog: dict[str, object]) -> None:
        mapping_path = self.route_for(path)
        assert mapping_path is not None
        mapping, mapper = self._mapper(mapping_path, catalog)
        rejected_dir = self.folder / "rejected"
        try:
            result = process_file(
                path=path,
                mapping=mapping,
                client=self.client,
                mapper=mapper,
                batch_size=self.config.batch_size,
                max_in_flight=self.config.max_in_flight,
                state_dir=self.folder / STATE_DIR,
                rejected_dir=rejected_dir,
                reporter=self.reporter,
            )
        except SourceError as exc:
            # The whole file is unreadable as declared: park it with the reason, keep watching.
            make_private_folder(rejected_dir)
            problem = Problem("file", str(exc), exc.code, exc.message_zh)
            write_errors_csv(errors_file_for(path, rejected_dir), [Rejection(0, (problem,))])
            shutil.move(path, unique_destination(rejected_dir, path.name))
            self.reporter.note(f"{path.name}: rejected as a whole: {exc}")
            self.reporter.note(f"{path.name}：整个文件被拒收：{exc.message_zh}")
            return
        done_dir = self.folder / "done"
        make_private_folder(done_dir)
        shutil.move(path, unique_destination(done_dir, path.name))
        result.journal.remove()
        self._seen.pop(path, None)
        self.files_done += 1
        self._add(result.totals)
        self.reporter.summary(path.name, result.totals)
        self.reporter.rejections(result.rejections)
        if result.errors_file is not None:
            self.reporter.note(f"{path.name}: {result.totals.rejected} rows rejected, see {result.errors_file}")

    def _add(self, totals: Totals) -> None:
        for name in ("rows", "sent", "stored", "duplicates", "rejected", "elapsed"):
            setattr(self.totals, name, getattr(self.totals, name) + getattr(totals, name))

    def run(self, *, once: bool, should_stop: Callable[[], bool] = lambda: False) -> None:
        """Process files until stopped; with `once`, what is there now (without waiting) and return."""
        catalog = self.client.catalog()
        for route in self.settings.routes:
            self._mapper(route.mapping, catalog)  # a bad mapping fails now, not on the first file
        while not should_stop():
            for path in self.ready(wait_for_settle=not once):
                if should_stop():
                    return
                try:
                    self.process(path, catalog)
                except HubUnavailable as exc:
                    # The journal keeps the file's progress; the next scan resumes it.
                    self.reporter.note(f"{path.name}: {exc}; will retry")
                    self.reporter.note(f"{path.name}：{exc.message_zh}；稍后重试")
                    if once:
                        raise
                    break
            if once:
                return
            time.sleep(self.settings.poll_seconds)
