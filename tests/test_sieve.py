"""The detector sieve names exactly the detectors that match a text, and steps aside when its Set fails."""

from __future__ import annotations

import pytest

from xhs_editor.engine import check_text, load_ruleset, normalize
from xhs_editor.engine.linear import encode
from xhs_editor.engine.normalizer import fold_digits

RS = load_ruleset(include_user=False, model=False)
TEXTS = ["加我微信 abc_123 详聊", "电话 138 1234 5678，座机 (010) 1234-5678", "今天天气很好，没有联系方式",
         "官网 www.example.com 邮箱 a.b@example.cn", "抽3个宝子送面膜，评论区扣1", "SPF50+ 防晒，一个月瘦了10斤",
         "🐟上搜店名", "", "1", "qq 12345678"]
EXAMPLES = [t for d in RS.detectors for t in (*d.examples_flag, *d.examples_info, *d.examples_pass)]


def _views(text: str) -> dict[str, str]:
    folded = normalize(text).folded
    return {"folded": folded, "digits": fold_digits(folded)}


@pytest.mark.parametrize("text", TEXTS + EXAMPLES)
def test_names_the_detectors_that_match(text: str) -> None:
    assert RS.sieve is not None
    views = _views(text)
    for view, shown in views.items():
        named = RS.sieve.matching(view, encode(shown))
        assert named is not None
        members = {k for k, d in enumerate(RS.detectors) if d.view == view}
        assert named <= members
        for k in members:  # a detector outside the sieve's answer finds nothing there
            assert (k in named) == (RS.detectors[k].pattern._re.search(encode(shown)) is not None)


class _FailedSet:
    """What a Set reports when its DFA runs out of memory: nothing."""

    def Match(self, data: bytes) -> None:  # noqa: N802 (RE2's spelling)
        return None


def test_a_failed_set_means_every_detector_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    rs = load_ruleset(include_user=False, model=False)
    text = "加我微信 abc_123 详聊，电话 138 1234 5678"
    expected = check_text(text, rs)
    assert any(f.category == "diversion" for f in expected)
    assert rs.sieve is not None
    for view, (_search, members) in list(rs.sieve._sets.items()):
        monkeypatch.setitem(rs.sieve._sets, view, (_FailedSet(), members))
        assert rs.sieve.matching(view, encode(text)) is None
    assert check_text(text, rs) == expected
