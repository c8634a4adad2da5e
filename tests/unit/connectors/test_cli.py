import base64
import json
import os
import shlex
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from connectors.cli import app
from connectors.config import ConnectorConfig
from crypto.sealed import generate_box_keypair, seal

runner = CliRunner()
ORIGINAL_CLIENT = ConnectorConfig.client  # before the connector_home fixture points it at the fake hub
COMMANDS = ["keygen", "push", "watch", "pull", "lookup", "open", "check"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command):
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Usage" in result.output
    assert len(result.output.split("Options")[0]) > 80  # a description, not just the usage line


def test_keygen_writes_private_keys_mode_0600_and_prints_public_keys(tmp_path):
    result = runner.invoke(app, ["keygen", "--dir", str(tmp_path / "keys")])
    assert result.exit_code == 0, result.output
    for name in ("signing.key", "box.key"):
        mode = stat.S_IMODE((tmp_path / "keys" / name).stat().st_mode)
        assert mode == 0o600
    signing_public = (tmp_path / "keys" / "signing.pub").read_text().strip()
    assert signing_public in result.output
    assert (tmp_path / "keys" / "signing.key").read_text().strip() not in result.output
    assert len(base64.b64decode(signing_public)) == 32


def test_keygen_never_overwrites_a_key_silently(tmp_path):
    assert runner.invoke(app, ["keygen", "--dir", str(tmp_path)]).exit_code == 0
    before = (tmp_path / "signing.key").read_text()
    again = runner.invoke(app, ["keygen", "--dir", str(tmp_path)])
    assert again.exit_code == 1
    assert "refusing to overwrite" in again.output
    assert (tmp_path / "signing.key").read_text() == before
    assert runner.invoke(app, ["keygen", "--dir", str(tmp_path), "--force"]).exit_code == 0
    assert (tmp_path / "signing.key").read_text() != before


def test_open_needs_the_right_private_key(tmp_path):
    private, public = generate_box_keypair()
    other_private, _ = generate_box_keypair()
    (tmp_path / "box.key").write_text(private)
    (tmp_path / "box.key").chmod(0o600)
    (tmp_path / "other.key").write_text(other_private)
    (tmp_path / "other.key").chmod(0o600)
    blob = seal(recipient_public_key_b64=public, data=json.dumps({"records": [{"id": "1"}]}).encode())
    (tmp_path / "result.sealed").write_text(base64.b64encode(blob).decode())

    opened = runner.invoke(app, ["open", str(tmp_path / "result.sealed"), "--key", str(tmp_path / "box.key")])
    assert opened.exit_code == 0, opened.output
    assert json.loads(opened.stdout) == {"records": [{"id": "1"}]}

    refused = runner.invoke(app, ["open", str(tmp_path / "result.sealed"), "--key", str(tmp_path / "other.key")])
    assert refused.exit_code == 1
    assert "not sealed to this key" in refused.output


def test_open_refuses_a_key_file_others_can_read(tmp_path):
    private, _ = generate_box_keypair()
    (tmp_path / "box.key").write_text(private)
    (tmp_path / "box.key").chmod(0o644)
    (tmp_path / "r").write_text("AAAA")
    result = runner.invoke(app, ["open", str(tmp_path / "r"), "--key", str(tmp_path / "box.key")])
    assert result.exit_code == 1
    assert "readable by others" in result.output


def test_lookup_reads_the_id_number_from_stdin_and_seals(connector_home, fake_hub, tmp_path):
    from tests.unit.connectors.fakehub import FakeHub  # noqa: F401  (the fixture wires it)

    fake_hub.stored["R-1"] = {
        "id": "u1",
        "record_type": "admin_penalty",
        "source_record_id": "R-1",
        "fields": {"证件号码": "512002199003071230"},
    }
    assert runner.invoke(app, ["keygen", "--dir", str(tmp_path / "box")]).exit_code == 0
    out = tmp_path / "result.sealed"
    result = runner.invoke(
        app,
        [
            "lookup",
            str(connector_home / "connector.yaml"),
            "--purpose",
            "职称评定",
            "--out",
            str(out),
            "--seal-to",
            str(tmp_path / "box" / "box.pub"),
        ],
        input="512002199003071230\n",
    )
    assert result.exit_code == 0, result.output
    assert "512002199003071230" not in out.read_text()
    opened = runner.invoke(app, ["open", str(out), "--key", str(tmp_path / "box" / "box.key")])
    assert opened.exit_code == 0, opened.output
    assert json.loads(opened.stdout)["records"][0]["id"] == "u1"


