"""`scr build`: the review's documents as PDF, DOCX and HTML, public editions checked for names."""

from __future__ import annotations

from scr_cli.publish.build import BuildResult, build

__all__ = ["BuildResult", "build"]
