"""Django's password validators with zh-TW messages (Django's own are not translated to zh-Hant)."""

from __future__ import annotations

from django.contrib.auth import password_validation as base


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
