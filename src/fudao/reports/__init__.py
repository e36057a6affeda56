"""The ministry's figures (案次, 家次, 場次, 人次, 件, amounts) computed from the records by SQL."""
