"""The desk's forms: intake, the public inquiry, the case list's filters, the status lookup and the
case page's actions. They check the shape of the input; the services decide the rest."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from fudao.cases.vocabulary import (
    CHANNELS,
    CLOSING_REASONS,
    KINDS,
    MESSAGE_KINDS,
    STATUSES,
    choices,
)
from fudao.enterprises.services import EnterpriseError, check_ubn
from fudao.rules.profile import FACTS
from fudao.validation import COUNTIES as VALID_COUNTIES

COUNTIES = list(VALID_COUNTIES)  # the 22, as the validation layer knows them
NEED_CHOICES = list(FACTS["needs"].choices)
LOG_TYPES = [("call", "電話"), ("email", "電子郵件"), ("note", "備註")]
DIRECTIONS = [("", "（不註明）"), ("in", "來電／來信"), ("out", "去電／去信")]
BLANK = [("", "全部")]


def _ubn(value: str) -> str:
    value = (value or "").strip()
    if not value:
        return ""
    try:
        return check_ubn(value)
    except EnterpriseError as exc:
        raise forms.ValidationError(str(exc)) from None


class _Form(forms.Form):
    """A form whose fields get short ids (f-<name>) and whose errors are zh-TW."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "f-%s")
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def error_text(self) -> str:
        """Every error as one zh-TW sentence naming its field."""
        parts = []
        for name, errors in self.errors.items():
            label = self.fields[name].label if name in self.fields else ""
            for error in errors:
                parts.append(f"{label}：{error}" if label else str(error))
        return "；".join(parts)


class IntakeForm(_Form):
    """What a consultant fills in while on the phone."""

    channel = forms.ChoiceField(label="來源", choices=choices(CHANNELS), initial="hotline")
    kind = forms.ChoiceField(label="類別", choices=choices(KINDS), initial="inquiry")
    ubn = forms.CharField(label="統一編號", required=False, max_length=20)
    enterprise_name = forms.CharField(label="企業名稱", required=False, max_length=200)
    county = forms.CharField(label="所在縣市", required=False, max_length=20)
    contact_name = forms.CharField(label="聯絡人", required=False, max_length=100)
    contact_phone = forms.CharField(label="聯絡電話", required=False, max_length=40)
    contact_email = forms.CharField(label="電子郵件", required=False, max_length=254)
    consent = forms.BooleanField(label="聯絡人同意本中心後續聯繫", required=False)
    needs = forms.MultipleChoiceField(label="需要協助的項目", required=False, choices=NEED_CHOICES,
                                      widget=forms.CheckboxSelectMultiple)
    summary = forms.CharField(label="諮詢內容摘要", required=False, max_length=8000,
                              widget=forms.Textarea(attrs={"rows": 5}))
    assign_to_me = forms.BooleanField(label="由我承辦", required=False, initial=True)

    def clean_ubn(self) -> str:
        """The 統一編號, checksum-validated when given."""
        return _ubn(self.cleaned_data.get("ubn", ""))

    def clean(self) -> dict[str, Any]:
        """An intake names an enterprise, a contact or what was asked: an empty one is refused."""
        data = super().clean() or {}
        said = ("ubn", "enterprise_name", "contact_name", "contact_phone", "contact_email", "summary")
        if not any((data.get(k) or "").strip() for k in said) and not self.errors:
            raise forms.ValidationError(
                "請至少填寫統一編號或企業名稱、聯絡人或聯絡電話、或諮詢內容摘要，才能開案")
        return data


class InquiryForm(_Form):
    """The public inquiry: who asks, how to reach them, and the question."""

    name = forms.CharField(label="姓名", max_length=100)
    org = forms.CharField(label="公司或單位名稱", max_length=200)
    ubn = forms.CharField(label="統一編號（選填）", required=False, max_length=20)
    phone = forms.CharField(label="聯絡電話", max_length=40)
    email = forms.CharField(label="電子郵件（選填）", required=False, max_length=254)
    county = forms.ChoiceField(label="公司所在縣市（由該區服務中心協助）", required=False,
                               choices=[("", "（請選擇）"), *[(c, c) for c in COUNTIES]])
    needs = forms.MultipleChoiceField(label="需要協助的項目（可複選）", required=False,
                                      choices=NEED_CHOICES, widget=forms.CheckboxSelectMultiple)
    question = forms.CharField(label="您的問題", max_length=4000, widget=forms.Textarea(attrs={"rows": 6}))
    consent = forms.BooleanField(label="我同意服務中心以上述電話或電子郵件與我聯繫")
    # The eligibility check's answers (profile JSON) when the inquiry is made from its results.
    check_answers = forms.CharField(label="資格檢測資料", required=False, widget=forms.HiddenInput, max_length=8000)

    def clean_ubn(self) -> str:
        """The 統一編號, checksum-validated when given."""
        return _ubn(self.cleaned_data.get("ubn", ""))

    def clean_check_answers(self) -> dict[str, Any]:
        """The check's facts as the profile vocabulary reads them ({} when none)."""
        from django.http import QueryDict

        from fudao.rules.profile import ProfileError
        from fudao.web.questionnaire import read_state

        raw = self.cleaned_data.get("check_answers") or ""
        if not raw.strip():
            return {}
        data = QueryDict(mutable=True)
        data["answers"] = raw
        try:
            return read_state(data).answers
        except ProfileError:
            raise forms.ValidationError("資格檢測的資料已損毀，請重新檢測或直接填寫問題") from None


