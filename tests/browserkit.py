"""What the browser tests share: a real `fudao serve` over a temporary store, Debian's chromium
driven by Playwright, screenshots in test-artifacts/. A plain module (not conftest) so that
browser test modules of every folder import the same helpers."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from corpusfiles import unavailable

CHROMIUM = Path(os.environ.get("FUDAO_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
FUDAO = [sys.executable, "-m", "fudao.cli.main"]


def free_port() -> int:
    """A free TCP port on the loopback."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def store_env(store_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of a command over the SQLite store in `store_dir`."""
    env = {k: v for k, v in os.environ.items() if k not in ("FUDAO_DB", "DJANGO_SETTINGS_MODULE")}
    env["FUDAO_DATA_DIR"] = str(store_dir)
    env.update(extra)
    return env


def fudao(env: dict[str, str], *args: str, stdin: str | None = None, timeout: float = 300) -> str:
    """Run a `fudao` command over the store; its standard output."""
    done = subprocess.run([*FUDAO, *args], env=env, input=stdin, check=True, capture_output=True,
                          text=True, timeout=timeout)
    return done.stdout


def python_in_store(env: dict[str, str], code: str) -> str:
    """Run Python code with Django set up over the store (to arrange test data)."""
    prelude = "from fudao import bootstrap; bootstrap.setup()\n"
    done = subprocess.run([sys.executable, "-c", prelude + code], env=env, check=True,
                          capture_output=True, text=True, timeout=120)
    return done.stdout


def wait_until_up(url: str, proc: subprocess.Popen[str], seconds: float = 60) -> None:
    """Wait until the server answers at `url` (fails if it exits)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"fudao serve exited: {proc.stderr.read() if proc.stderr else ''}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("fudao serve did not answer in time")


@contextmanager
def served(env: dict[str, str], *args: str) -> Iterator[str]:
    """`fudao serve` over the store for the block; yields its base URL."""
    port = free_port()
    proc = subprocess.Popen([*FUDAO, "serve", "--port", str(port), *args], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base + "/static/web/site.css", proc)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@contextmanager
def chromium() -> Iterator[Any]:
    """Debian's chromium under Playwright (skips where it is not installed)."""
    if not CHROMIUM.exists():
        unavailable(f"chromium not found at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def new_page(browser: Any, **options: Any) -> Iterator[Any]:
    """A zh-TW tab that collects console errors in `.problems`."""
    context = browser.new_context(locale="zh-TW", viewport={"width": 1280, "height": 900}, **options)
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    problems: list[str] = []
    tab.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: problems.append(str(e)))
    tab.problems = problems
    try:
        yield tab
    finally:
        context.close()


def login(tab: Any, base: str, username: str, password: str) -> None:
    """Sign in through /accounts/login/."""
    tab.goto(base + "/accounts/login/")
    tab.fill("input[name=username]", username)
    tab.fill("input[name=password]", password)
    tab.click("button[type=submit]")
    tab.wait_for_load_state()


def shot(tab: Any, name: str, full_page: bool = True) -> None:
    """Save a screenshot in test-artifacts/."""
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full_page)
