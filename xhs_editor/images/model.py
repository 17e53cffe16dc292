"""Data types of the image checks: a finding that knows its image and box."""

from __future__ import annotations

from dataclasses import dataclass, fields

from ..engine import Finding

Point = tuple[float, float]


@dataclass(frozen=True)
class ImageFinding(Finding):
    """A :class:`~xhs_editor.engine.Finding` about one image of a note.

    It is a plain ``Finding`` (``field == "images"``) for every consumer that only
    knows findings; ``image`` is the image's path relative to the note, ``index``
    its position in the note (0 is the cover) and ``box`` the polygon, in the
    image's own pixel coordinates, of what was found in it (a QR code, a line of
    text), or empty.
    """

    image: str = ""
    index: int = -1
    box: tuple[Point, ...] = ()

    def to_dict(self, lang: str = "zh") -> dict[str, object]:
        """The finding's JSON form plus ``image``, ``index`` and ``box``."""
        data = super().to_dict(lang)
        data["image"] = self.image
        data["index"] = self.index
        data["box"] = [[round(x, 1), round(y, 1)] for x, y in self.box]
        return data

    @classmethod
    def wrap(cls, finding: Finding, image: str, index: int, box: tuple[Point, ...] = (),
             **changes: object) -> "ImageFinding":
        """``finding`` as an image finding (``field`` becomes ``"images"``), with ``changes`` applied."""
        values = {f.name: getattr(finding, f.name) for f in fields(Finding)}
        values.update(changes)
        values["field"] = "images"
        return cls(**values, image=image, index=index, box=tuple(box))  # type: ignore[arg-type]
