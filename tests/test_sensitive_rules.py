"""Which paths are sensitive: default deny. The regime lists the public paths; a board can add public paths
(signed) but never make a built-in sensitive one public; case is ignored for the built-in ones."""

from __future__ import annotations

from collections.abc import Iterable

from scr_cli.review.layout import SENSITIVE as DEFAULT_GLOBS
from scr_cli.review.layout import is_public, is_sensitive
from scr_cli.store.settings import PublicPaths, addition_problem, board_public


class Files:
    """A tree in memory."""

    def __init__(self, files: dict[str, bytes]) -> None:
        self.files = files

    def paths(self) -> Iterable[str]:
        return sorted(self.files)

    def read(self, path: str) -> bytes | None:
        return self.files.get(path)

    def mode(self, path: str) -> str | None:
        return "100644" if path in self.files else None


def public(files: dict[str, bytes], config: str = "", signed: tuple[str, ...] = ()) -> PublicPaths:
    tree = Files({".scr/config.yaml": config.encode(), **files})
    return PublicPaths.of(tree, lambda: signed)


def test_a_narrowed_list_keeps_the_defaults() -> None:
    # a board's additions never reach the built-in sensitive paths, even when signed
    paths = public({}, "public:\n  - 05-imr/**\n  - notes/*.md\n", ("05-imr/**", "notes/*.md"))
    assert addition_problem("05-imr/**") and not addition_problem("notes/*.md")
    assert not paths.allows("05-imr/police/imr.md", b"x")
    assert not paths.allows("family.yaml", b"x")
    assert paths.allows("notes/private.md", b"x")  # signed, so public
    assert is_sensitive("family.yaml", DEFAULT_GLOBS)


def test_no_list_means_the_defaults() -> None:
    assert board_public(b"public: []\n") == () and board_public(None) == ()
    paths = public({})
    assert paths.allows("people.yaml", b"x") and paths.allows("06-overview/executive-summary.md", b"x")
    for path in ("notes/private.md", "referral.md.orig", "01-referral/referral.txt", "family.yml",
                 "06-overview/overview-report-v2.md", "docs/referral.md", "08-publication/referral.md"):
        assert not paths.allows(path, b"x"), path


def test_an_unsigned_addition_stays_sensitive() -> None:
    paths = public({}, "public:\n  - notes/*.md\n", ())
    assert not paths.allows("notes/private.md", b"x") and paths.needs_signature("notes/private.md")
    assert addition_problem("*.md") and addition_problem("**/x.md")  # must start at a named folder


def test_case_does_not_hide_a_sensitive_file() -> None:
    for path in ("Family.yaml", "01-referral/Referral.MD", "05-IMR/police/IMR.md", "06-overview/Overview-Report.md"):
        assert is_sensitive(path, DEFAULT_GLOBS), path
    assert not is_sensitive("06-overview/executive-summary.md", DEFAULT_GLOBS)
    assert not is_sensitive("03-scoping/scoping.md", DEFAULT_GLOBS)
    assert not is_public("People.YAML", ["people.yaml"])  # a public path counts only as written


def test_empty_files_and_shown_images_are_public() -> None:
    summary = b"---\ntitle: S\n---\n![Genogram](images/genogram.png)\n!include appendix.md\n"
    paths = public({"06-overview/executive-summary.md": summary})
    assert paths.allows("05-imr/.gitkeep", b"")
    assert paths.allows("06-overview/images/genogram.png", b"\x89PNG\r\n\x1a\n...")
    assert not paths.allows("06-overview/images/genogram.png", b"the referral in plaintext")  # not an image
    assert not paths.allows("06-overview/images/other.png", b"\x89PNG\r\n\x1a\n...")  # shown by nothing
    assert paths.allows("06-overview/appendix.md", b"An appendix of the summary.")
