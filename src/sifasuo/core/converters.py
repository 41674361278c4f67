"""URL converters of the platform; each lists example values, so a walk over the URLconf can
fill the argument without knowing the view."""

from __future__ import annotations


class DocumentFormat:
    """The file format of a document download: pdf or docx (anything else is a 404)."""

    regex = "pdf|docx"
    examples = ("pdf", "docx")

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
