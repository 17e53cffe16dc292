"""Property tests: offsets always point at what the user typed; noise and script don't hide terms."""

from __future__ import annotations

import functools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xhs_editor.engine import check_text

TERMS = ["极致", "微信", "国际级", "点赞", "最好"]
NOISE = st.sampled_from([" ", "❤", "★", "·", "-", "_", "/", "|", "\u200b", "👍🏻", "❤️", "👨\u200d👩\u200d👧", "　", "～"])
TEXT = st.text(alphabet=st.sampled_from(list("极致微信国际级点赞最好近后稍任的了。，\n 👍🏻❤️\u200b極緻ＶＸvx138 abc")), max_size=60)

@functools.lru_cache(maxsize=1)
def _bundled():
    from xhs_editor.engine import load_ruleset

    return load_ruleset(include_user=False)


# No deadline: speed is measured by benchmarks, not asserted by tests (a loaded CI machine is slow).
settings.register_profile("ci", suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=150,
                          deadline=None)
settings.load_profile("ci")


@given(TEXT)
def test_every_finding_points_inside_the_text_at_what_it_matched(basic_ruleset, text: str) -> None:
    for f in check_text(text, basic_ruleset):
        assert 0 <= f.start < f.end <= len(text)
        assert text[f.start:f.end] == f.matched


@given(st.sampled_from(TERMS), st.lists(NOISE, min_size=1, max_size=3), st.text(alphabet="你好我们他", max_size=5))
def test_noise_inserted_between_characters_still_finds_the_term(basic_ruleset, term: str, noise: list[str],
                                                                 prefix: str) -> None:
    joined = term[0] + "".join(noise[:1]) + term[1:]
    if len(term) > 2:
        joined = joined[:-1] + "".join(noise[1:2]) + joined[-1]
    text = prefix + joined + "。"
    found = [f for f in check_text(text, basic_ruleset)]
    assert any(f.start == len(prefix) and f.end == len(prefix) + len(joined) for f in found), (text, found)


@given(st.sampled_from([("極致", "extreme"), ("國際級", "extreme"), ("微信", "diversion"), ("點讚", "inducement")]),
       st.text(alphabet="的了是我你", max_size=4))
def test_traditional_forms_are_found(basic_ruleset, pair: tuple[str, str], prefix: str) -> None:
    term, category = pair
    found = check_text(prefix + term, basic_ruleset)
    assert [(f.matched, f.category) for f in found] == [(term, category)]


@given(st.text(alphabet=st.sampled_from(list("最好第一次微信薇❤信加我vx 138 1234 5678 qq:12345 www.a.com 点赞抽奖送旺财極緻100%有效\n。，👍🏻\u200b😀‍")),
               max_size=80))
def test_bundled_rules_keep_offsets_sacred(text: str) -> None:
    for f in check_text(text, _bundled()):
        assert 0 <= f.start < f.end <= len(text)
        assert text[f.start:f.end] == f.matched


# The sound channel: pinyin, half pinyin and sound-alike characters, mixed with noise and numerals.
SOUND_TEXT = st.lists(st.sampled_from(
    ["醉", "强", "最", "mei", "bai", "白", "美", "qu", "斑", "tui", "荐", "专家", "bao", "本", "包", "工", "仲", "号",
     "wei", "xin", "douyin", "taobao", "壹", "伍", "①", "③", "⑧", "一三八", " ", "❤", "-", ".", "，", "\n", "的",
     "1\ufe0f\u20e3", "3\ufe0f\u20e3", "8\u20e3\ufe0f", "\ufe0f", "衣生", "砖家", "都推荐", "在喝"]),
    max_size=40).map("".join)


@settings(max_examples=200)
@given(SOUND_TEXT)
def test_sound_alike_and_pinyin_findings_keep_offsets_sacred(text: str) -> None:
    for f in check_text(text, _bundled()):
        assert 0 <= f.start < f.end <= len(text)
        assert text[f.start:f.end] == f.matched
