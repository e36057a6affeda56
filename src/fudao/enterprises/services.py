"""Writes of enterprises: validated upserts of the profile facts and of contact persons."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from fudao.enterprises.models import Contact, Enterprise
from fudao.errors import Invalid
from fudao.rules.profile import INPUT_FACTS, ProfileError, parse_profile
from fudao.validation import check_text
from fudao.zhtext.ubn import is_valid_ubn

FACT_COLUMNS = [k for k in INPUT_FACTS if k != "ubn"]
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class EnterpriseError(Invalid):
    """Bad enterprise data; the message (zh-TW) names the field."""


@dataclass(frozen=True)
class ContactInput:
    """A contact person as given on intake or in an import."""

    name: str = ""
    title: str = ""
    phone: str = ""
    email: str = ""
    consent_to_contact: bool = False
    consent_at: datetime | None = None


def phone_digits(phone: str) -> str:
    """The digits of a phone number without an extension (`(02)2754-1255#12` → 0227541255)."""
    main = re.split(r"#|＃|分機|轉|ext", phone, maxsplit=1, flags=re.IGNORECASE)[0]
    digits = re.sub(r"\D", "", main)
    return "0" + digits[3:] if digits.startswith("886") else digits


def check_ubn(ubn: str) -> str:
    """The 統一編號 stripped, or EnterpriseError when its format or checksum is wrong."""
    value = (ubn or "").strip()
    if not is_valid_ubn(value):
        raise EnterpriseError(f"統一編號「{value}」格式或檢查碼錯誤：須為 8 位數字且通過檢查")
    return value


def check_contact(contact: ContactInput) -> ContactInput:
    """The contact with its phone and e-mail checked, or EnterpriseError naming the field."""
    try:
        for label, text in (("聯絡人姓名", contact.name), ("聯絡人職稱", contact.title),
                            ("聯絡電話", contact.phone), ("電子郵件", contact.email)):
            check_text(text, label)
    except Invalid as exc:
        raise EnterpriseError(str(exc)) from None
    if contact.phone and len(phone_digits(contact.phone)) < 8:
        raise EnterpriseError(f"聯絡電話「{contact.phone}」格式不正確（請含區碼，例如 02-2345-6789）")
    if contact.email and not EMAIL.match(contact.email):
        raise EnterpriseError(f"電子郵件「{contact.email}」格式不正確")
    if len(contact.name) > 100:
        raise EnterpriseError("聯絡人姓名過長（上限 100 字）")
    return contact


def clean_facts(data: dict[str, Any]) -> dict[str, Any]:
    """The given profile facts validated by the profile vocabulary (unknown keys refused)."""
    facts = {k: v for k, v in data.items() if v is not None and v != ""}
    try:
        profile = parse_profile(facts)
    except ProfileError as exc:
        raise EnterpriseError(str(exc)) from None
    return {k: v for k, v in profile.model_dump().items() if k in facts and k != "ubn"}


def upsert_enterprise(*, ubn: str, facts: dict[str, Any] | None = None,
                      contact: ContactInput | None = None) -> tuple[Enterprise, bool]:
    """The enterprise with this 統一編號, created or updated with the facts given (facts not
    given are left as they are); a new contact is added unless one with that phone exists."""
    key = check_ubn(ubn)
    values = clean_facts(facts or {})
    if contact is not None:
        check_contact(contact)
    with transaction.atomic():
        enterprise, created = Enterprise.objects.get_or_create(ubn=key, defaults=values)
        if not created and values:
            changed = {k: v for k, v in values.items() if getattr(enterprise, k) != v}
            if changed:
                for k, v in changed.items():
                    setattr(enterprise, k, v)
                enterprise.save(update_fields=[*changed, "updated_at"])
        if contact is not None and (contact.phone or contact.email or contact.name):
            add_contact(enterprise=enterprise, contact=contact)
    return enterprise, created


def link_enterprise(*, ubn: str, facts: dict[str, Any] | None = None) -> tuple[Enterprise, bool]:
    """The enterprise with this 統一編號 for a caller who may not change its record (an
    anonymous visitor): one on record is returned as it is (facts and contacts untouched);
    only when none exists is it created, with the facts given and no contact."""
    key = check_ubn(ubn)
    values = clean_facts(facts or {})
    with transaction.atomic():
        found = Enterprise.objects.filter(ubn=key).first()
        if found is not None:
            return found, False
        return Enterprise.objects.get_or_create(ubn=key, defaults=values)


def add_contact(*, enterprise: Enterprise, contact: ContactInput) -> Contact:
    """Add a contact person (or refresh the one with the same phone or e-mail)."""
    digits = phone_digits(contact.phone) if contact.phone else ""
    existing = None
    if digits:
        existing = enterprise.contacts.filter(phone_digits=digits).first()
    elif contact.email:
        existing = enterprise.contacts.filter(email__iexact=contact.email).first()
    consent_at = contact.consent_at or (timezone.now() if contact.consent_to_contact else None)
    fields = {"name": contact.name, "title": contact.title, "phone": contact.phone,
              "phone_digits": digits, "email": contact.email,
              "consent_to_contact": contact.consent_to_contact, "consent_at": consent_at}
    if existing is None:
        return Contact.objects.create(enterprise=enterprise, **fields)
    for k, v in fields.items():
        if v not in ("", None) or k in ("consent_to_contact", "consent_at"):
            setattr(existing, k, v)
    existing.save()
    return existing
