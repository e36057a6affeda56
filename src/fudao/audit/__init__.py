"""Accounts hardening and the audit log: zh-TW password rules, sign-in lock-out, audit entries."""
