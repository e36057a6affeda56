"""Production settings from the environment (DESIGN "Running in production")."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "FUDAO_SECRET_KEY": "k3y-for-the-deploy-check-only-" + "x7Qp2Lm9Zr4Tw8Vb1Nc6" * 2,
    "FUDAO_ALLOWED_HOSTS": "fudao.example.gov.tw",
    "FUDAO_CSRF_TRUSTED_ORIGINS": "https://fudao.example.gov.tw",
    "FUDAO_HTTPS": "1",
}


def _run(code_or_args: list[str], data_dir: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FUDAO_", "DJANGO_"))}
    env.update(PYTHONPATH=str(ROOT / "src"), FUDAO_DATA_DIR=str(data_dir),
               DJANGO_SETTINGS_MODULE="fudao.settings", **extra)
    return subprocess.run([sys.executable, *code_or_args], env=env, capture_output=True, text=True,
                          timeout=120)


def test_check_deploy_reports_nothing_with_the_documented_environment(tmp_path):
    result = _run(["-m", "django", "check", "--deploy", "--fail-level", "DEBUG"], tmp_path,
                  **PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr
    assert "WARNING" not in result.stderr + result.stdout


def test_check_deploy_warns_without_https(tmp_path):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "FUDAO_HTTPS"}
    result = _run(["-m", "django", "check", "--deploy"], tmp_path, **env)
    assert "security.W004" in result.stderr + result.stdout  # no HSTS without FUDAO_HTTPS


SHOW = ("from django.conf import settings; print(settings.SECRET_KEY); "
        "print(settings.SECURE_PROXY_SSL_HEADER, settings.SESSION_COOKIE_SECURE, "
        "settings.CSRF_TRUSTED_ORIGINS, settings.ALLOWED_HOSTS)")


def test_without_a_key_one_is_made_once_readable_by_its_owner_only(tmp_path):
    first = _run(["-c", SHOW], tmp_path)
    assert first.returncode == 0, first.stderr
    key = first.stdout.splitlines()[0]
    path = tmp_path / "secret_key"
    assert path.read_text().strip() == key and len(key) >= 50
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "fudao-local-only" not in key
    second = _run(["-c", SHOW], tmp_path)
    assert second.stdout.splitlines()[0] == key  # reused, so sessions survive a restart
    other = _run(["-c", SHOW], tmp_path / "elsewhere")
    assert other.stdout.splitlines()[0] != key  # random, not built in


def test_environment_key_and_https_settings_are_used(tmp_path):
    result = _run(["-c", SHOW], tmp_path, **PRODUCTION_ENV)
    lines = result.stdout.splitlines()
    assert lines[0] == PRODUCTION_ENV["FUDAO_SECRET_KEY"]
    assert lines[1] == ("('HTTP_X_FORWARDED_PROTO', 'https') True ['https://fudao.example.gov.tw'] "
                        "['fudao.example.gov.tw']")
    assert not (tmp_path / "secret_key").exists()
