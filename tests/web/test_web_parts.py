"""Smaller parts of the site: amount and citation formatting, the page cache, `fudao serve` options."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from fudao.web.templatetags.fudao_web import cite, roc_date, tel_href, twd


@pytest.mark.parametrize("amount, shown", [
    (60_000_000, "6,000萬元"), (100_000_000, "1億元"), (1_211_470_000, "12億1,147萬元"),
    (45_000, "4.5萬元"), (5_000, "5,000元"), (5_000_000, "500萬元"), (None, ""), ("", ""),
    ("60000000", "6,000萬元"), ("洽主辦單位", "洽主辦單位"), (float("nan"), "nan"),
])
def test_twd_reads_like_the_ministry(amount, shown):
    assert twd(amount) == shown


def test_citation_dates_and_phone_links():
    assert cite("002_45bc8db0303d28b9", 71, 75) == "002 第 71–75 行"
    assert cite("003_x", 9, 9) == "003 第 9 行"
    assert roc_date("2026-01-19") == "民國115年1月19日"
    assert roc_date("隨到隨審") == "隨到隨審"
    assert roc_date(None) == ""
    assert tel_href("0800-280-280") == "tel:0800280280"
    assert tel_href("02-8995-6399", "1223") == "tel:0289956399,1223"


def test_page_cache_serves_fresh_content_after_an_edit(client, corpus_db, monkeypatch):
    from fudao.catalogue.models import Measure
    from fudao.web import cache

    monkeypatch.setattr(cache, "CHECK_SECONDS", 0.0)
    url = "/measures/export-loan-guarantee-plus/"
    first = client.get(url)
    assert client.get(url).content == first.content
    measure = Measure.objects.get(pk="export-loan-guarantee-plus")
    measure.summary = "測試用的新簡介文字"
    measure.save()
    assert "測試用的新簡介文字" in client.get(url).content.decode()


def test_page_cache_keeps_full_pages_and_htmx_parts_apart(client, corpus_db):
    full = client.get("/measures/", {"instrument": "loan"})
    part = client.get("/measures/", {"instrument": "loan"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="measure-rows")
    again = client.get("/measures/", {"instrument": "loan"})
    assert b"<html" in full.content and b"<html" not in part.content and again.content == full.content
    assert "HX-Request" in again["Vary"]


def test_page_cache_can_be_turned_off(client, corpus_db, monkeypatch):
    from fudao.web import cache

    monkeypatch.setenv("FUDAO_PAGE_CACHE", "0")
    client.get("/measures/")
    assert not cache._pages


@pytest.mark.parametrize("args, needle", [
    (["serve", "--port", "70000"], "連接埠"),
    (["serve", "--threads", "0"], "執行緒"),
])
def test_serve_rejects_bad_options(args, needle):
    from fudao.cli.main import app

    result = CliRunner().invoke(app, args)
    assert result.exit_code != 0
    assert needle in result.stderr


def test_serve_reports_a_busy_port_before_starting():
    import socket

    from fudao.cli.main import app

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = CliRunner().invoke(app, ["serve", "--port", str(port)])
    assert result.exit_code != 0
    assert "已被其他程式使用" in result.stderr


def test_static_root_is_the_data_folder_unless_overridden(monkeypatch, tmp_path):
    from fudao.store import static_root

    monkeypatch.setenv("FUDAO_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("FUDAO_STATIC_ROOT", raising=False)
    assert static_root() == tmp_path / "data" / "static"
    monkeypatch.setenv("FUDAO_STATIC_ROOT", str(tmp_path / "elsewhere"))
    assert static_root() == tmp_path / "elsewhere"


def test_static_root_is_outside_the_source_tree():
    from pathlib import Path

    from django.conf import settings

    import fudao

    assert not Path(settings.STATIC_ROOT).resolve().is_relative_to(Path(fudao.__file__).resolve().parent)


def test_serve_collects_the_static_files_into_static_root(settings, tmp_path):
    from fudao.cli.serve import collect_static

    settings.STATIC_ROOT = tmp_path / "static"
    collect_static()
    assert (tmp_path / "static" / "web" / "site.css").is_file()


def test_a_static_root_built_at_install_is_not_built_again_by_serve(settings, tmp_path, monkeypatch):
    from fudao.cli.serve import collect_static

    monkeypatch.setenv("FUDAO_STATIC_ROOT", str(tmp_path / "built"))
    settings.STATIC_ROOT = tmp_path / "built"
    collect_static(force=True)  # `fudao static`, at install
    css = tmp_path / "built" / "web" / "site.css"
    css.write_text("/* as installed */")
    collect_static()  # `fudao serve` on each host: the installed build is kept
    assert css.read_text() == "/* as installed */"
    css.unlink()
    collect_static()  # an empty or broken folder is built
    assert css.is_file() and css.read_text() != "/* as installed */"


def test_a_refused_form_shows_the_403_page(rf, db):
    from django.template.loader import render_to_string

    request = rf.get("/")
    csrf = render_to_string("403_csrf.html", {"reason": "CSRF token missing."}, request=request)
    plain = render_to_string("403.html", request=request)
    assert "請重新整理頁面後再送出" in csrf
    assert "請重新整理頁面後再送出" not in plain
    assert "沒有權限" in plain and "沒有權限" not in csrf
    # One frame for both refusals: the same links back, in the site's layout.
    for shared in ("回到首頁", "瀏覽輔導措施", 'id="refusal"', "site-header"):
        assert shared in csrf and shared in plain
