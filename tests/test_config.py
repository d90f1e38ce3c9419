"""Every setting is documented where a newcomer looks: the README."""

from pathlib import Path

from minyi import config

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_every_setting_is_in_the_readme():
    missing = [s.name for s in config.ALL_SETTINGS if f"`{s.name}`" not in README]
    assert not missing


def test_settings_read_the_environment(monkeypatch):
    monkeypatch.setenv("MINYI_DB", "/tmp/elsewhere.duckdb")
    assert config.db_path() == Path("/tmp/elsewhere.duckdb")