def test_lookup_without_seal_writes_plain_json(connector_home, fake_hub, tmp_path):
    out = tmp_path / "result.json"
    result = runner.invoke(
        app,
        ["lookup", str(connector_home / "connector.yaml"), "--purpose", "职称评定", "--out", str(out)],
        input="512002199003071230\n",
    )
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text()) == {"records": []}


def test_check_validates_config_and_mappings_offline(connector_home):
    ok = runner.invoke(app, ["check", str(connector_home / "connector.yaml")])
    assert ok.exit_code == 0, ok.output
    assert "OK (1 mappings)" in ok.output
    mapping = connector_home / "penalty.yaml"
    mapping.write_text(mapping.read_text("utf-8").replace("parser: date", "parser: datum"), "utf-8")
    bad = runner.invoke(app, ["check", str(connector_home / "connector.yaml")])
    assert bad.exit_code == 1
    assert "penalty.yaml: line 24: fields.处罚决定日期.parser" in bad.output


def test_config_errors_name_the_line(connector_home):
    config = connector_home / "connector.yaml"
    config.write_text(config.read_text("utf-8").replace("batch_size: 2", "batch_size: 5000"), "utf-8")
    result = runner.invoke(app, ["check", str(config)])
    assert result.exit_code == 1
    assert "connector.yaml: line 1: batch_size: Input should be less than or equal to 1000" in result.output


def test_crashes_do_not_print_local_variables():
    # Typer's pretty tracebacks show locals by default; those could hold an ID number.
    assert app.pretty_exceptions_show_locals is False


def test_row_id_secret_can_outlive_a_signing_key_rotation(connector_home):
    import yaml

    from connectors.config import load_config
    from connectors.keyfiles import write_key_file
    from crypto.signing import generate_signing_key

    config_path = connector_home / "connector.yaml"
    derived = load_config(config_path).row_id_secret()
    write_key_file(connector_home / "keys" / "row-id.key", "a-long-department-secret-for-row-ids")
    settings = yaml.safe_load(config_path.read_text("utf-8"))
    settings["row_id_key_file"] = "keys/row-id.key"
    config_path.write_text(yaml.safe_dump(settings, allow_unicode=True), "utf-8")
    configured = load_config(config_path).row_id_secret()
    assert configured != derived
    write_key_file(connector_home / "keys" / "signing.key", generate_signing_key()[0], overwrite=True)
    assert load_config(config_path).row_id_secret() == configured


# -- key folders outside the source tree, private files whatever the umask ----------------------------


@pytest.fixture
def open_umask():
    """The loosest umask: modes must come from the code, not from the environment."""
    previous = os.umask(0)
    yield
    os.umask(previous)


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_keygen_by_department_writes_to_var_connector_keys_privately(tmp_path, monkeypatch, open_umask):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["keygen", "--department", "scjg"])
    assert result.exit_code == 0, result.output
    folder = tmp_path / "var" / "connector-keys" / "scjg"
    assert {p.name for p in folder.iterdir()} == {"signing.key", "box.key", "signing.pub", "box.pub"}
    assert [mode_of(p) for p in (tmp_path / "var", folder.parent, folder)] == [0o700] * 3
    assert {mode_of(p) for p in folder.iterdir()} == {0o600}
    assert f"signing_key_file: {folder / 'signing.key'}" in result.output


def test_keygen_needs_a_department_or_a_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["keygen"])
    assert result.exit_code == 2
    assert "--department CODE" in result.output
    assert list(tmp_path.iterdir()) == []


