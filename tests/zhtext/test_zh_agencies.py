"""Agency names across the 2023 reorganisation, and the other ministries' hosts of measures."""

from datetime import date

import pytest

from fudao.zhtext.agencies import agencies_in, agency_variants, canonical_agency, load_agencies


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("工業局", "經濟部產業發展署"),
        ("經濟部工業局", "經濟部產業發展署"),
        ("產發署", "經濟部產業發展署"),
        ("中小企業處", "經濟部中小及新創企業署"),
        ("中企署", "經濟部中小及新創企業署"),
        ("國際貿易局", "經濟部國際貿易署"),
        ("國貿局", "經濟部國際貿易署"),
        ("貿易署", "經濟部國際貿易署"),
        ("能源局", "經濟部能源署"),
        ("商業司", "經濟部商業發展署"),
        ("商業署", "經濟部商業發展署"),
        ("商發署", "經濟部商業發展署"),
        ("技術處", "經濟部產業技術司"),
        ("技術司", "經濟部產業技術司"),
        ("加工出口區管理處", "經濟部產業園區管理局"),
        ("園管局", "經濟部產業園區管理局"),
        ("本部智慧局", "經濟部智慧財產局"),
        ("工业局", "經濟部產業發展署"),
        ("勞動部", "勞動部"),
        ("勞動部勞動力發展署", "勞動部勞動力發展署"),
        ("勞動部 勞動力發展署", "勞動部勞動力發展署"),
        ("勞動力發展署", "勞動部勞動力發展署"),
        ("勞發署", "勞動部勞動力發展署"),
        ("勞動部勞發署", "勞動部勞動力發展署"),
        ("教育部", "教育部"),
        ("內政部", "內政部"),
        ("內政部役政署", "內政部役政署"),
        ("役政署", "內政部役政署"),
    ],
)
def test_canonical_agency(name, canonical):
    assert canonical_agency(name) == canonical


def test_unknown_name_comes_back_trimmed():
    assert canonical_agency(" 台電公司 ") == "台電公司"
    assert agency_variants("台電公司") == ["台電公司"]


def test_variants_cover_both_eras():
    variants = agency_variants("產發署")
    assert variants[0] == "經濟部產業發展署"
    assert {"工業局", "經濟部工業局", "產發署", "產業發展署"} <= set(variants)


def test_agencies_in_text_in_order_of_mention():
    text = "產業分團：產發署、商業署、中企署、園管局；另洽經濟部技術處"
    assert agencies_in(text) == [
        "經濟部產業發展署",
        "經濟部商業發展署",
        "經濟部中小及新創企業署",
        "經濟部產業園區管理局",
        "經濟部產業技術司",
    ]


def test_old_and_new_names_of_one_agency_count_once():
    assert agencies_in("工業局（現為產發署）") == ["經濟部產業發展署"]


def test_chu_form_not_matched_inside_a_word():
    assert agencies_in("相關技術處理流程") == []


def test_rename_dates_recorded():
    renamed = {a.name: a.changed for a in load_agencies() if a.former}
    assert renamed["經濟部產業發展署"] == date(2023, 9, 26)
    assert all(isinstance(d, date) for d in renamed.values())


def test_all_names_lists_every_form():
    from fudao.zhtext.agencies import all_names

    names = all_names()
    assert {"工業局", "產發署", "經濟部產業發展署", "園管局", "勞發署", "教育部"} <= set(names)
    assert {canonical_agency(n) for n in names} == {a.name for a in load_agencies()}
    assert "" not in names


def test_the_ministrys_agencies_carry_its_name():
    for agency in load_agencies():
        assert agency.name.startswith(agency.ministry), agency


def test_an_agency_of_another_ministry_keeps_that_ministrys_prefix():
    assert agency_variants("勞發署") == ["勞動部勞動力發展署", "勞動力發展署", "勞發署"]
    assert agency_variants("勞動部") == ["勞動部"]
    assert canonical_agency("本部勞發署") == "本部勞發署"  # 本部 is 經濟部
    assert canonical_agency("經濟部役政署") == "經濟部役政署"


def test_hosts_of_other_ministries_found_in_text():
    text = "主辦機關：勞動部勞動力發展署；另洽教育部、內政部役政署及勞發署"
    assert agencies_in(text) == ["勞動部勞動力發展署", "教育部", "內政部役政署"]
