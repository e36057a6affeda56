"""Files on a case (DESIGN "Case files and messages"): PDFs, images and Office files kept by
content type, ZIPs, executables and renamed content refused in zh-TW, the size limit as 413,
served only to who may see the case, listed in the case JSON, the same through the API, the
CLI and the case page, carried by `fudao backup` / `fudao restore` (tests/production/test_backup.py)."""

from __future__ import annotations

import io
import zipfile

import pytest
from deskkit import error_of

from fudao.cases.models import Attachment, HistoryEntry

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = bytes.fromhex("89504E470D0A1A0A0000000D49484452000000010000000108060000001F15C4890000000D49444154789C6360000000000500010D0A2DB40000000049454E44AE426082")


@pytest.fixture(autouse=True)
def files_in(tmp_path, settings):
    """Each test's attachments storage is a folder of its own."""
    settings.STORAGES = {**settings.STORAGES, "attachments": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path / "attachments")}}}
    return tmp_path / "attachments"


def _zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("a.txt", "hello")
    return out.getvalue()


def _docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("營收衰退證明")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _upload(client, case_no, name, content, auth, **extra):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(f"/api/cases/{case_no}/attachments",
                       {"file": SimpleUploadedFile(name, content), **extra}, **auth)


def _state():
    return Attachment.objects.count(), HistoryEntry.objects.count()


def test_pdf_image_and_docx_are_kept_listed_and_served(client, desk, files_in):
    case_no, auth = desk.cases["mine"], desk.auth("cons_n")
    made = []
    for name, content, kind in [("營收證明.pdf", PDF, "application/pdf"), ("廠房.png", PNG, "image/png"),
                                ("財務報表.docx", _docx(), "wordprocessingml")]:
        answer = _upload(client, case_no, name, content, auth)
        assert answer.status_code == 201, answer.content.decode()
        body = answer.json()
        assert body["name"] == name and body["bytes"] == len(content) and kind in body["type"]
        made.append((body["id"], content))
    doc = client.get(f"/api/cases/{case_no}", **auth).json()
    assert [a["name"] for a in doc["attachments"]] == ["營收證明.pdf", "廠房.png", "財務報表.docx"]
    assert {"id", "name", "type", "bytes", "at", "by"} <= set(doc["attachments"][0])
    assert doc["attachments"][0]["by"] == "cons_n"
    assert sum(h["field"] == "attachment" for h in doc["history"]) == 3
    for attachment_id, content in made:
        got = client.get(f"/api/cases/{case_no}/attachments/{attachment_id}", **auth)
        assert got.status_code == 200 and b"".join(got.streaming_content) == content
        assert got["Content-Disposition"].startswith("attachment")
    assert len(list(files_in.rglob("*.*"))) == 3  # the bytes are in the storage folder
    listed = client.get(f"/api/cases/{case_no}/attachments", **auth).json()["attachments"]
    assert [a["id"] for a in listed] == [m[0] for m in made]


@pytest.mark.parametrize(("name", "content", "words"), [
    ("資料.zip", _zip(), "不接受這種檔案"),
    ("報表.pdf", _zip(), "內容與副檔名 .pdf 不符（內容為ZIP 壓縮檔）"),
    ("財報.docx", _zip(), "內容與副檔名 .docx 不符"),
    ("setup.exe", b"MZ\x90\x00" + b"\x00" * 400, "不接受這種檔案"),
    ("說明.pdf", b"MZ\x90\x00" + b"\x00" * 400, "內容為Windows 執行檔"),
    ("照片.jpg", PDF, "內容與副檔名 .jpg 不符"),
    ("notes.txt", b"hello", "不接受這種檔案"),
    ("空.pdf", b"", "是空的"),
])
def test_refused_types_are_400_and_write_nothing(client, desk, files_in, name, content, words):
    before = _state()
    answer = _upload(client, desk.cases["mine"], name, content, desk.auth("cons_n"))
    assert words in error_of(answer, 400)
    assert _state() == before
    assert not files_in.exists() or not list(files_in.rglob("*.*"))


def test_over_the_limit_is_413(client, desk, settings, files_in):
    settings.FUDAO_ATTACHMENT_MAX_BYTES = 2048
    before = _state()
    big = PDF + b"0" * 4096
    assert "超過大小上限" in error_of(_upload(client, desk.cases["mine"], "大.pdf", big, desk.auth("cons_n")), 413)
    assert _state() == before
    # a body far over every limit is refused before it is read
    huge = client.post(f"/api/cases/{desk.cases['mine']}/attachments", data=b"x",
                       content_type="application/octet-stream", CONTENT_LENGTH=str(50 * 1024 * 1024),
                       **desk.auth("cons_n"))
    assert huge.status_code == 413