def test_keygen_refuses_a_folder_inside_a_python_package(tmp_path):
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    target = package / "sub" / "keys"
    refused = runner.invoke(app, ["keygen", "--dir", str(target)])
    assert refused.exit_code == 1
    assert "inside the Python package" in refused.output and "--allow-package-dir" in refused.output
    assert not (package / "sub").exists()
    allowed = runner.invoke(app, ["keygen", "--dir", str(target), "--allow-package-dir"])
    assert allowed.exit_code == 0, allowed.output
    assert (target / "signing.key").exists()


def test_keygen_refuses_the_hubs_own_keys_package():
    import keys

    target = Path(keys.__file__).parent / "f-readers-must-not-exist"
    result = runner.invoke(app, ["keygen", "--dir", str(target)])
    assert result.exit_code == 1
    assert not target.exists()


def test_open_needs_its_key_and_writes_the_result_privately(tmp_path, open_umask):
    private, public = generate_box_keypair()
    (tmp_path / "box.key").write_text(private)
    (tmp_path / "box.key").chmod(0o600)
    blob = seal(recipient_public_key_b64=public, data=json.dumps({"records": [{"证件号码": "x"}]}).encode())
    (tmp_path / "result.sealed").write_text(base64.b64encode(blob).decode())
    without_key = runner.invoke(app, ["open", str(tmp_path / "result.sealed")])
    assert without_key.exit_code == 2 and "--key" in without_key.output
    out = tmp_path / "opened" / "deeper" / "result.json"
    args = ["open", str(tmp_path / "result.sealed"), "--key", str(tmp_path / "box.key"), "--out", str(out)]
    opened = runner.invoke(app, args)
    assert opened.exit_code == 0, opened.output
    assert json.loads(out.read_text("utf-8")) == {"records": [{"证件号码": "x"}]}
    assert mode_of(out) == 0o600
    assert mode_of(out.parent) == mode_of(tmp_path / "opened") == 0o700


def test_an_unsealed_lookup_result_is_written_privately(connector_home, fake_hub, tmp_path, open_umask):
    out = tmp_path / "results" / "result.json"
    result = runner.invoke(
        app,
        ["lookup", str(connector_home / "connector.yaml"), "--purpose", "职称评定", "--out", str(out)],
        input="512002199003071230\n",
    )
    assert result.exit_code == 0, result.output
    assert (mode_of(out), mode_of(out.parent)) == (0o600, 0o700)


def test_the_lookup_hint_is_a_command_that_opens_the_result(connector_home, fake_hub, tmp_path, monkeypatch):
    fake_hub.stored["R-1"] = {
        "id": "u1",
        "record_type": "admin_penalty",
        "source_record_id": "R-1",
        "fields": {"证件号码": "512002199003071230"},
    }
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(app, ["keygen", "--department", "scjg"]).exit_code == 0
    box_pub = Path("var/connector-keys/scjg/box.pub")
    result = runner.invoke(
        app,
        ["lookup", str(connector_home / "connector.yaml"), "--purpose", "职称评定", "--out", "my result.sealed",
         "--seal-to", str(box_pub)],
        input="512002199003071230\n",
    )
    assert result.exit_code == 0, result.output
    [hint] = [line.strip() for line in result.output.splitlines() if line.strip().startswith("hub connector open")]
    assert "--key" in hint
    words = shlex.split(hint)
    assert words[:3] == ["hub", "connector", "open"]
    opened = runner.invoke(app, words[2:])
    assert opened.exit_code == 0, opened.output
    assert json.loads(opened.stdout)["records"][0]["id"] == "u1"


def test_the_chmod_hint_for_a_readable_key_works_as_printed(tmp_path):
    import subprocess

    from connectors.errors import ConnectorError
    from connectors.keyfiles import read_key_file

    key = tmp_path / "a folder" / "box.key"
    key.parent.mkdir()
    key.write_text(generate_box_keypair()[0])
    key.chmod(0o644)
    with pytest.raises(ConnectorError) as caught:
        read_key_file(key)
    command = str(caught.value).split("run: ", 1)[1]
    subprocess.run(command, shell=True, check=True)
    assert read_key_file(key)


