"""Reads of enterprises: by 統一編號, by phone, as a profile for `match`, and the address to write to."""

from __future__ import annotations

from typing import Any

from fudao.enterprises.models import Enterprise
from fudao.enterprises.services import FACT_COLUMNS, phone_digits


def by_ubn(ubn: str) -> Enterprise | None:
    """The enterprise with this 統一編號, or None."""
    return Enterprise.objects.filter(ubn=(ubn or "").strip()).first()


def by_phone(phone: str) -> list[Enterprise]:
    """Enterprises one of whose contacts has this phone number."""
    digits = phone_digits(phone or "")
    if len(digits) < 8:
        return []
    return list(Enterprise.objects.filter(contacts__phone_digits=digits).distinct()[:5])


def profile_of(enterprise: Enterprise) -> dict[str, Any]:
    """The enterprise's known facts as a `match` profile (unknown facts left out)."""
    profile: dict[str, Any] = {"ubn": enterprise.ubn}
    for key in FACT_COLUMNS:
        value = getattr(enterprise, key)
        if value is None:
            continue
        if key in ("paid_in_capital_twd", "annual_revenue_twd") and float(value).is_integer():
            value = int(value)
        profile[key] = value
    return profile


def consenting_email(enterprise: Enterprise) -> str:
    """The e-mail address of the contact who most recently agreed to be contacted, or ""."""
    contact = (enterprise.contacts.filter(consent_to_contact=True).exclude(email="")
               .order_by("-consent_at", "-id").first())
    return contact.email if contact else ""
