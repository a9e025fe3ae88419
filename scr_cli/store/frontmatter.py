"""Split a Markdown document into its YAML front matter and its body, and check the front matter."""

from __future__ import annotations

from datetime import date
from typing import Any

from scr_cli.errors import DataError
from scr_cli.review.canonical import FRONT_FIELDS
from scr_cli.review.model import Document, Issue, Pos
from scr_cli.store.yamlfile import YamlDoc, decode, parse


def split(text: str, path: str) -> tuple[str, str, int]:
    """(front matter text, body, line number of the body's first line). Raises when there is none."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise DataError("the document has no front matter", path=path, line=1, column=1,
                        hint="start it with a '---' block holding title, version, date and status")
    for i in range(1, len(lines)):
        if lines[i].strip() in ("---", "..."):
            return "\n".join(lines[1:i]) + "\n", "\n".join(lines[i + 1:]), i + 2
    raise DataError("the front matter is not closed", path=path, line=1, column=1,
                    hint="end the front matter with a line holding only '---'")


def parse_front(front_text: str, path: str) -> YamlDoc:
    """The front matter as YAML; its text fields (title, agency, ...) stay text even when they look like numbers."""
    return parse(front_text, path, line_offset=1, text_keys=FRONT_FIELDS)


def read_document(raw: bytes, path: str) -> tuple[Document, list[Issue]]:
    """Parse a document's bytes (from the work tree or a git blob) into a Document and its issues."""
    # pydantic is imported here, not at the top: git's hooks use split() and must stay light
    from scr_cli.store.schema import FrontMatter
    from scr_cli.store.validate import validate

    text, warnings = decode(raw, path)
    issues = [Issue("warning", "encoding", path, ln, col, msg, hint) for ln, col, msg, hint in warnings]
    front_text, body, body_line = split(text, path)
    doc = parse_front(front_text, path)
    model, problems = validate(doc, FrontMatter)
    issues += problems
    data: dict[str, Any] = doc.data if isinstance(doc.data, dict) else {}
    version = data.get("version")
    when = data.get("date")
    document = Document(
        path=path,
        pos=Pos(path, 1, 1),
        title=model.title if model else str(data.get("title", "")),
        version=model.version if model else (version if type(version) is int else None),  # not a bool
        date=model.date if model else (when if isinstance(when, date) else None),
        status=model.status if model else str(data.get("status", "draft")),
        agency=model.agency if model else data.get("agency"),
        body=body,
        front=data,
        body_line=body_line,
    )
    return document, issues
