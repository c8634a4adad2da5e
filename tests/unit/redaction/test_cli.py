import csv
import json
from pathlib import Path

from typer.testing import CliRunner

from redaction.cli import app, build_app

runner = CliRunner()


def write_jsonl(path: Path, items: list[object]) -> None:
    path.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items), encoding="utf-8")


def test_jsonl_contract(tmp_path: Path) -> None:
    source, target = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    text = "当事人韦红宇销售过期食品，消费者范桐（联系电话13812345678）投诉。"
    write_jsonl(source, [{"id": "a", "text": text, "public_names": ["韦红宇"]}, {"id": 2, "text": "无"}])
    result = runner.invoke(app, ["--input", str(source), "--output", str(target)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert [line["id"] for line in lines] == ["a", 2]
    first = lines[0]
    assert set(first) == {"id", "spans", "redacted"}
    assert [text[s["start"] : s["end"]] for s in first["spans"]] == ["范桐", "13812345678"]
    assert all(set(s) == {"start", "end", "entity_type", "score"} for s in first["spans"])
    assert first["redacted"] == "当事人韦红宇销售过期食品，消费者范某（联系电话［电话］）投诉。"
    assert lines[1] == {"id": 2, "spans": [], "redacted": "无"}


def test_bad_line_stops_before_writing_and_names_only_the_line(tmp_path: Path) -> None:
    source, target = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text('{"id": "a", "text": "电话13812345678"}\n{"id": "b", "text": 13812345678}\n', encoding="utf-8")
    result = runner.invoke(app, ["--input", str(source), "--output", str(target)])
    assert result.exit_code == 2
    assert "line 2" in result.output
    assert "13812345678" not in result.output
    assert not target.exists()
    assert list(tmp_path.iterdir()) == [source]  # no temporary file left behind


def test_not_json_and_missing_file(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text("{oops 13812345678\n", encoding="utf-8")
    result = runner.invoke(app, ["--input", str(source)])
    assert result.exit_code == 2 and "line 1" in result.output and "13812345678" not in result.output
    result = runner.invoke(app, ["--input", str(tmp_path / "missing.jsonl")])
    assert result.exit_code == 2 and "no such file" in result.output


def test_exactly_one_mode(tmp_path: Path) -> None:
    assert runner.invoke(app, []).exit_code == 2
    both = runner.invoke(app, ["--input", "a.jsonl", "--records", "b.csv"])
    assert both.exit_code == 2


def test_records_from_csv_through_the_reader_the_hub_passes_in(tmp_path: Path) -> None:
    source, target = tmp_path / "records.csv", tmp_path / "out.json"
    with source.open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=["行政相对人名称", "行政相对人类别", "证件号码", "违法事实"])
        writer.writeheader()
        writer.writerow(
            {
                "行政相对人名称": "韦红宇",
                "行政相对人类别": "自然人",
                "证件号码": "11010519491231150X",
                "违法事实": "举报人丁鹏琳，电话0832-5231467。",
            }
        )
    # Without a table reader redaction reads no CSV itself (one CSV/XLSX reader for all: the hub's).
    refused = runner.invoke(app, ["--records", str(source)])
    assert refused.exit_code == 2 and "hub redact --records" in refused.output

    def read_table(path: Path) -> list[dict[str, str]]:
        with path.open(encoding="utf-8-sig", newline="") as stream:
            return list(csv.DictReader(stream))

    with_reader = build_app(read_table=read_table)
    result = runner.invoke(with_reader, ["--records", str(source), "--output", str(target)])
    assert result.exit_code == 0, result.output
    [check] = json.loads(target.read_text(encoding="utf-8"))
    assert "证件号码" not in check["redacted_record"]
    assert check["redacted_record"]["违法事实"] == "举报人丁某，电话［电话］。"


def test_records_from_json_to_stdout(tmp_path: Path) -> None:
    source = tmp_path / "records.json"
    source.write_text(
        json.dumps({"行政相对人名称": "张三", "违法事实": "证人李四在场"}, ensure_ascii=False), encoding="utf-8"
    )
    result = runner.invoke(app, ["--records", str(source), "--record-kind", "admin_penalty"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["redacted_record"]["违法事实"] == "证人李某在场"


def test_bad_records_file(tmp_path: Path) -> None:
    source = tmp_path / "records.txt"
    source.write_text("x", encoding="utf-8")
    assert runner.invoke(app, ["--records", str(source)]).exit_code == 2
    bad = tmp_path / "records.json"
    bad.write_text('[{"违法事实": ["13812345678"]}]', encoding="utf-8")
    result = runner.invoke(app, ["--records", str(bad)])
    assert result.exit_code == 2 and "13812345678" not in result.output
    kind = runner.invoke(app, ["--records", str(bad), "--record-kind", "nope"])
    assert kind.exit_code == 2


def test_mounts_as_hub_redact(tmp_path: Path) -> None:
    import typer

    hub = typer.Typer()

    @hub.command()
    def serve() -> None:
        """A stand-in sibling command, so the hub app is a group as the real one is."""

    hub.add_typer(app, name="redact")
    source = tmp_path / "in.jsonl"
    write_jsonl(source, [{"id": "x", "text": "证人李四电话13812345678"}])
    result = runner.invoke(hub, ["redact", "--input", str(source)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["redacted"] == "证人李某电话［电话］"


def test_a_bad_record_is_named_by_its_number(tmp_path: Path) -> None:
    source = tmp_path / "records.json"
    source.write_text('[{"违法事实": "无"}, {"违法事实": ["13812345678"]}]', encoding="utf-8")
    result = CliRunner().invoke(app, ["--records", str(source)])
    assert result.exit_code == 2
    assert "record 2" in result.output and "13812345678" not in result.output
