"""Nothing secret is built in: the server, tokens and web sessions need a configured signing key."""

from __future__ import annotations

import stat
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from core.auth.secret import SecretKeyProblem, signing_key
from core.cli.main import build_cli, main
from core.settings import get_settings

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def key_env(monkeypatch, tmp_path):
    """``key_env(value=None)``: GUANXI_SECRET_KEY set to ``value`` (or unset) and the key file in
    a fresh directory; returns the key file's path."""

    def configure(value: str | None = None) -> Path:
        key_file = tmp_path / "var" / "secret_key"
        if value is None:
            monkeypatch.delenv("GUANXI_SECRET_KEY", raising=False)
        else:
            monkeypatch.setenv("GUANXI_SECRET_KEY", value)
        monkeypatch.setenv("GUANXI_SECRET_KEY_FILE", str(key_file))
        get_settings.cache_clear()
        return key_file

    yield configure
    get_settings.cache_clear()


@pytest.fixture
def uvicorn_runs(monkeypatch):
    """Records uvicorn.run calls instead of serving."""
    import uvicorn

    calls: list[dict] = []
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: calls.append(kwargs))
    return calls


def _guanxi(monkeypatch, capsys, *args: str) -> tuple[int, str]:
    """Run the ``guanxi`` entry point in-process: its exit code and what it wrote to stderr."""
    monkeypatch.setattr(sys, "argv", ["guanxi", *args])
    code = 0
    try:
        main()
    except SystemExit as exc:
        code = exc.code or 0
    return code, capsys.readouterr().err


def test_serve_refuses_to_start_without_a_secret_key(key_env, uvicorn_runs, monkeypatch, capsys):
    key_env(None)
    code, err = _guanxi(monkeypatch, capsys, "serve")
    assert code == 1 and not uvicorn_runs
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    assert "GUANXI_SECRET_KEY" in err and "guanxi secret init" in err


def test_serve_refuses_a_short_secret_key(key_env, uvicorn_runs, monkeypatch, capsys):
    key_env("too-short")
    code, err = _guanxi(monkeypatch, capsys, "serve")
    assert code == 1 and not uvicorn_runs
    assert "too short" in err and "at least 32" in err and len(err.strip().splitlines()) == 1


def test_the_key_that_was_published_in_the_source_is_refused(key_env):
    key_env("change-me-in-production-guanxi-secret-key")
    with pytest.raises(SecretKeyProblem, match="published in the source"):
        signing_key()


def test_serve_starts_with_a_configured_key_and_trusts_no_forwarded_headers_by_itself(
    key_env, uvicorn_runs, monkeypatch, capsys
):
    key_env("k" * 40)
    code, _err = _guanxi(monkeypatch, capsys, "serve", "--port", "8123")
    assert code == 0 and len(uvicorn_runs) == 1
    assert uvicorn_runs[0]["port"] == 8123 and uvicorn_runs[0]["proxy_headers"] is False


def test_tokens_are_not_issued_without_a_secret_key(key_env, make_tenant, make_user):
    from core.auth.tokens import issue_access_token

    user = make_user(make_tenant())
    key_env(None)
    with pytest.raises(SecretKeyProblem):
        issue_access_token(user=user)


def test_the_web_app_is_not_built_without_a_secret_key(key_env, guanxi_engine):
    from core.api.app import create_app

    key_env(None)
    with pytest.raises(SecretKeyProblem):
        create_app(engine=guanxi_engine)


def test_secret_init_writes_a_private_random_key_once_and_serve_reads_it(
    key_env, uvicorn_runs, monkeypatch, capsys
):
    key_file = key_env(None)
    runner = CliRunner()
    first = runner.invoke(build_cli(), ["secret", "init"])
    assert first.exit_code == 0, first.output
    assert first.output.strip() == f"wrote a new secret key to {key_file} (mode 0600)"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    key = key_file.read_text().strip()
    assert len(key) >= 32
    again = runner.invoke(build_cli(), ["secret", "init"])
    assert again.exit_code == 0 and again.output == ""
    assert key_file.read_text().strip() == key
    get_settings.cache_clear()
    assert signing_key() == key
    assert _guanxi(monkeypatch, capsys, "serve")[0] == 0 and uvicorn_runs


def test_secret_init_writes_no_file_when_the_key_comes_from_the_environment(key_env):
    key_file = key_env("e" * 40)
    result = CliRunner().invoke(build_cli(), ["secret", "init"])
    assert result.exit_code == 0 and result.output == ""
    assert not key_file.exists()


def test_the_environment_key_wins_over_the_key_file(key_env):
    key_file = key_env(None)
    key_file.parent.mkdir(parents=True)
    key_file.write_text("f" * 40 + "\n")
    assert signing_key() == "f" * 40
    key_env("g" * 40)
    assert signing_key() == "g" * 40


def test_make_run_writes_the_key_before_it_serves():
    run = (ROOT / "Makefile").read_text().split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert run.index("guanxi secret init") < run.index("guanxi serve")
