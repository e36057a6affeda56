"""Files on a case and on its activities (DESIGN "Case files and messages"): PDF, images and
Office files, their type checked by their content (`filetype`, magic numbers) against the
name's extension, at most `FUDAO_ATTACHMENT_MAX_BYTES` each, kept in the attachments storage
(`STORAGES["attachments"]`: a folder of the data folder, or object storage through
django-storages). Each is written with the case's history row in one transaction; a refused
file writes nothing."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import unicodedata
import uuid
from dataclasses import dataclass
from typing import IO, Any

import filetype
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages
from django.db import transaction
from django.utils import timezone

from fudao.accounts.actors import Actor
from fudao.cases import history, policy
from fudao.cases.ledger import CaseError, history_row, locked, require
from fudao.cases.models import Activity, Attachment, Case
from fudao.errors import Invalid

# extension → (the types filetype may read from the content, the content type served)
ALLOWED: dict[str, tuple[frozenset[str], str]] = {
    "pdf": (frozenset({"pdf"}), "application/pdf"),
    "jpg": (frozenset({"jpg"}), "image/jpeg"),
    "jpeg": (frozenset({"jpg"}), "image/jpeg"),
    "png": (frozenset({"png"}), "image/png"),
    "gif": (frozenset({"gif"}), "image/gif"),
    "webp": (frozenset({"webp"}), "image/webp"),
    "tif": (frozenset({"tif"}), "image/tiff"),
    "tiff": (frozenset({"tif"}), "image/tiff"),
    "bmp": (frozenset({"bmp"}), "image/bmp"),
    "heic": (frozenset({"heic"}), "image/heic"),
    "docx": (frozenset({"docx"}), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xlsx": (frozenset({"xlsx"}), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "pptx": (frozenset({"pptx"}), "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    "odt": (frozenset({"odt"}), "application/vnd.oasis.opendocument.text"),
    "ods": (frozenset({"ods"}), "application/vnd.oasis.opendocument.spreadsheet"),
    "odp": (frozenset({"odp"}), "application/vnd.oasis.opendocument.presentation"),
    # The older Office formats share one container (OLE2); its header is checked below.
    "doc": (frozenset({"doc", "ole"}), "application/msword"),
    "xls": (frozenset({"xls", "ole"}), "application/vnd.ms-excel"),
    "ppt": (frozenset({"ppt", "ole"}), "application/vnd.ms-powerpoint"),
}
OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
KIND_NAMES = {"zip": "ZIP 壓縮檔", "rar": "RAR 壓縮檔", "7z": "7z 壓縮檔", "gz": "gzip 壓縮檔",
              "tar": "tar 封存檔", "exe": "Windows 執行檔", "elf": "執行檔", "deb": "安裝套件",
              "rpm": "安裝套件", "cab": "安裝封存檔", "wasm": "程式檔", "sqlite": "資料庫檔"}
MAX_NAME = 200


class AttachmentError(Invalid):
    """A file that cannot be kept; the message (zh-TW) says why (the API answers 400)."""


class AttachmentTooLarge(AttachmentError):
    """A file over the size limit (the API answers 413)."""

    status = 413


@dataclass(frozen=True)
class Upload:
    """A file as received: the name the sender gave and its bytes."""

    name: str
    content: bytes


def max_bytes() -> int:
    """The size limit of one file, in bytes (`FUDAO_ATTACHMENT_MAX_MB`)."""
    return int(getattr(settings, "FUDAO_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024))


def storage() -> Storage:
    """The attachments' storage."""
    return storages["attachments"]


def read_upload(name: str, stream: IO[bytes]) -> Upload:
    """An upload read from `stream`, at most one byte over the limit (AttachmentTooLarge)."""
    limit = max_bytes()
    content = stream.read(limit + 1)
    if len(content) > limit:
        raise AttachmentTooLarge(f"檔案「{clean_name(name)}」超過大小上限 {limit // (1024 * 1024)} MB")
    return Upload(name=name, content=content)


