"""The 聯絡方式 grid of a measure form: host agencies, executing units, persons and phones.

The PDF extraction breaks the grid's labels over lines (主辦/機關, 執行/單位, 聯絡/電話) and
wraps organisation names, so the block is read as a stream of tokens with their line numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from fudao.catalogue.extract.common import agency_name
from fudao.zhtext.phones import find_phones

# Labels as the grid writes them, possibly one character a line (聯/絡/電/話).
_LABELS = {"主辦機關": "HOST", "執行單位": "EXEC", "聯絡電話": "PHONE", "聯絡電": "PHONE",
           "承辦人": "PERSON", "聯絡人": "PERSON"}
_NUMBERED = re.compile(r"^\d+\.(\S+)$")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_NOTE = re.compile(r"^[(（][^)）]{1,10}[)）]$")


@dataclass
class Token:
    """One word of the grid with its 1-based line."""

    kind: str  # HOST, EXEC, PHONE, PERSON, SAME, TEL, EMAIL, NOTE, TEXT
    text: str
    line: int
    value: Any = None


def tokenize(lines: list[tuple[int, str]]) -> list[Token]:
    """Words of the grid, label pairs joined, phones and e-mails recognised."""
    raw: list[tuple[str, int]] = []
    for number, line in lines:
        for phone in find_phones(line):
            line = line.replace(phone.raw, f"\x00{len(raw)}\x00", 1)
            raw.append((f"\x01{phone.value['number']}|{phone.value['ext'] or ''}", number))
        raw.extend((word, number) for word in line.split())
    raw = [(w, n) for w, n in raw if not (w.startswith("\x00") and w.endswith("\x00"))]
    return _merge_labels(raw)


def _merge_labels(raw: list[tuple[str, int]]) -> list[Token]:
    out: list[Token] = []
    i = 0
    while i < len(raw):
        for size in (4, 3, 2, 1):
            joined = "".join(w for w, _ in raw[i : i + size])
            if joined in _LABELS and len(raw[i : i + size]) == size:
                out.append(Token(_LABELS[joined], joined, raw[i][1]))
                i += size
                break
        else:
            word, line = raw[i]
            if word != "話":  # the tail of a 聯/絡/電/話 label broken by a phone number
                out.append(_classify(word, line))
            i += 1
    return out


def _classify(word: str, line: int) -> Token:
    if word.startswith("\x01"):
        number, ext = word[1:].split("|")
        return Token("TEL", number, line, {"phone": number, "ext": ext or None})
    if word == "同上":
        return Token("SAME", word, line)
    if _EMAIL.fullmatch(word.removeprefix("E-mail：")):
        return Token("EMAIL", word, line)
    if _NOTE.match(word):
        return Token("NOTE", word, line)
    return Token("TEXT", word, line)


_ROLES = {"HOST": "host", "EXEC": "executing"}


class _Grid:
    """Walks the tokens, one contact at a time."""

    def __init__(self) -> None:
        self.done: list[dict[str, Any]] = []
        self.cur: dict[str, Any] | None = None
        self.org: list[str] = []
        self.mode = "org"
        self.pending: list[Token] = []
        self.queue: list[str] = []

    def close(self) -> None:
        if self.cur is None:
            return
        self.cur["org"] = agency_name("".join(self.org)) if self.org else self._previous("org")
        if self.cur["person"] or self.cur["phone"] or self.cur["org"]:
            self.done.append(self.cur)
        self.cur = None

    def _previous(self, key: str) -> Any:
        return self.done[-1][key] if self.done else None

    def open(self, role: str, line: int, org: list[str] | None = None) -> None:
        self.close()
        self.cur = {"role": role, "org": "", "person": None, "phone": None, "ext": None,
                    "email": None, "note": None, "line": line}
        self.org = list(org or [])
        self.pending = []

    def sibling(self, line: int, *, new_org: bool) -> None:
        """Another contact of the same role: a new unit (new_org) or another person of this unit."""
        role = self.cur["role"] if self.cur else "host"
        if new_org:
            org = [t.text for t in self.pending]
        else:
            org = list(self.org) if self.org else [self.cur["org"] or ""] if self.cur else []
        person = None if new_org else "".join(t.text for t in self.pending) or None
        self.open(role, line, org)
        assert self.cur is not None
        self.cur["person"] = person

    def feed(self, tok: Token) -> None:
        if tok.kind in _ROLES:
            self.open(_ROLES[tok.kind], tok.line)
            self.mode = "org"
            return
        if self.cur is None:
            if tok.kind in ("PERSON", "PHONE", "TEL"):
                self.open("host", tok.line)
            else:
                return
        assert self.cur is not None
        getattr(self, "_" + tok.kind.lower())(tok)

    def _text(self, tok: Token) -> None:
        assert self.cur is not None
        if self.mode == "org":
            self.org.append(tok.text)
        elif self.mode == "person" and not self.cur["person"]:
            numbered = _NUMBERED.match(tok.text)
            self.cur["person"] = numbered.group(1) if numbered else tok.text
        elif self.mode == "person":
            numbered = _NUMBERED.match(tok.text)
            self.queue.append(numbered.group(1) if numbered else tok.text)
        else:
            self.pending.append(tok)

    def _person(self, tok: Token) -> None:
        assert self.cur is not None
        if self.pending and self.cur["phone"]:
            self.sibling(tok.line, new_org=True)
        self.pending = []
        self.queue = []
        self.mode = "person"

    def _phone(self, tok: Token) -> None:
        assert self.cur is not None
        if self.pending and self.cur["phone"]:
            self.sibling(tok.line, new_org=False)
        self.pending = []
        self.mode = "phone"

    def _same(self, tok: Token) -> None:
        assert self.cur is not None
        if self.mode == "person":
            self.cur["person"] = self._previous("person")
        elif self.mode == "phone":
            self.cur["phone"], self.cur["ext"] = self._previous("phone"), self._previous("ext")

    def _tel(self, tok: Token) -> None:
        assert self.cur is not None
        if self.cur["phone"]:
            self.pending = []
            self.sibling(tok.line, new_org=False)
            self.cur["person"] = self.queue.pop(0) if self.queue else self._previous("person")
        self.cur["phone"], self.cur["ext"] = tok.value["phone"], tok.value["ext"]
        self.mode = "after"

    def _note(self, tok: Token) -> None:
        assert self.cur is not None
        self.cur["note"] = tok.text.strip("()（）")

    def _email(self, tok: Token) -> None:
        assert self.cur is not None
        match = _EMAIL.search(tok.text)
        self.cur["email"] = match.group(0) if match else None


def parse_contacts(lines: list[tuple[int, str]]) -> list[dict[str, Any]]:
    """Contacts {role, org, person, phone, ext, email, note, line} of a 聯絡方式 grid."""
    grid = _Grid()
    for tok in tokenize(lines):
        grid.feed(tok)
    grid.close()
    return grid.done
