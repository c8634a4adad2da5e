"""Drop folder and file push against the in-memory hub: moving, errors files, kill-and-restart."""

import csv
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from connectors.cli import app
from connectors.journal import FileJournal
from crypto.identifiers import MESSAGES_ZH
from tests.unit.connectors.conftest import EXAMPLES

runner = CliRunner()
HEADER = (
    "案件编号,当事人名称,当事人类型,统一社会信用代码,法定代表人,法定代表人身份证号,证件类型,身份证号,"
    "处罚决定书文号,违法行为类型,违法事实,处罚依据,处罚类别,处罚内容,罚款金额（元）,决定日期"
)
BAD_CHECK = "512002199003071231"

CHECK_ZH = MESSAGES_ZH["id_number.check_character"]  # what the hub sends next to the code


def penalty_line(
    n: int, *, id_number: str = "512002199003071230", date: str = "2023-01-05", category: str = "罚款"
) -> str:
    return (
        f"SCJG-{n:05d},王小明,自然人,,,,身份证,{id_number},资市监罚〔2023〕{n}号,类型,事实,依据,{category},内容,"
        f"5000,{date}"
    )


def write_csv(path: Path, lines: list[str], encoding: str = "utf-8") -> Path:
    path.write_bytes(("\r\n".join([HEADER, *lines]) + "\r\n").encode(encoding))
    return path


def watch_once(home: Path, *extra: str):
    return runner.invoke(app, ["watch", str(home / "connector.yaml"), "--once", "--no-progress", "--json", *extra])


def summary(result) -> dict:
    return json.loads(result.stdout.strip().splitlines()[-1])


