"""Which paths are sensitive: the settings can add to scr's defaults but never narrow them; case is ignored."""

from __future__ import annotations

from scr_cli.review.layout import SENSITIVE as DEFAULT_GLOBS
from scr_cli.review.layout import is_sensitive
from scr_cli.store.settings import sensitive_globs as globs_from


def test_a_narrowed_list_keeps_the_defaults() -> None:
    globs = globs_from(b"sensitive:\n  - notes/*.md\n")
    assert set(DEFAULT_GLOBS) <= set(globs)
    assert is_sensitive("family.yaml", globs)
    assert is_sensitive("notes/private.md", globs)


def test_no_list_means_the_defaults() -> None:
    assert globs_from(b"sensitive: []\n") == DEFAULT_GLOBS
    assert globs_from(None) == DEFAULT_GLOBS


def test_case_does_not_hide_a_sensitive_file() -> None:
    for path in ("Family.yaml", "01-referral/Referral.MD", "05-IMR/police/IMR.md", "06-overview/Overview-Report.md"):
        assert is_sensitive(path, DEFAULT_GLOBS), path
    assert not is_sensitive("06-overview/executive-summary.md", DEFAULT_GLOBS)
    assert not is_sensitive("03-scoping/scoping.md", DEFAULT_GLOBS)
