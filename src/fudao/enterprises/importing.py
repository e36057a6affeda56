"""`fudao import` of `enterprise` records: validated upserts by 統一編號, in chunks (one
transaction each), with the profile facts and an optional contact person."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from fudao.enterprises.models import Contact, Enterprise
from fudao.enterprises.services import (
    ContactInput,
    EnterpriseError,
    add_contact,
    check_contact,
    check_ubn,
    clean_facts,
    phone_digits,
)
from fudao.records import ImportResult, Record, T, chunked, yes_no
from fudao.rules.profile import FACTS

CHUNK = 1000
CONTACT_FIELDS = {"contact_name": "name", "contact_title": "title", "contact_phone": "phone",
                  "contact_email": "email"}


def chunks(records: Iterable[T], size: int = CHUNK) -> Iterator[list[T]]:
    """The records in lists of `size`, taken from the stream as it goes."""
    return chunked(records, size)


def as_bool(value: Any, name: str) -> bool:
    """A yes/no cell (true/false, 是/否, 1/0), or EnterpriseError naming the field."""
    flag = yes_no(value)
    if flag is not None:
        return flag
    raise EnterpriseError(f"欄位「{name}」須為 true/false（或 是/否），收到「{value}」")


def table_value(key: str, value: Any) -> Any:
    """A fact as written in a CSV/XLSX cell turned into its type (numbers with thousands
    separators, 是/否, lists separated by commas); anything else is left to the profile's checks."""
    spec = FACTS.get(key)
    if spec is None or not isinstance(value, str | float | int) or isinstance(value, bool):
        return value
    kind = spec.type
    if kind in ("int", "number") and isinstance(value, str):
        text = value.replace(",", "").replace("，", "").strip()
        try:
            number = float(text)
        except ValueError:
            return value
        return int(number) if kind == "int" and number.is_integer() else number
    if kind == "int" and isinstance(value, float) and value.is_integer():
        return int(value)
    if kind == "bool" and isinstance(value, str | int):
        try:
            return as_bool(value, key)
        except EnterpriseError:
            return value
    if kind == "list" and isinstance(value, str):
        return [p.strip() for p in value.replace("，", ",").replace("、", ",").split(",") if p.strip()]
    return value


def contact_of(record: dict[str, Any]) -> ContactInput | None:
    """The contact person of a record (`contact_name`, `contact_phone`, `contact_email`,
    `contact_title`, `consent_to_contact`), checked; None when it has none."""
    given: dict[str, Any] = {field: str(record[key]).strip() for key, field in CONTACT_FIELDS.items()
             if record.get(key) not in (None, "")}
    if not given:
        return None
    consent = record.get("consent_to_contact")
    contact = ContactInput(**given, consent_to_contact=as_bool(consent, "consent_to_contact")
                           if consent not in (None, "") else False)
    return check_contact(contact)


@dataclass
class _Row:
    line: int
    ubn: str
    values: dict[str, Any]
    contact: ContactInput | None


def parse_record(line: int, record: dict[str, Any]) -> _Row:
    """One record checked (統一編號, facts, contact) without touching the store."""
    ubn = check_ubn(str(record.get("ubn") or ""))
    facts = {k: table_value(k, v) for k, v in record.items()
             if k not in CONTACT_FIELDS and k not in ("ubn", "consent_to_contact", "type")}
    return _Row(line, ubn, clean_facts(facts), contact_of(record))


def import_enterprises(records: Iterable[Record]) -> ImportResult:
    """Upsert enterprises by 統一編號; a bad record is reported and skipped."""
    result = ImportResult()
    for chunk in chunks(records):
        rows: list[_Row] = []
        for line, record in chunk:
            try:
                rows.append(parse_record(line, record))
            except ValueError as exc:
                result.error(line, str(exc))
        if rows:
            _write(rows, result)
    return result


def _write(rows: list[_Row], result: ImportResult) -> None:
    with transaction.atomic():
        found = {e.ubn: e for e in Enterprise.objects.filter(ubn__in={r.ubn for r in rows})}
        new: dict[str, Enterprise] = {}
        changed: dict[str, set[str]] = {}
        for row in rows:
            enterprise = new.get(row.ubn) or found.get(row.ubn)
            if enterprise is None:
                new[row.ubn] = Enterprise(ubn=row.ubn, **row.values)
                result.created += 1
                continue
            result.updated += 1
            for key, value in row.values.items():
                if getattr(enterprise, key) != value:
                    setattr(enterprise, key, value)
                    if row.ubn not in new:
                        changed.setdefault(row.ubn, set()).add(key)
        Enterprise.objects.bulk_create(list(new.values()), batch_size=500)
        if changed:
            fields = sorted(set().union(*changed.values()) | {"updated_at"})
            Enterprise.objects.bulk_update([found[u] for u in changed], fields, batch_size=500)
        fresh: list[Contact] = []
        for row in rows:
            if row.contact is None:
                continue
            if row.ubn in new and not any(c.phone_digits == phone_digits(row.contact.phone)
                                          and c.enterprise_id == new[row.ubn].pk for c in fresh):
                c = row.contact
                fresh.append(Contact(enterprise=new[row.ubn], name=c.name, title=c.title, phone=c.phone,
                                     phone_digits=phone_digits(c.phone) if c.phone else "",
                                     email=c.email, consent_to_contact=c.consent_to_contact,
                                     consent_at=_consent_at(c)))
            else:
                add_contact(enterprise=new.get(row.ubn) or found[row.ubn], contact=row.contact)
        Contact.objects.bulk_create(fresh, batch_size=500)


def _consent_at(contact: ContactInput) -> Any:
    from django.utils import timezone

    return contact.consent_at or (timezone.now() if contact.consent_to_contact else None)