def read_errors(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_watch_pushes_the_example_file_and_moves_it_to_done(connector_home, fake_hub):
    shutil.copy(EXAMPLES / "scjg" / "penalties.csv", connector_home / "drop" / "penalties.csv")
    result = watch_once(connector_home)
    assert result.exit_code == 0, result.output
    assert summary(result) | {"elapsed_s": 0, "rows_per_s": 0} == {
        "rows": 4,
        "sent": 4,
        "stored": 4,
        "duplicates": 0,
        "rejected": 0,
        "files": 1,
        "elapsed_s": 0,
        "rows_per_s": 0,
    }
    assert sorted(fake_hub.stored) == ["SCJG-2023-0015", "SCJG-2023-0016", "SCJG-2023-0017", "SCJG-2023-0018"]
    assert (connector_home / "drop" / "done" / "penalties.csv").exists()
    assert not list((connector_home / "drop" / ".connector-state").iterdir())


def test_bad_rows_go_to_the_errors_file_and_the_rest_is_stored(connector_home, fake_hub):
    lines = [
        penalty_line(1),
        penalty_line(2, id_number=BAD_CHECK),  # the hub rejects it (422) inside a batch
        penalty_line(3, date="2023-02-30"),  # unparseable date: rejected locally
        penalty_line(4, category=""),  # required 处罚类别 missing: rejected locally
        penalty_line(5),
        penalty_line(6, id_number=BAD_CHECK),
    ]
    write_csv(connector_home / "drop" / "mixed.csv", lines, "gbk")
    result = watch_once(connector_home)
    assert result.exit_code == 0, result.output
    figures = summary(result)
    assert (figures["rows"], figures["stored"], figures["rejected"], figures["sent"]) == (6, 2, 4, 4)
    assert sorted(fake_hub.stored) == ["SCJG-00001", "SCJG-00005"]
    errors_file = connector_home / "drop" / "rejected" / "mixed.csv.errors.csv"
    assert read_errors(errors_file) == [
        ["行号", "记录编号", "字段", "错误代码", "原因", "reason (English)"],
        ["3", "SCJG-00002", "证件号码", "id_number.check_character", CHECK_ZH, "check character mismatch"],
        ["4", "SCJG-00003", "处罚决定日期", "value.date_invalid", "日期不存在", "invalid calendar date"],
        ["5", "SCJG-00004", "处罚类别", "record.field_missing", "缺少必填字段", "missing required field"],
        ["7", "SCJG-00006", "证件号码", "id_number.check_character", CHECK_ZH, "check character mismatch"],
    ]
    assert BAD_CHECK not in errors_file.read_text("utf-8-sig")
    assert (connector_home / "drop" / "done" / "mixed.csv").exists()


def test_a_record_type_without_grant_rejects_each_row_with_the_reason(connector_home, fake_hub):
    fake_hub.granted = {"tax_credit_rating"}
    write_csv(connector_home / "drop" / "p.csv", [penalty_line(1), penalty_line(2)])
    result = watch_once(connector_home)
    assert result.exit_code == 0, result.output
    assert fake_hub.stored == {}
    rows = read_errors(connector_home / "drop" / "rejected" / "p.csv.errors.csv")
    assert [r[2:] for r in rows[1:]] == [
        ["record_type", "hub.record_rejected", "平台拒收该记录（原因见英文说明）", "record type not granted"]
    ] * 2


class Killed(BaseException):
    """Stands in for SIGKILL inside one process: nothing after it runs, no cleanup handlers."""


def test_killed_mid_file_then_restarted_finishes_without_duplicates_or_loss(connector_home, fake_hub, monkeypatch):
    write_csv(connector_home / "drop" / "big.csv", [penalty_line(n) for n in range(1, 12)])  # 6 batches of 2
    original = FileJournal.record
    calls = {"n": 0}

    def record_then_die(self, chunk):
        calls["n"] += 1
        if calls["n"] == 3:
            raise Killed  # the hub has stored chunk 3, the journal never hears of it
        original(self, chunk)

    monkeypatch.setattr(FileJournal, "record", record_then_die)
    with pytest.raises(Killed):
        runner.invoke(
            app,
            ["watch", str(connector_home / "connector.yaml"), "--once", "--no-progress"],
            catch_exceptions=False,
        )
    assert len(fake_hub.stored) == 6
    assert (connector_home / "drop" / "big.csv").exists()
    monkeypatch.setattr(FileJournal, "record", original)

    result = watch_once(connector_home)

    assert result.exit_code == 0, result.output
    assert sorted(fake_hub.stored) == [f"SCJG-{n:05d}" for n in range(1, 12)]
    sent_again = [r["source_record_id"] for batch in fake_hub.batches[3:] for r in batch]
    assert sent_again == [f"SCJG-{n:05d}" for n in range(5, 12)]  # only the unacknowledged chunk is re-sent
    figures = summary(result)
    assert (figures["rows"], figures["stored"], figures["duplicates"]) == (11, 11 - 2, 2)
    assert (connector_home / "drop" / "done" / "big.csv").exists()


def test_hub_down_leaves_the_file_and_its_progress_for_the_next_run(connector_home, fake_hub):
    write_csv(connector_home / "drop" / "p.csv", [penalty_line(n) for n in range(1, 6)])
    # Catalog answers, first batch is stored, then the hub stays down through every retry.
    original = fake_hub.handle
    state = {"batches": 0}

    def flaky(request):
        if request.url.path == "/v1/records:batch":
            state["batches"] += 1
            if state["batches"] > 1:
                import httpx

                return httpx.Response(503, json={"detail": "key service unavailable"})
        return original(request)

    fake_hub.handle = flaky
    result = watch_once(connector_home)
    assert result.exit_code == 1
    assert "hub at http://hub.test unavailable after 3 attempts" in result.output
    assert "progress is saved" in result.output
    assert (connector_home / "drop" / "p.csv").exists()
    assert len(fake_hub.stored) == 2

    fake_hub.handle = original
    result = watch_once(connector_home)
    assert result.exit_code == 0, result.output
    assert len(fake_hub.stored) == 5
    assert summary(result)["stored"] == 5  # the journal carried the first run's figures over


def test_a_wrong_key_is_reported_once_and_the_file_stays(connector_home, fake_hub):
    from crypto.signing import generate_signing_key

    fake_hub.public_key = generate_signing_key()[1]
    write_csv(connector_home / "drop" / "p.csv", [penalty_line(1)])
    result = watch_once(connector_home)
    assert result.exit_code == 1
    assert "hub answered 401" in result.output
    assert len(fake_hub.requests) == 1
    assert (connector_home / "drop" / "p.csv").exists()


def test_an_unreadable_file_is_parked_in_rejected_with_the_reason(connector_home, fake_hub):
    (connector_home / "drop" / "wrong.csv").write_text("列1,列2\n1,2\n", "utf-8")
    write_csv(connector_home / "drop" / "z-good.csv", [penalty_line(1)])
    result = watch_once(connector_home)
    assert result.exit_code == 0, result.output
    assert (connector_home / "drop" / "rejected" / "wrong.csv").exists()
    rows = read_errors(connector_home / "drop" / "rejected" / "wrong.csv.errors.csv")
    assert rows[1][:4] == ["0", "", "file", "source.header_missing"]
    assert "找不到包含映射列的表头；缺少：案件编号" in rows[1][4]
    assert "missing: 案件编号" in rows[1][5]
    assert list(fake_hub.stored) == ["SCJG-00001"]


def test_partial_and_lock_files_are_left_alone(connector_home, fake_hub):
    drop = connector_home / "drop"
    for name in ("~$penalties.csv", ".hidden.csv", "export.csv.tmp", "notes.txt"):
        (drop / name).write_text("x", "utf-8")
    result = watch_once(connector_home)
    assert result.exit_code == 0, result.output
    assert summary(result)["files"] == 0
    assert sorted(p.name for p in drop.iterdir() if p.is_file()) == [
        ".hidden.csv",
        "export.csv.tmp",
        "notes.txt",
        "~$penalties.csv",
    ]


def test_a_file_is_read_only_after_it_stopped_changing(connector_home, fake_hub):
    from connectors.config import load_config
    from connectors.ui import Reporter
    from connectors.watch import DropFolder

    config = load_config(connector_home / "connector.yaml")
    assert config.watch is not None
    now = {"t": 100.0}
    folder = DropFolder(
        config=config,
        settings=config.watch.model_copy(update={"settle_seconds": 5}),
        client=config.client(),
        reporter=Reporter(show_progress=False),
        clock=lambda: now["t"],
    )
    path = write_csv(connector_home / "drop" / "p.csv", [penalty_line(1)])
    assert folder.ready(wait_for_settle=True) == []
    now["t"] += 3
    with path.open("a", encoding="utf-8") as handle:  # the export is still writing
        handle.write(penalty_line(2) + "\r\n")
    assert folder.ready(wait_for_settle=True) == []
    now["t"] += 4
    assert folder.ready(wait_for_settle=True) == []
    now["t"] += 2
    assert folder.ready(wait_for_settle=True) == [path]


def test_push_one_file_with_summary(connector_home, fake_hub):
    source = write_csv(connector_home / "one.csv", [penalty_line(1), penalty_line(2, date="x")])
    result = runner.invoke(
        app,
        [
            "push",
            str(source),
            "-c",
            str(connector_home / "connector.yaml"),
            "-m",
            str(connector_home / "penalty.yaml"),
            "--no-progress",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    figures = summary(result)
    assert (figures["sent"], figures["stored"], figures["rejected"]) == (1, 1, 1)
    assert figures["errors_file"].endswith("rejected/one.csv.errors.csv")
    assert source.exists()  # push leaves the file where it is
    for word in ("sent", "stored", "rejected", "duplicates", "elapsed", "rows/s"):
        assert word in result.output


def test_a_new_file_under_an_old_name_keeps_the_earlier_errors_file(connector_home, fake_hub):
    write_csv(connector_home / "drop" / "monthly.csv", [penalty_line(1, date="bad")])
    assert watch_once(connector_home).exit_code == 0
    write_csv(connector_home / "drop" / "monthly.csv", [penalty_line(2, date="bad"), penalty_line(3)])
    assert watch_once(connector_home).exit_code == 0
    rejected = connector_home / "drop" / "rejected"
    (earlier,) = rejected.glob("monthly.csv.errors.before-*.csv")
    assert read_errors(earlier)[1][1] == "SCJG-00001"
    assert read_errors(rejected / "monthly.csv.errors.csv")[1][1] == "SCJG-00002"
    assert "monthly.csv" in {p.name for p in (connector_home / "drop" / "done").iterdir()}
    assert len(list((connector_home / "drop" / "done").iterdir())) == 2


def test_rejections_of_an_unacknowledged_chunk_are_not_listed_twice(connector_home, fake_hub, monkeypatch):
    # batch_size 2: every chunk holds two good rows and the bad row between them.
    lines = [penalty_line(n, date="bad") if n % 3 == 0 else penalty_line(n) for n in range(1, 13)]
    write_csv(connector_home / "drop" / "p.csv", lines)
    original = FileJournal.save
    calls = {"n": 0}

    def save_then_die(self):
        calls["n"] += 1
        if calls["n"] == 3:
            raise Killed  # chunk 3's rejections are in the log, the journal does not vouch for them
        original(self)

    monkeypatch.setattr(FileJournal, "save", save_then_die)
    with pytest.raises(Killed):
        runner.invoke(
            app, ["watch", str(connector_home / "connector.yaml"), "--once", "--no-progress"], catch_exceptions=False
        )
    monkeypatch.setattr(FileJournal, "save", original)

    result = watch_once(connector_home)

    assert result.exit_code == 0, result.output
    rows = read_errors(connector_home / "drop" / "rejected" / "p.csv.errors.csv")
    assert [r[1] for r in rows[1:]] == ["SCJG-00003", "SCJG-00006", "SCJG-00009", "SCJG-00012"]
    assert summary(result)["rejected"] == 4
    assert len(fake_hub.stored) == 8