def test_files_are_served_only_to_who_may_see_the_case(client, desk):
    case_no = desk.cases["mine"]
    attachment_id = _upload(client, case_no, "a.pdf", PDF, desk.auth("cons_n")).json()["id"]
    other = desk.cases["south"]
    other_id = _upload(client, other, "b.pdf", PDF, desk.auth("cons_s")).json()["id"]
    url = f"/api/cases/{case_no}/attachments/{attachment_id}"
    assert client.get(url, **desk.auth("cons_s")).status_code == 404
    assert client.get(url, **desk.auth("sup_s")).status_code == 404
    assert client.get(url, **desk.auth("ana")).status_code == 200  # analysts read every case
    assert client.get(url).status_code == 401
    # a file of another case is not found through this case
    assert client.get(f"/api/cases/{case_no}/attachments/{other_id}", **desk.auth("adm")).status_code == 404
    assert client.get(f"/api/cases/{case_no}/attachments", **desk.auth("cons_s")).status_code == 404
    # analysts may read but not add
    assert _upload(client, case_no, "c.pdf", PDF, desk.auth("ana")).status_code == 403
    # the desk's download link follows the same rule
    client.force_login(_user("cons_s"))
    assert client.get(f"/desk/cases/{case_no}/attachments/{attachment_id}").status_code == 404


def _user(username):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)


def test_file_on_an_activity(client, desk):
    from fudao.accounts.actors import LOCAL
    from fudao.cases.services import log_activity

    case_no, auth = desk.cases["mine"], desk.auth("cons_n")
    call = log_activity(case_no=case_no, type="call", by=LOCAL, data={"text": "請提供報表"})
    made = _upload(client, case_no, "報表.pdf", PDF, auth, activity=str(call.pk))
    assert made.status_code == 201
    doc = client.get(f"/api/cases/{case_no}", **auth).json()
    on_call = next(a for a in doc["activities"] if a["id"] == call.pk)
    assert [f["name"] for f in on_call["attachments"]] == ["報表.pdf"]
    assert doc["attachments"][0]["activity"] == call.pk
    other = log_activity(case_no=desk.cases["south"], type="note", by=LOCAL, data={"text": "x"})
    assert "沒有編號" in error_of(_upload(client, case_no, "x.pdf", PDF, auth, activity=str(other.pk)), 400)


def test_case_page_upload_and_download(client, desk):
    case_no = desk.cases["mine"]
    client.force_login(_user("cons_n"))
    from django.core.files.uploadedfile import SimpleUploadedFile

    page = client.post(f"/desk/cases/{case_no}/attachments",
                       {"file": SimpleUploadedFile("營收證明.pdf", PDF)}, follow=True)
    assert "已附加檔案「營收證明.pdf」" in page.content.decode()
    assert "營收證明.pdf" in page.content.decode()
    refused = client.post(f"/desk/cases/{case_no}/attachments",
                          {"file": SimpleUploadedFile("壓縮.zip", _zip())}, follow=True)
    assert "不接受這種檔案" in refused.content.decode()
    row = Attachment.objects.get(case__case_no=case_no)
    got = client.get(f"/desk/cases/{case_no}/attachments/{row.pk}")
    assert got.status_code == 200 and b"".join(got.streaming_content) == PDF


def test_cli_attach_a_file_or_a_measure(cli, desk, tmp_path):
    case_no = desk.cases["mine"]
    pdf = tmp_path / "證明.pdf"
    pdf.write_bytes(PDF)
    code, out, err = cli("cases", "attach", case_no, str(pdf), "--as", "cons_n", "--json")
    assert code == 0, err
    assert '"name": "證明.pdf"' in out
    fake = tmp_path / "fake.pdf"
    fake.write_bytes(_zip())
    code, out, err = cli("cases", "attach", case_no, str(fake), "--as", "cons_n")
    assert code == 2 and err.startswith("錯誤：") and "內容與副檔名 .pdf 不符" in err
    code, out, err = cli("cases", "attach", case_no, str(tmp_path / "missing.pdf"))
    assert code == 2 and "找不到檔案" in err
    code, out, err = cli("cases", "attach", desk.cases["south"], str(pdf), "--as", "cons_n")
    assert code == 2 and "找不到案件" in err
    assert Attachment.objects.count() == 1
