"""What each front end reports for one note: the engine, the findings model, the checklist and ``check``."""

from __future__ import annotations

import io
import json
from pathlib import Path

from xhs_editor import checklist as cl
from xhs_editor.cli import main
from xhs_editor.engine import RuleSet, Severity, check_note
from xhs_editor.findings import note_findings
from xhs_editor.note import Note, save


def severities_everywhere(note: Note, ruleset: RuleSet, folder: Path,
                          words: tuple[str, ...]) -> list[dict[str, Severity]]:
    """The severity of each of ``words`` as found by ``check_note``, the note's active findings, the checklist and
    ``check --format json`` on the note saved in ``folder`` (the bundled packs, no model)."""
    def pick(findings) -> dict[str, Severity]:  # type: ignore[no-untyped-def]
        return {f.matched: f.severity for f in findings if f.matched in words}

    path = folder / "note.xhsnote"
    save(note, path)
    out = io.StringIO()
    main(["check", str(path), "--no-user-rules", "--no-model", "--format", "json"], out=out, err=io.StringIO())
    cli = {f["matched"]: Severity(f["severity"]) for f in json.loads(out.getvalue())["files"][0]["findings"]
           if f["matched"] in words}
    return [pick(check_note(note.title, note.body, note.topics_text(), ruleset)),
            pick(note_findings(note, ruleset).active), pick(cl.note_findings(note, ruleset)), cli]