def clean_name(name: str) -> str:
    """The file's own name (no folders, no control characters), at most 200 characters."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in unicodedata.normalize("NFC", base) if unicodedata.category(ch)[0] != "C")
    base = base.strip().strip(".")
    if len(base) > MAX_NAME:
        stem, _, ext = base.rpartition(".")
        base = stem[:MAX_NAME - len(ext) - 1] + "." + ext if stem and len(ext) <= 10 else base[:MAX_NAME]
    return base


def check_upload(upload: Upload) -> tuple[str, str]:
    """(clean name, content type) of an acceptable file, or AttachmentError naming what is wrong:
    empty, over the limit, a type not accepted, or content that is not what its name says."""
    name = clean_name(upload.name)
    if not name:
        raise AttachmentError("檔案沒有檔名")
    size = len(upload.content)
    if size == 0:
        raise AttachmentError(f"檔案「{name}」是空的")
    if size > max_bytes():
        raise AttachmentTooLarge(f"檔案「{name}」超過大小上限 {max_bytes() // (1024 * 1024)} MB")
    ext = name.rpartition(".")[2].lower() if "." in name else ""
    found = filetype.guess_extension(upload.content[:8192])
    if found is None and upload.content.startswith(OLE_MAGIC):
        found = "ole"
    if ext not in ALLOWED:
        what = KIND_NAMES.get(found or "", "")
        raise AttachmentError(f"不接受這種檔案：「{name}」" + (f"（{what}）" if what else "")
                              + "；可上傳 PDF、圖片（JPG、PNG…）或 Office 文件（Word、Excel、PowerPoint、ODF）")
    kinds, content_type = ALLOWED[ext]
    if found not in kinds:
        seen = KIND_NAMES.get(found or "", "無法辨識的內容" if found is None else f"{found} 檔")
        raise AttachmentError(f"檔案「{name}」的內容與副檔名 .{ext} 不符（內容為{seen}），不予接受")
    return name, content_type


def store(*, case: Case, uploads: list[Upload], by: Actor, when: dt.datetime, saved: list[str],
          activity: Activity | None = None) -> list[Attachment]:
    """Check and keep files on a case the caller has locked and may change, inside the caller's
    transaction, each with its history row. Every file is checked before any is written; the
    storage names written are appended to `saved`, for the caller to `discard` when its
    transaction does not commit."""
    checked = [(check_upload(u), u) for u in uploads]
    files = storage()
    rows = []
    for (name, content_type), upload in checked:
        ext = name.rpartition(".")[2].lower()
        stored = files.save(f"cases/{case.case_no}/{uuid.uuid4().hex}.{ext}", ContentFile(upload.content))
        saved.append(stored)
        row = Attachment.objects.create(
            case=case, activity=activity, name=name, content_type=content_type,
            size=len(upload.content), sha256=hashlib.sha256(upload.content).hexdigest(),
            storage_name=stored, at=when, by_id=by.user_id, by_name=by.label)
        history_row(case, by, when, *history.attachment_added(row.pk, name)).save()
        rows.append(row)
    return rows


def discard(saved: list[str]) -> None:
    """Remove files written by `store` whose transaction did not commit."""
    files = storage()
    for name in saved:
        with contextlib.suppress(OSError):
            files.delete(name)


def add_attachment(*, case_no: str, by: Actor, upload: Upload | None, activity_id: int | None = None,
                   at: dt.datetime | None = None) -> Attachment:
    """Keep one file on a case (on one of its activities with `activity_id`), with its history
    row, in one transaction; CaseError (zh-TW) or AttachmentError, and nothing written, when
    it cannot be kept (`upload` None: no file was sent)."""
    saved: list[str] = []
    try:
        with transaction.atomic():
            case = locked(case_no, by)
            require(policy.can_change(by, case))
            if upload is None:
                raise AttachmentError("缺少檔案 file（multipart/form-data）")
            check_upload(upload)
            activity = None
            if activity_id is not None:
                activity = Activity.objects.filter(pk=activity_id, case=case).first()
                if activity is None:
                    raise CaseError(f"案件「{case_no}」沒有編號 {activity_id} 的活動")
            rows = store(case=case, uploads=[upload], by=by, when=at or timezone.now(),
                         saved=saved, activity=activity)
    except BaseException:
        discard(saved)
        raise
    return rows[0]


def attachment_json(a: Attachment) -> dict[str, Any]:
    """One attachment as DESIGN's `{"id", "name", "type", "bytes", "at", "by"}` (with the
    activity it belongs to, or None)."""
    return {"id": a.pk, "name": a.name, "type": a.content_type, "bytes": a.size,
            "at": timezone.localtime(a.at).isoformat(), "by": a.by_name or None,
            "activity": a.activity_id}
