"""Width folding, simplified→traditional conversion, whitespace."""

from fudao.zhtext.normalize import fold_width, normalize_text, squash_space, to_traditional


def test_fold_width_digits_letters_punctuation_and_ideographic_space():
    assert fold_width("ＡＢＣ１２３％（０２）　＃") == "ABC123%(02) #"


def test_fold_width_keeps_length_so_offsets_hold():
    text = "電話：（０２）２７５４－１２５５"
    assert len(fold_width(text)) == len(text)


def test_fold_width_leaves_chinese_untouched():
    assert fold_width("中小企業處") == "中小企業處"


def test_to_traditional_uses_taiwan_phrasing():
    assert to_traditional("软件开发信息") == "軟體開發資訊"


def test_normalize_text_keeps_chinese_numerals():
    assert normalize_text("补助一百二十万元，ＡＩ") == "補助一百二十萬元,AI"


def test_squash_space_collapses_runs_and_trims():
    assert squash_space("  產業\u3000\u3000競爭力 \n 輔導團 ") == "產業 競爭力 輔導團"


def test_empty_string():
    assert to_traditional("") == ""
    assert normalize_text("") == ""
