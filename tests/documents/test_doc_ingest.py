"""The ingest service against the store: idempotence, replacement, atomicity, signals, bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
from dochelpers import SAMPLE_LINES

from fudao.documents.models import Document, DocumentVersion, ExtractedValue, Passage, Section
from fudao.documents.services import ingest_paths
from fudao.documents.signals import ingest_finished, version_stored, version_unchanged

pytestmark = [pytest.mark.store, pytest.mark.django_db]


def _write(folder: Path, name: str, lines: list[str], encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


def _current(stem: str) -> DocumentVersion:
    return DocumentVersion.objects.get(document__stem=stem, is_current=True)


def test_added_then_unchanged(tmp_path):
    path = _write(tmp_path, "zz_sample_a.txt", SAMPLE_LINES)
    first = ingest_paths([path])
    (result,) = first.results
    assert result.status == "added"
    assert result.sections == Section.objects.filter(version__document__stem="zz_sample_a").count() > 0
    assert result.passages == Passage.objects.filter(version__document__stem="zz_sample_a").count() > 0
    version = _current("zz_sample_a")
    second = ingest_paths([path])
    assert [r.status for r in second.results] == ["unchanged"]
    assert second.results[0].passages == result.passages
    assert _current("zz_sample_a").pk == version.pk
    assert second.changed_versions == []


def test_changed_file_replaces_old_version(tmp_path):
    path = _write(tmp_path, "zz_sample_b.txt", SAMPLE_LINES)
    ingest_paths([path])
    old = _current("zz_sample_b")
    _write(tmp_path, "zz_sample_b.txt", [*SAMPLE_LINES, "參、附則", "本須知自公告日起實施。"])
    report = ingest_paths([path])
    assert [r.status for r in report.results] == ["updated"]
    new = _current("zz_sample_b")
    assert new.pk != old.pk
    assert DocumentVersion.objects.filter(document__stem="zz_sample_b").count() == 1
    assert not Passage.objects.filter(version_id=old.pk).exists()
    titles = list(new.sections.filter(level=1).values_list("title", flat=True))
    assert titles == ["計畫緣起", "補助內容", "附則"]
    assert report.changed_versions == [new.pk]


def test_stored_rows_cite_original_lines(tmp_path):
    path = _write(tmp_path, "zz_sample_c.txt", SAMPLE_LINES)
    ingest_paths([path])
    version = _current("zz_sample_c")
    assert version.line_count == len(SAMPLE_LINES)
    passage = version.passages.get(text__contains="設備導入")
    assert passage.section_path[0] == "補助內容"
    assert "設備導入" in "".join(version.lines(passage.line_start, passage.line_end))
    section = version.sections.get(title="補助項目")
    assert section.parent is not None and section.parent.title == "補助內容"
    assert section.title_path == ["補助內容", "補助項目"]


def test_values_stored_with_their_line(tmp_path):
    path = _write(tmp_path, "zz_sample_d.txt", SAMPLE_LINES)
    ingest_paths([path])
    values = ExtractedValue.objects.filter(passage__version__document__stem="zz_sample_d")
    phone = values.get(kind="phone")
    assert phone.line == SAMPLE_LINES.index("聯絡電話：(02)2345-6789 分機 101。") + 1
    amount = values.filter(kind="amount").first()
    assert amount is not None and amount.value.get("twd") == 300000


def test_failing_receiver_leaves_old_version_whole(tmp_path):
    path = _write(tmp_path, "zz_sample_e.txt", SAMPLE_LINES)
    ingest_paths([path])
    old = _current("zz_sample_e")
    old_passages = list(old.passages.values_list("text", flat=True))

    def explode(sender, version, publish, **kwargs):
        raise RuntimeError("receiver failed")

    _write(tmp_path, "zz_sample_e.txt", [*SAMPLE_LINES, "參、附則"])
    version_stored.connect(explode, dispatch_uid="test-explode")
    try:
        report = ingest_paths([path])
    finally:
        version_stored.disconnect(dispatch_uid="test-explode")
    assert report.results[0].status == "error"
    assert "寫入資料庫失敗" in report.results[0].error
    current = _current("zz_sample_e")
    assert current.pk == old.pk
    assert list(current.passages.values_list("text", flat=True)) == old_passages


def test_signals(tmp_path, django_capture_on_commit_callbacks):
    stored: list[tuple[int, bool]] = []
    unchanged: list[tuple[int, bool]] = []
    finished: list[list[int]] = []

    def on_stored(sender, version, publish, **kwargs):
        assert version.passages.exists()  # sections and passages are saved before the signal
        stored.append((version.pk, publish))

    def on_unchanged(sender, version, publish, **kwargs):
        unchanged.append((version.pk, publish))

    def on_finished(sender, changed_versions, **kwargs):
        finished.append(list(changed_versions))

    version_stored.connect(on_stored, dispatch_uid="test-stored")
    version_unchanged.connect(on_unchanged, dispatch_uid="test-unchanged")
    ingest_finished.connect(on_finished, dispatch_uid="test-finished")
    try:
        path = _write(tmp_path, "zz_sample_f.txt", SAMPLE_LINES)
        with django_capture_on_commit_callbacks(execute=True):
            ingest_paths([path], publish=True)
        with django_capture_on_commit_callbacks(execute=True):
            ingest_paths([path])
        with django_capture_on_commit_callbacks(execute=True):
            ingest_paths([path], publish=True)
    finally:
        version_stored.disconnect(dispatch_uid="test-stored")
        version_unchanged.disconnect(dispatch_uid="test-unchanged")
        ingest_finished.disconnect(dispatch_uid="test-finished")
    version = _current("zz_sample_f")
    assert stored == [(version.pk, True)]
    assert unchanged == [(version.pk, False), (version.pk, True)]
    assert finished == [[version.pk], [], []]


def test_bad_files_reported_and_others_ingested(tmp_path):
    good = _write(tmp_path, "zz_sample_g.txt", SAMPLE_LINES)
    big5 = _write(tmp_path, "zz_sample_h.txt", SAMPLE_LINES, encoding="big5")
    (tmp_path / "zz_empty.txt").write_bytes(b"")
    (tmp_path / "zz_binary.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "zz_sheet.xlsx").write_bytes(b"PK")
    report = ingest_paths([good, big5, tmp_path / "zz_empty.txt", tmp_path / "zz_binary.txt",
                           tmp_path / "zz_sheet.xlsx", tmp_path / "missing.txt"])
    statuses = {r.stem: (r.status, r.error) for r in report.results}
    assert statuses["zz_sample_g"][0] == statuses["zz_sample_h"][0] == "added"
    assert statuses["zz_empty"] == ("error", "檔案是空的")
    assert "二進位" in statuses["zz_binary"][1]
    assert "不支援的檔案格式" in statuses["zz_sheet"][1]
    assert statuses["missing"] == ("error", "找不到檔案或資料夾")
    assert not Document.objects.filter(stem__in=["zz_empty", "zz_binary", "zz_sheet", "missing"]).exists()
    assert _current("zz_sample_h").encoding == "cp950"


def test_size_limit(tmp_path):
    path = _write(tmp_path, "zz_sample_i.txt", SAMPLE_LINES * 50)
    report = ingest_paths([path], max_bytes=1024)
    assert report.results[0].status == "error"
    assert "檔案過大" in report.results[0].error
    assert not Document.objects.filter(stem="zz_sample_i").exists()


def test_folders_are_read_recursively(tmp_path):
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    _write(tmp_path / "a", "zz_sample_j.txt", SAMPLE_LINES)
    _write(nested, "zz_sample_k.md", SAMPLE_LINES)
    (nested / "notes.xyz").write_text("略過", encoding="utf-8")
    (tmp_path / ".hidden").mkdir()
    _write(tmp_path / ".hidden", "zz_hidden.txt", SAMPLE_LINES)
    report = ingest_paths([tmp_path])
    assert sorted(r.stem for r in report.results) == ["zz_sample_j", "zz_sample_k"]
    assert all(r.status == "added" for r in report.results)


def test_duplicate_stem_in_one_run(tmp_path):
    one = _write(tmp_path, "zz_same.txt", SAMPLE_LINES)
    two = _write(tmp_path, "zz_same.md", SAMPLE_LINES[:4])
    report = ingest_paths([one, two])
    assert [r.status for r in report.results] == ["added", "error"]
    assert "重複" in report.results[1].error


def test_stored_corpus_passages_quote_their_lines(corpus_db):
    """Provenance of what the store holds for the corpus (ingested once per session)."""
    from dochelpers import quotes_lines

    versions = DocumentVersion.objects.filter(is_current=True, document__stem__regex=r"^00[0-4]_")
    assert versions.count() == 5
    for version in versions:
        lines = version.original_text.splitlines()
        for passage in version.passages.all():
            assert quotes_lines(passage.text, lines[passage.line_start - 1 : passage.line_end])
