"""hypothesis over every parser of user input: each returns a value or raises its documented
user error (with a zh-TW message), never anything else."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.http import QueryDict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

CJK = re.compile(r"[\u4e00-\u9fff]")
# Text a person might type: digits (ASCII and full width), Chinese numerals, units, punctuation.
ALPHABET = st.sampled_from([*"0123456789０１２３４５６７８９.,，-+eE%％ 年月日民國至起迄萬億元千百十一二三四五六七八九零〇兆"
                            "上下半季度第/~～－NnaIifty統編號\t\n", "\u3000", "\x00", "\ud7ff", "𠀀"])
TYPED = st.one_of(st.text(ALPHABET, max_size=40), st.text(max_size=40))
FAST = settings(max_examples=300, deadline=None)


def _zh(exc: Exception) -> None:
    assert CJK.search(str(exc)), str(exc)


@FAST
@given(TYPED)
def test_zhtext_finders_never_fail(text):
    from fudao.zhtext.amounts import find_amounts, parse_amount
    from fudao.zhtext.numerals import chinese_to_int, parse_mixed_number
    from fudao.zhtext.percents import find_percents
    from fudao.zhtext.phones import find_phones
    from fudao.zhtext.rocdates import find_dates, parse_roc_date, year_variants
    from fudao.zhtext.values import find_values

    assert parse_amount(text) is None or isinstance(parse_amount(text), int)
    parse_roc_date(text)
    chinese_to_int(text)
    parse_mixed_number(text)
    for finder in (find_amounts, find_dates, find_percents, find_phones, find_values, year_variants):
        assert isinstance(finder(text), list)


@FAST
@given(st.one_of(st.text(st.sampled_from("0123456789"), min_size=0, max_size=12), st.text(max_size=12)))
def test_ubn_check_is_a_boolean(text):
    from fudao.zhtext.ubn import is_valid_ubn

    assert isinstance(is_valid_ubn(text), bool)


@FAST
@given(TYPED, st.booleans())
def test_numbers_parse_or_raise_input_error(raw, integer):
    from fudao.web.limits import InputError, parse_number

    try:
        value = parse_number(raw, label="金額", minimum=0, maximum=10**15, integer=integer)
    except InputError as exc:
        _zh(exc)
        assert "金額" in str(exc)
    else:
        assert 0 <= value <= 10**15 and value == value
        assert not integer or isinstance(value, int)


JSON_ATOMS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
                       st.text(max_size=10))
JSON_VALUES = st.recursive(JSON_ATOMS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=6), inner, max_size=4)), max_leaves=20)
FIELDS = st.sampled_from(["ubn", "name", "org_type", "industry_section", "paid_in_capital_twd", "employees",
                          "annual_revenue_twd", "needs", "revenue_drop_pct_vs_2024_same_period",
                          "registered_trader", "county", "bogus"])


@FAST
@given(st.dictionaries(FIELDS, JSON_VALUES, max_size=6))
def test_profiles_parse_or_raise_profile_error(data):
    from fudao.rules.profile import ProfileError, parse_profile

    try:
        profile = parse_profile(data)
    except ProfileError as exc:
        _zh(exc)
    else:
        dumped = json.dumps(profile.model_dump(), allow_nan=False)  # finite: never Infinity/NaN out
        assert dumped


@FAST
@given(st.one_of(st.binary(max_size=200), st.text(st.sampled_from('{}[]",:0123456789.eE-+ truefalsnIiNy'),
                                                  max_size=200).map(str.encode)))
def test_json_bodies_parse_or_raise_input_error(body):
    from fudao.web.limits import InputError, loads_json

    try:
        loads_json(body)
    except InputError as exc:
        _zh(exc)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["answers", "skipped", "asked", "employees", "paid_in_capital_twd",
                                           "needs", "org_type", "skip", "registered_trader"]),
                          st.one_of(TYPED, JSON_VALUES.map(lambda v: json.dumps(v, ensure_ascii=False)))),
                max_size=8))
def test_questionnaire_steps_parse_or_raise_profile_error(pairs):
    from fudao.rules.profile import ProfileError
    from fudao.web.questionnaire import merge_step, read_state

    data = QueryDict(mutable=True)
    for key, value in pairs:
        data.appendlist(key, value)
    try:
        merge_step(read_state(data), data)
    except ProfileError as exc:
        _zh(exc)


@settings(max_examples=200, deadline=None)
@given(st.one_of(TYPED, st.integers(), st.none()), st.one_of(TYPED, st.integers(-10**30, 10**30), st.none()))
def test_search_query_and_k_checks(query, k):
    from fudao.search.query import check_k, check_query
    from fudao.search.services import QueryError

    for check, value in ((check_query, query), (check_k, k)):
        try:
            check(value)
        except QueryError as exc:
            _zh(exc)


QUERY_TEXT = st.lists(st.sampled_from([*"q=&%+;ab補助0123456789.-e", "%E8", "%ZZ", "%00", "k=", "q=",
                                     "status=", "min_amount=", "1e309", "inf", "all=", "open_on="]),
                      max_size=20).map("".join)


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.sampled_from(["/search", "/measures/", "/api/search", "/api/ask", "/api/measures",
                        "/api/measures/x", "/check/"]), QUERY_TEXT)
def test_query_strings_answer_without_server_errors(client, path, query):
    response = client.get(f"{path}?{query}")
    assert response.status_code < 500
    if response.status_code >= 400 and path.startswith("/api"):
        _zh(Exception(response.json()["error"]))


def _refuse_constant(name: str) -> Any:
    raise AssertionError(f"the response holds a bare {name}, which is not JSON")


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(JSON_VALUES)
def test_match_bodies_answer_without_server_errors(client, value):
    body: Any = json.dumps(value)  # allows NaN/Infinity literals, as an attacker would send
    response = client.post("/api/match", data=body, content_type="application/json")
    assert response.status_code in (200, 400), response.content[:200]
    # Valid JSON out: no bare NaN/Infinity tokens (a key or value *named* "NaN" may be quoted back).
    json.loads(response.content, parse_constant=_refuse_constant)
