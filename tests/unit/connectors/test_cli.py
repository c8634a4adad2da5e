import base64
import json
import stat

import pytest
from typer.testing import CliRunner

from connectors.cli import app
from crypto.sealed import generate_box_keypair, seal

runner = CliRunner()
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
    from connectors.keyfiles import write_private_key
    from crypto.signing import generate_signing_key

    config_path = connector_home / "connector.yaml"
    derived = load_config(config_path).row_id_secret()
    write_private_key(connector_home / "keys" / "row-id.key", "a-long-department-secret-for-row-ids")
    settings = yaml.safe_load(config_path.read_text("utf-8"))
    settings["row_id_key_file"] = "keys/row-id.key"
    config_path.write_text(yaml.safe_dump(settings, allow_unicode=True), "utf-8")
    configured = load_config(config_path).row_id_secret()
    assert configured != derived
    write_private_key(connector_home / "keys" / "signing.key", generate_signing_key()[0], overwrite=True)
    assert load_config(config_path).row_id_secret() == configured
