"""The genogram as a build makes it: the family read from family.yaml, drawn for one edition, as a page.

The restricted edition names the family by their real names (the first of each member's real_names), the
public edition by their pseudonyms. The drawing reaches a PDF as an image staged in the private build
folder (Typst reads files only inside the review), which the leak scan reads like any image of a public
edition.
"""

from __future__ import annotations

from scr_cli.errors import DataError
from scr_cli.publish.genogram_svg import genogram_svg
from scr_cli.publish.markdown import Assembled, SourceLine
from scr_cli.review.family import Family
from scr_cli.review.genogram import layout
from scr_cli.review.layout import BUILD_DIR, FAMILY
from scr_cli.store.loader import Loaded

STAGE = f"{BUILD_DIR}/.genogram"  # where the drawing waits for Typst while a PDF is made
CAPTION = "Genogram of the family, drawn by scr from family.yaml"


def family_for(loaded: Loaded) -> Family:
    """The family to draw; an error when family.yaml is locked, missing or lists no relationships."""
    if loaded.kin is None:
        locked = (loaded.root / f"{FAMILY}.gpg").is_file()
        raise DataError(
            f"family.yaml is {'locked' if locked else 'missing'}, so there is no family to draw",
            path=FAMILY,
            hint="run `scr unlock family.yaml` first" if locked else "copy it from the review template",
        )
    if not loaded.kin.drawable():
        raise DataError(
            "family.yaml lists no relationships to draw",
            path=FAMILY,
            hint="give members an id and their parents, and list partnerships or households (docs/genogram.md)",
        )
    return loaded.kin


def names_for(family: Family, public: bool) -> dict[str, str]:
    """What each member is called in this edition."""
    return {m.id: m.pseudonym if public else m.name for m in family.members}


def drawing(loaded: Loaded, family: Family, public: bool) -> bytes:
    """The SVG of one edition."""
    title = f"Genogram: the family of {loaded.review.info.child}"
    return genogram_svg(layout(family), names_for(family, public), title)


def staged_path(public: bool) -> str:
    return f"{STAGE}/genogram{'-public' if public else ''}.svg"


def genogram_markdown(public: bool, heading: str = "") -> Assembled:
    """The page that shows the drawing (with a heading when it is a part of the pack)."""
    text = f"\n::: {{.part}}\n\n{heading}\n\n" if heading else "\n"
    text += f"![{CAPTION}](<{staged_path(public)}>){{width=100%}}\n"
    text += "\n:::\n" if heading else ""
    out = Assembled([], [])
    out.add(text, SourceLine(FAMILY, 0))
    return out
