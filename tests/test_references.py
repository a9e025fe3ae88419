"""What a document pulls in (images, `!include`) and how the sign-off fingerprint binds it (pure: no files)."""

from __future__ import annotations

from scr_cli.review.canonical import fingerprint
from scr_cli.review.references import LOCKED, MISSING, attachments, referenced

DOC = "06-overview/overview-report.md"
BODY = """# Family background

![Genogram of the family](genogram.svg "drawn by the author")

![Map](<maps/the area.png>)

![A web image](https://example.invalid/x.png)

![Outside](../../etc/passwd)

```
![Not an image: shown as code](code.png)
!include not-followed.md
```

!include appendices/records.md
!include /06-overview/timeline.md
"""


def test_referenced_lists_images_and_includes_relative_to_the_document() -> None:
    assert referenced(BODY, DOC) == [
        "06-overview/genogram.svg",
        "06-overview/maps/the area.png",
        "06-overview/appendices/records.md",
    ]


def test_a_document_that_includes_itself_is_not_listed() -> None:
    assert referenced("!include overview-report.md\n", DOC) == []


def test_attachments_follow_includes_and_hash_each_file_once() -> None:
    store = {
        "06-overview/genogram.svg": b"<svg/>",
        "06-overview/appendices/records.md": b"Records read.\n\n![again](../genogram.svg)\n!include more.md\n",
        "06-overview/appendices/more.md": b"More.\n",
    }
    got = dict(attachments(DOC, BODY, store.get))
    assert list(got) == [
        "06-overview/genogram.svg",
        "06-overview/maps/the area.png",
        "06-overview/appendices/records.md",
        "06-overview/appendices/more.md",
    ]
    assert got["06-overview/maps/the area.png"] == MISSING
    assert all(v.startswith("sha256:") for k, v in got.items() if k != "06-overview/maps/the area.png")


def test_a_locked_file_is_bound_by_name_only() -> None:
    one = {"06-overview/genogram.svg": b"<svg>1</svg>", "06-overview/genogram.svg.gpg": b"cipher 1"}
    two = {"06-overview/genogram.svg": b"<svg>2</svg>", "06-overview/genogram.svg.gpg": b"cipher 2"}
    body = "![g](genogram.svg)\n"
    assert attachments(DOC, body, one.get) == attachments(DOC, body, two.get) == (("06-overview/genogram.svg", LOCKED),)


def test_the_fingerprint_changes_with_an_image_and_not_with_spacing_in_an_include() -> None:
    front = {"title": "Overview report"}
    body = "Text.\n\n![g](genogram.svg)\n\n!include appendix.md\n"
    base = {"06-overview/genogram.svg": b"<svg>1</svg>", "06-overview/appendix.md": b"Records read.\n"}

    def fp(store: dict[str, bytes]) -> str:
        return fingerprint(front, body, attachments(DOC, body, store.get))

    assert fp(base) != fp({**base, "06-overview/genogram.svg": b"<svg>2</svg>"})
    assert fp(base) != fp({**base, "06-overview/appendix.md": b"Records not read.\n"})
    assert fp(base) == fp({**base, "06-overview/appendix.md": b"Records   read.\r\n\r\n\r\n"})


def test_a_document_without_attachments_keeps_its_fingerprint() -> None:
    front = {"title": "Terms of reference"}
    assert fingerprint(front, "Text.\n", ()) == fingerprint(front, "Text.\n")
    # the value it had before attachments were counted: a sign-off made then stays valid
    assert fingerprint(front, "Text.\n") == "sha256:8e810c3512672047ec0e70a48edf511b463e0ce5fb7614a578d6e5e2c5fef4ec"
