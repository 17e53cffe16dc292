"""A note that tells of the writer's own medical care names drugs and procedures because a doctor prescribed them:
there the medical and efficacy hits are not reported, unless the note sells or leaves a contact."""

from __future__ import annotations

from pathlib import Path

import pytest

from xhs_editor.engine import NO_CONTEXT, NoteContext, Severity, check_note, check_text, load_ruleset, note_context
from xhs_editor.note import Note

from front_ends import severities_everywhere

CARE = "周一带孩子去医院挂号，门诊人很多"
"""Three words of note_clinic_cues (医院, 挂号, 门诊): the note tells of a visit to the doctor."""
NAMED = "药是头孢类的抗生素，一天两次\n脸上的痘也问了，打算做果酸换肤"
"""A drug and a procedure: errors in a line read alone."""
WORDS = ("抗生素", "换肤")


@pytest.fixture(scope="module")
def bundled():
    return load_ruleset(include_user=False, model=False)


def severities(findings) -> dict[str, Severity]:
    return {f.matched: f.severity for f in findings if f.matched in WORDS}


def test_a_visit_to_the_doctor_names_drugs_and_procedures_without_findings(bundled) -> None:
    assert note_context("", CARE + "\n" + NAMED, "", bundled) == NoteContext(clinic=True)
    assert severities(check_note("", CARE + "\n" + NAMED, "", bundled)) == {}


def test_the_same_lines_without_the_visit_keep_their_errors(bundled) -> None:
    assert note_context("", NAMED, "", bundled) == NO_CONTEXT
    assert severities(check_note("", NAMED, "", bundled)) == {w: Severity.ERROR for w in WORDS}


def test_it_takes_three_different_care_words_anywhere_in_the_note(bundled) -> None:
    assert bundled.note_clinic.cues == 3
    assert note_context("", "医生说医生让医生讲\n" + NAMED, "", bundled) == NO_CONTEXT  # one word, three times
    assert note_context("挂号日记", "今天去医院\n" + NAMED, "#门诊", bundled).clinic  # title, body and topics


@pytest.mark.parametrize("offer", ["港版现货，可以直接寄", "效果比医院开的药还好", "需要的加我vx：kefu_2024"])
def test_a_note_that_sells_or_leaves_a_contact_is_no_diary(bundled, offer: str) -> None:
    body = CARE + "\n" + NAMED + "\n" + offer
    assert not note_context("", body, "", bundled).clinic
    assert severities(check_note("", body, "", bundled))["抗生素"] is Severity.ERROR


def test_categories_the_clinic_context_leaves_out_keep_their_verdict(bundled) -> None:
    assert "extreme" not in bundled.note_clinic.categories
    found = check_text("这是全网最好的医院", bundled, note=NoteContext(clinic=True))
    assert any(f.category == "extreme" and f.severity is Severity.ERROR for f in found)


def test_the_checklist_the_report_and_check_agree_with_the_clinic_context(bundled, tmp_path: Path) -> None:
    note = Note(title="看病日记", body=CARE + "\n" + NAMED, topics=[])
    assert severities_everywhere(note, bundled, tmp_path, WORDS) == [{}] * 4


def test_a_broken_note_clinic_is_reported_with_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "p.yaml").write_text('pack: {name: p, version: "1", description: d}\n'
                                     "note_clinic:\n  cues: 2\n  categories: [medicine]\n", encoding="utf-8")
    rs = load_ruleset([tmp_path], include_user=False, model=False)
    assert [(Path(e.path).name, e.line) for e in rs.errors] == [("p.yaml", 3)]
    assert "note_clinic: unknown category 'medicine'" in rs.errors[0].problem