class StatusForm(_Form):
    """The public status lookup."""

    case_no = forms.CharField(label="案號", max_length=12)
    last4 = forms.RegexField(label="聯絡電話末 4 碼", regex=r"^\d{4}$", max_length=4,
                             error_messages={"invalid": "請輸入 4 位數字"})


class CaseFilterForm(_Form):
    """The case list's filters (all optional)."""

    status = forms.ChoiceField(label="狀態", required=False, choices=BLANK + choices(STATUSES))
    kind = forms.ChoiceField(label="類別", required=False, choices=BLANK + choices(KINDS))
    channel = forms.ChoiceField(label="來源", required=False, choices=BLANK + choices(CHANNELS))
    team = forms.ChoiceField(label="團隊", required=False, choices=BLANK)
    assignee = forms.CharField(label="承辦人帳號（- 表示未指派）", required=False, max_length=150)
    overdue = forms.BooleanField(label="只看逾期", required=False)
    opened_from = forms.DateField(label="受理日起", required=False)
    opened_to = forms.DateField(label="受理日迄", required=False)
    q = forms.CharField(label="關鍵字（案號、統一編號、企業名稱、摘要）", required=False, max_length=100)
    page = forms.IntegerField(label="頁次", required=False, min_value=1, max_value=100000)

    def __init__(self, *args: Any, teams: list[tuple[str, str]] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = BLANK + list(teams)  # type: ignore[attr-defined]
        for name in ("opened_from", "opened_to"):
            self.fields[name].widget.input_type = "date"  # type: ignore[attr-defined]


class StatusChangeForm(_Form):
    """A status change on the case page (resolving and closing take a reason)."""

    status = forms.ChoiceField(label="新狀態", choices=choices(STATUSES))
    reason = forms.ChoiceField(label="結案原因（改為已解決或已結案時必填）", required=False,
                               choices=[("", "（請選擇）"), *choices(CLOSING_REASONS)])


class MessageForm(_Form):
    """A message to the enterprise on the case page."""

    kind = forms.ChoiceField(label="訊息種類", choices=choices(MESSAGE_KINDS), initial="request_info")
    text = forms.CharField(label="訊息內容", max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 4}))


class AttachmentForm(_Form):
    """A file uploaded on the case page."""

    file = forms.FileField(label="檔案（PDF、圖片或 Office 文件）")


class ReplyForm(_Form):
    """The enterprise's reply through its private link."""

    text = forms.CharField(label="回覆內容", max_length=4000, required=False,
                           widget=forms.Textarea(attrs={"rows": 6}))


class AssignForm(_Form):
    """An assignment on the case page ('' unassigns)."""

    assignee = forms.CharField(label="承辦人", required=False, max_length=150)


class LogForm(_Form):
    """A call, e-mail or note logged on the case page."""

    type = forms.ChoiceField(label="類型", choices=LOG_TYPES, initial="call")
    direction = forms.ChoiceField(label="方向", choices=DIRECTIONS, required=False)
    text = forms.CharField(label="內容", max_length=4000, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))
    at = forms.DateTimeField(label="時間（空白為現在）", required=False,
                             input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
                             widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))

    def data_for_service(self) -> dict[str, Any]:
        """The activity's data as `log_activity` takes it."""
        data: dict[str, Any] = {"text": self.cleaned_data.get("text") or ""}
        if self.cleaned_data.get("direction"):
            data["direction"] = self.cleaned_data["direction"]
        return data

    def when(self) -> dt.datetime | None:
        """The instant given, as Taipei time, or None for now."""
        at = self.cleaned_data.get("at")
        if at is None:
            return None
        return at if timezone.is_aware(at) else timezone.make_aware(at)


class MeasureForm(_Form):
    """A measure to attach from the triage panel."""

    measure_id = forms.CharField(label="措施", max_length=120)


class MergeForm(_Form):
    """The case to merge this one into."""

    into = forms.CharField(label="併入案號", max_length=12)
