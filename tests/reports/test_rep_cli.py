"""`fudao demo` and `fudao report` as an analyst runs them: the demo year written and loaded, the
figures as JSON, CSV and XLSX files, and bad periods, groupings and roles refused in zh-TW."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fudao.accounts.services import add_user
from fudao.cli.main import app

pytestmark = pytest.mark.django_db(transaction=True)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def demo_year(tmp_path: Path) -> Path:
    code, _, err = run("demo", "--year", "112", "--scale", "0.01", "--out", str(tmp_path / "demo.jsonl"), "--load")
    assert code == 0, err
    return tmp_path / "demo.jsonl"


def test_report_of_the_demo_year_in_every_format(demo_year: Path, tmp_path: Path) -> None:
    records = [json.loads(line) for line in demo_year.read_text(encoding="utf-8").splitlines()]
    code, out, err = run("report", "--year", "112", "--by", "month", "--json",
                         "--csv", str(tmp_path / "r.csv"), "--xlsx", str(tmp_path / "r.xlsx"))
    assert code == 0, err
    report = json.loads(out)
    assert report["total"]["cases"] == sum(r["type"] == "case" for r in records)
    assert [r["key"] for r in report["rows"]] == [f"2023-{m:02d}" for m in range(1, 13)]
    rows = list(csv.reader((tmp_path / "r.csv").read_text(encoding="utf-8-sig").splitlines()))
    total = next(r for r in rows if r and r[0] == "合計")
    assert int(total[rows[0].index("受理諮詢服務（案次）")]) == report["total"]["cases"]

    from openpyxl import load_workbook

    sheet = load_workbook(tmp_path / "r.xlsx").active
    table = list(sheet.iter_rows(values_only=True))
    assert table[-1][0] == "合計" and table[-1][table[1].index("受理諮詢服務（案次）")] == report["total"]["cases"]
    code, text, err = run("report", "--year", "112", "--by", "month")
    assert code == 0, err
    lines = text.splitlines()
    months = [line for line in lines if line.startswith("  ") and "・" in line]
    assert len(months) == 12 and lines[lines.index(months[0]) - 1].startswith("依")
    for row, line in zip(report["rows"], months, strict=True):
        assert line.strip().startswith(row["label"]) and f"{row['cases']:,}" in line


@pytest.mark.parametrize(("args", "words"), [
    (("--year", "0"), "民國年"),
    (("--year", "1000"), "民國年"),
    (("--from", "2023-05-01", "--to", "2023-04-01"), "結束"),
    (("--year", "112", "--by", "weekday"), "分組「weekday」不存在"),
])
def test_bad_reports_are_refused_in_chinese(args: tuple[str, ...], words: str) -> None:
    code, _, err = run("report", *args)
    assert code != 0 and words in err


def test_a_role_without_reports_is_refused() -> None:
    add_user(username="edi", role="editor", password="Quite-long-pass-2026")
    code, _, err = run("report", "--year", "112", "--as", "edi")
    assert code != 0 and "不能查看統計報表" in err


def test_demo_leaves_a_living_desk(tmp_path: Path) -> None:
    import datetime as dt

    from django.utils import timezone

    from fudao.accounts.services import add_team
    from fudao.cases import followups, selectors
    from fudao.cases.models import Case
    from fudao.cases.vocabulary import OPEN_STATUSES
    from fudao.events.models import Event

    add_team(slug="north", name="北區服務中心", counties=["臺北市"])
    lin = add_user(username="lin", role="consultant", password="Lin-pass-2024", team="north")
    add_user(username="chen", role="supervisor", password="Chen-pass-2024", team="north")
    code, out, err = run("demo", "--year", "112", "--scale", "0.01", "--out", str(tmp_path / "d.jsonl"), "--load")
    assert code == 0, err
    assert "處理中案件" in out
    live = Case.objects.filter(status__in=OPEN_STATUSES)
    owners = set(live.values_list("assignee__username", flat=True))
    assert {"lin", "chen"} <= owners
    assert live.filter(status="waiting_enterprise").exists()
    actor = lin  # add_user gives the acting person
    assert selectors.queue_counts(actor)["overdue"] > 0 and selectors.queue_counts(actor)["total"] > 0
    week = followups.due(actor, on=followups.today() + dt.timedelta(days=6))
    assert week["count"] > 0
    upcoming = Event.objects.filter(starts_at__gt=timezone.now())
    assert upcoming.count() >= 3 and all(e.capacity > 12 for e in upcoming)
    again, _, _ = run("demo", "--year", "112", "--scale", "0.01", "--out", str(tmp_path / "d.jsonl"), "--load")
    assert again == 0 and Case.objects.filter(status__in=OPEN_STATUSES).count() == live.count()