# -- the hub's address -----------------------------------------------------------------------------


def test_hub_url_comes_from_the_flag_or_hub_url_else_the_config(connector_home, monkeypatch):
    config = str(connector_home / "connector.yaml")
    assert "hub http://hub.test" in runner.invoke(app, ["check", config]).output
    monkeypatch.setenv("HUB_URL", "http://10.0.0.5:8160")
    assert "hub http://10.0.0.5:8160" in runner.invoke(app, ["check", config]).output
    flag = runner.invoke(app, ["check", config, "--hub-url", "https://hub.zy.gov.cn"])
    assert "hub https://hub.zy.gov.cn" in flag.output
    bad = runner.invoke(app, ["check", config, "--hub-url", "hub.zy.gov.cn"])
    assert bad.exit_code == 1 and "--hub-url / HUB_URL must be an http:// or https:// address" in bad.output


def test_an_unreachable_hub_is_named_with_its_address(connector_home, monkeypatch):
    from connectors.config import ConnectorConfig

    monkeypatch.setattr(ConnectorConfig, "client", ORIGINAL_CLIENT)  # a real connection, refused
    (connector_home / "drop" / "p.csv").write_text("x", "utf-8")
    result = runner.invoke(
        app, ["watch", str(connector_home / "connector.yaml"), "--once", "--hub-url", "http://127.0.0.1:9"]
    )
    assert result.exit_code == 1
    assert "hub at http://127.0.0.1:9 unavailable after 3 attempts" in result.output
    assert "平台 http://127.0.0.1:9 无法访问（已尝试 3 次）" in result.output


# -- Chinese next to the English ---------------------------------------------------------------------


def test_the_summary_lists_rejections_by_reason_in_chinese(connector_home, fake_hub):
    from tests.unit.connectors.test_watch import BAD_CHECK, CHECK_ZH, penalty_line, write_csv

    path = write_csv(
        connector_home / "p.csv",
        [penalty_line(1), penalty_line(2, id_number=BAD_CHECK), penalty_line(3, date="2023-02-30")],
    )
    result = runner.invoke(
        app,
        ["push", str(path), "-c", str(connector_home / "connector.yaml"), "-m", str(connector_home / "penalty.yaml"),
         "--no-progress"],
    )
    assert result.exit_code == 0, result.output
    assert "拒收原因" in result.output and "已入库" in result.output
    assert CHECK_ZH in result.output and "日期不存在" in result.output
    assert "value.date_invalid" in result.output
    assert BAD_CHECK not in result.output


def test_errors_are_printed_in_chinese_too(connector_home):
    (connector_home / "bad.csv").write_text("列1,列2\n1,2\n", "utf-8")
    result = runner.invoke(
        app,
        ["push", str(connector_home / "bad.csv"), "-c", str(connector_home / "connector.yaml"),
         "-m", str(connector_home / "penalty.yaml"), "--no-progress"],
    )
    assert result.exit_code == 1
    assert "error [source.header_missing]: bad.csv: no header in row 1 has the mapped columns" in result.output
    assert "错误：bad.csv：在第 1 行中找不到包含映射列的表头" in result.output


@pytest.mark.parametrize(("folder", "department"), [("scjg", "scjg"), ("tax", "swj"), ("court", "fy")])
def test_the_example_configs_use_the_keys_keygen_writes_from_the_repository_root(folder, department):
    from connectors.config import load_config
    from connectors.keyfiles import default_key_folder, package_holding
    from tests.unit.connectors.conftest import EXAMPLES

    repository = EXAMPLES.parents[1]
    settings = load_config(EXAMPLES / folder / "connector.yaml")
    assert settings.department == department
    assert settings.signing_key_file.resolve() == (repository / default_key_folder(department) / "signing.key")
    assert package_holding(settings.signing_key_file.parent) is None
    readme = (EXAMPLES / "README.md").read_text("utf-8") + (repository / "README.md").read_text("utf-8")
    assert "keygen --dir" not in readme
