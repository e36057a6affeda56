"""A load test on loopback (issue 15): 50 keep-alive clients for 60 s, every request a unique
search URL so the page cache never helps, against `fudao serve` with two worker processes.
What must hold is correctness under load — no connection error, no 5xx, every answer a 200;
the speed figures are printed (targets live in `bench/load.py --unique`)."""

from __future__ import annotations

import argparse
import importlib.util
import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
BENCH = Path(__file__).resolve().parents[2] / "bench" / "load.py"


def _bench():  # bench/ is scripts, not a package
    spec = importlib.util.spec_from_file_location("bench_load", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_fifty_clients_of_unique_questions_get_no_error(live_site, capsys) -> None:
    seconds = float(os.environ.get("FUDAO_LOAD_SECONDS", "60"))
    result = _bench().python_load(live_site.port, argparse.Namespace(connections=50, duration=seconds))
    with capsys.disabled():
        print(f"\nunique search load, 50 clients × {seconds:.0f} s: {result['requests']} requests, "
              f"{result['rps']:.0f} req/s, p50 {result['p50_ms']:.0f} ms, p95 {result['p95_ms']:.0f} ms, "
              f"statuses {result['statuses']}")
    assert result["requests"] > 50
    assert result["errors"] == 0 and result["status_5xx"] == 0
    assert result["statuses"] == {200: result["requests"]}
