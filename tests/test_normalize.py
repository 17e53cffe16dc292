"""Each normalization step, and the map back to the user's offsets."""

from __future__ import annotations

import pytest

from xhs_editor.engine import fold, normalize, normalize_term
from xhs_editor.engine.normalizer import fold_digits


def originals(text: str) -> list[int]:
    norm = normalize(text)
    return [norm.to_original(i) for i in range(len(norm.text))]


def test_traditional_becomes_simplified_with_same_length() -> None:
    assert fold("極致的國際級產品") == "极致的国际级产品"
    assert len(fold("逢兇化吉")) == 4


def test_full_width_letters_digits_become_half_width_and_lower_case() -> None:
    assert fold("ＶＸ１２３ＡＢＣ") == "vx123abc"
    assert fold("WeChat") == "wechat"


def test_styled_letters_used_to_dodge_filters_are_folded() -> None:
    assert fold("𝐯𝐱") == "vx"
    assert fold("ⓥ🅥🆅🅤") == "vvvu"  # circled, negative circled and negative squared letters


def test_squared_ideographs_stand_for_their_character() -> None:
    assert fold("🉑私") == "可私"
    assert fold("🈚广") == "无广"  # NFKC gives the traditional 無
    norm = normalize("复诊 🉑私，发你")
    assert norm.text[norm.text.index("可私")] == "可"
    assert norm.to_original(norm.text.index("可私")) == 3


def test_a_negative_circled_v_is_read_as_wechat_and_underlined_where_it_was_typed() -> None:
    from xhs_editor.engine import check_text, load_ruleset

    text = "咨询在线🅥❤️联系"
    found = [f for f in check_text(text, load_ruleset(include_user=False, model=False)) if f.category == "diversion"]
    assert [(f.matched, f.start) for f in found] == [("🅥❤️联系", text.index("🅥"))]


@pytest.mark.parametrize("text", ["微 信", "微❤信", "微·信", "微-信", "微_信", "微/信", "微|信", "微★信",
                                  "微\u200b信", "微👍🏻信", "微❤️信", "微👨\u200d👩\u200d👧信", "微　信"])
def test_noise_between_characters_is_skipped(text: str) -> None:
    norm = normalize(text)
    assert norm.text == "微信"
    assert text[norm.to_original(0)] == "微"
    assert text[norm.to_original(1)] == "信"


@pytest.mark.parametrize("text", ["微\n信", "微。信", "微！信", "微❤❤❤❤信", "微" + " " * 20 + "信", "微?信"])
def test_line_breaks_sentence_ends_and_long_noise_do_not_glue_words(text: str) -> None:
    assert "微信" not in normalize(text).text


@pytest.mark.parametrize("text", ["“免费”“零团费”", "「免费」「零团费」", '"免费""零团费"', "“免费” “零团费”"])
def test_two_quotations_side_by_side_are_parted_like_a_comma(text: str) -> None:
    """Two quoted items are two items: a term does not run from one into the next (免费”“零 is not 免费零)."""
    norm = normalize(text)
    assert norm.text == "免费零团费"
    assert norm.crosses_break(0, 3)
    assert not normalize("“免费零团费”").crosses_break(0, 3)


def test_map_points_at_original_characters() -> None:
    text = "加我 薇❤信 吧"
    norm = normalize(text)
    assert norm.text == "加我薇信吧"
    assert originals(text) == [0, 1, 3, 5, 7]
    assert norm.span(2, 4) == (3, 6)
    assert text[3:6] == "薇❤信"


def test_leading_noise_is_mapped() -> None:
    assert originals("  ❤前后") == [3, 4]


def test_empty_text() -> None:
    assert normalize("").text == ""


def test_terms_are_normalized_like_text() -> None:
    assert normalize_term("100%有效") == "100有效"
    assert normalize_term("NO.1") == "no1"
    assert normalize_term("零風險") == "零风险"


def test_folding_is_per_character_beside_emoji_and_styled_letters() -> None:
    """Each character folds on its own, whatever stands next to it: BMP and beyond, foldable or not."""
    text = "😀這個𝐕𝐗好ＡＢ👩‍⚕️電話𠀋Ⓥ"
    assert fold(text) == "".join(fold(ch) for ch in text)
    assert fold(text) == "😀这个vx好ab👩\u200d⚕ 电话𠀋v"  # U+FE0F reads as a space (see _fold_table)


@pytest.mark.parametrize(("typed", "digits"), [
    ("壹伍叁‧捌捌零柒", "153.8807"),       # a hyphenation point between the groups
    ("一五二—七三九八", "152-7398"),       # an em dash
    ("¹³⁷ ⁰⁸²⁶", "137 0826"),             # superscript digits
    ("幺三拐 洞洞两 勾勾五幺", "137 002 9951"),  # digits as they are said over a phone
    ("1三9·O876", "139·0876"),            # a letter o among digits
    ("零玖貳捌 壹參參", "0928 133"),         # 參, traditional text's 叁, among numerals
])
def test_the_digits_view_reads_numbers_in_every_dress(typed: str, digits: str) -> None:
    assert fold_digits(fold(typed)) == digits


@pytest.mark.parametrize("text", ["山洞里拐弯", "腰疼", "勾选", "go 5 km", "no.1", "参加", "參考"])
def test_the_digits_view_leaves_ordinary_words_alone(text: str) -> None:
    assert fold_digits(fold(text)) == fold(text)


def test_the_last_typed_space_before_a_position_is_found_in_normalized_coordinates() -> None:
    """Spaces are dropped from the normalized text, but a clause still ends at one (emoji and symbols do not end it)."""
    norm = normalize("完全没长 保证 有效")
    assert norm.text == "完全没长保证有效"
    assert norm.after_last_space(0, 6) == 6  # the space before 有效
    assert norm.after_last_space(0, 5) == 4  # the space before 保证
    assert norm.after_last_space(5, 5) == 5  # none between 5 and 5
    assert normalize("完全没长❤保证").after_last_space(0, 5) == 0
    assert normalize("完全没长\u3000保证").after_last_space(0, 5) == 4
