"""Every term of the research reference's lists is flagged, in the right category, inside a sentence."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from xhs_editor.engine import check_text, load_ruleset

FAMILIES = yaml.safe_load((Path(__file__).parent / "data" / "reference_terms.yaml").read_text(encoding="utf-8"))
CASES = [(fam["family"], fam.get("bound_forms", {}).get(term, term), tuple(fam["categories"]))
         for fam in FAMILIES for term in fam["terms"]]


@pytest.fixture(scope="module")
def bundled():
    return load_ruleset(include_user=False)


@pytest.mark.parametrize("family, term, categories", CASES, ids=[f"{f}:{t}" for f, t, _ in CASES])
def test_reference_term_is_flagged_in_its_category(bundled, family: str, term: str,
                                                   categories: tuple[str, ...]) -> None:
    text = f"今天分享一下：{term} 大家觉得呢"
    found = check_text(text, bundled)
    start = text.index(term)
    end = start + len(term)
    touching = [f for f in found if f.start < end and f.end > start]
    assert any(f.category in categories for f in touching), (term, [(f.matched, f.category) for f in touching])
