"""A live `fudao serve` for the production tests: start it over a temp store, stop it."""

from __future__ import annotations

ROOT = __import__("pathlib").Path(__file__).resolve().parents[2]


def free_port() -> int:
    """An unused loopback port."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LiveSite:
    """A running `fudao serve` (gunicorn) over a temp store with the corpus ingested."""

    def __init__(self, base: str, access_log, proc) -> None:
        self.base, self.access_log, self.proc = base, access_log, proc
        self.port = int(base.rsplit(":", 1)[1])


def site_env(store, **env_extra: str) -> dict[str, str]:
    """The environment of `fudao` commands over `store` (rate limits off)."""
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith(("FUDAO_DB", "DJANGO_"))}
    env.update({"PYTHONPATH": str(ROOT / "src"), "FUDAO_DATA_DIR": str(store), "FUDAO_RATE_LIMIT": "0",
                **env_extra})
    return env


def fudao_cli(store, *args: str, stdin: str = "") -> str:
    """Run `fudao ARGS…` over `store` (e.g. the live site's, while it runs); its standard output."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "fudao.cli.main", *args], env=site_env(store),
                          input=stdin, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def start_site(store, corpus_dir, *, workers: int = 2, threads: int = 4, **env_extra: str) -> LiveSite:
    """Ingest the corpus into `store` (once) and start `fudao serve`; wait until it answers."""
    import subprocess
    import sys
    import time
    import urllib.request

    fudao = [sys.executable, "-m", "fudao.cli.main"]
    env = site_env(store, **env_extra)
    if not (store / "fudao.sqlite3").exists():
        subprocess.run([*fudao, "ingest", str(corpus_dir), "--publish", "--json"], env=env, check=True,
                       capture_output=True, timeout=600)
    port = free_port()
    access_log = store / f"access-{port}.log"
    proc = subprocess.Popen([*fudao, "serve", "--port", str(port), "--workers", str(workers),
                             "--threads", str(threads), "--access-log", str(access_log)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("fudao serve exited before answering")
        try:
            with urllib.request.urlopen(base + "/api/openapi.json", timeout=2):
                return LiveSite(base, access_log, proc)
        except OSError:
            time.sleep(0.3)
    proc.terminate()
    raise RuntimeError("fudao serve did not answer in time")


def stop_site(site: LiveSite) -> None:
    """Stop the server (SIGTERM: gunicorn shuts its workers down)."""
    site.proc.terminate()
    site.proc.wait(timeout=30)
