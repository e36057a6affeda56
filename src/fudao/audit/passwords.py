"""Django's password validators with zh-TW messages (Django's own are not translated to zh-Hant)."""

from __future__ import annotations

import re

from django.contrib.auth import password_validation as base
from django.core.exceptions import ValidationError


class MinimumLengthValidator(base.MinimumLengthValidator):
    """At least `min_length` characters."""

    def get_error_message(self) -> str:
        return f"密碼過短，至少須有 {self.min_length} 個字元。"

    def get_help_text(self) -> str:
        return f"密碼至少須有 {self.min_length} 個字元。"


class UserAttributeSimilarityValidator(base.UserAttributeSimilarityValidator):
    """Not too similar to the user's name or e-mail."""

    def get_error_message(self) -> str:
        return "密碼與%(verbose_name)s過於相似。"

    def get_help_text(self) -> str:
        return "密碼不可與您的其他個人資料過於相似。"


class CommonPasswordValidator(base.CommonPasswordValidator):
    """Not one of the 20,000 most common passwords."""

    def get_error_message(self) -> str:
        return "這個密碼太常見，請改用其他密碼。"

    def get_help_text(self) -> str:
        return "密碼不可是常見的密碼。"


class NumericPasswordValidator(base.NumericPasswordValidator):
    """Not only digits."""

    def get_error_message(self) -> str:
        return "密碼不可全為數字。"

    def get_help_text(self) -> str:
        return "密碼不可全為數字。"


class VarietyValidator:
    """Not blank and not one character repeated: at least `min_distinct` different characters
    other than spaces (twelve spaces or 「aaaaaaaaaaaa」 are long but guessable at once)."""

    def __init__(self, min_distinct: int = 5) -> None:
        self.min_distinct = min_distinct

    def validate(self, password: str, user: object = None) -> None:
        if len(set(password) - {" ", "\u3000", "\t"}) < self.min_distinct:
            raise ValidationError(f"密碼須包含至少 {self.min_distinct} 種不同的字元（空白不算）。",
                                  code="password_too_uniform")

    def get_help_text(self) -> str:
        return f"密碼須包含至少 {self.min_distinct} 種不同的字元。"


LEET = str.maketrans({"@": "a", "4": "a", "0": "o", "1": "l", "!": "i", "3": "e", "$": "s", "5": "s",
                      "7": "t", "+": "t"})


class CommonPatternValidator(base.CommonPasswordValidator):
    """Not a common password dressed up: symbols for letters (「P@ssw0rd」) and digits or
    punctuation added at the ends (「P@ssw0rd2024」) still make a common password."""

    def validate(self, password: str, user: object = None) -> None:
        core = re.sub(r"^[\d\W_]+|[\d\W_]+$", "", password.lower())
        for candidate in {core, core.translate(LEET),
                          re.sub(r"^[\d\W_]+|[\d\W_]+$", "", password.lower().translate(LEET))}:
            if len(candidate) >= 4 and candidate in self.passwords:
                raise ValidationError("這個密碼是常見密碼的變形（以符號代替字母或前後加上數字），請改用其他密碼。",
                                      code="password_too_common")

    def get_help_text(self) -> str:
        return "密碼不可是常見密碼加上數字或符號的變形。"
