"""Output of the draft, sign-off and diff commands.

The hooks themselves print plain lines from scr_cli/cli/hooks.py: loading rich would add ~50 ms to every
commit.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any


def lines(items: Iterable[str]) -> None:
    for item in items:
        print(item)


def drafts_table(path: str, rows: Sequence[Any]) -> None:
    from rich.markup import escape
    from rich.table import Table

    from scr_cli.render import table as show

    table = Table(title=escape(f"Drafts of {path}"))
    for column in ("version", "date", "status", "commit", "author", "signed by"):
        table.add_column(column)
    for r in rows:
        table.add_row(
            str(r.version or "?"),
            str(r.date or "?"),
            r.status,
            r.commit[:10] if r.commit else "(work tree)",
            escape(r.author),
            escape(", ".join(r.signed_by) or "—"),
        )
    show(table)


def signed(result: Any) -> None:
    print(
        f"signed {result.document} v{result.version} as {result.role} ({result.person}); "
        f"fingerprint {result.fingerprint[:19]}… appended to signoffs.yaml"
    )
    if not result.complete:
        return
    first = "commit it" if result.status == "final" else "set `status: final` and commit it"
    print(f"next: it has every sign-off it needs: {first}")
    if result.then_log:
        print(f"then, once it has gone out, record it: scr log {result.then_log} --date YYYY-MM-DD")


def signoff_states(states: Sequence[Any]) -> None:
    from rich.markup import escape
    from rich.table import Table

    from scr_cli.render import table as show

    colours = {"valid": "green", "superseded": "dim", "stale": "yellow", "void": "yellow", "invalid": "red"}
    table = Table(title="Sign-offs")
    for column in ("document", "version", "person", "role", "state", "why"):
        table.add_column(column)
    for st in states:
        s = st.signoff
        table.add_row(escape(s.document), str(s.version), escape(s.person), escape(s.role),
                      f"[{colours[st.state]}]{st.state}[/]", escape(st.reason))
    show(table)


def word_diff(result: Any) -> None:
    """Deleted words struck through in red, inserted words underlined in green.

    Piped, the same changes read `[-deleted-]{+inserted+}` (no colour to lose). When only the front matter
    changed, it says so in one line.
    """
    from rich.text import Text

    from scr_cli.render import out
    from scr_cli.review.worddiff import plain

    out.print(Text(result.heading(), style="bold"))
    if not any(line.changed for line in result.lines):
        out.print(Text("no text changes (only the front matter: version, date or status)"))
        return
    if not out.is_terminal:
        out.print(Text(plain(result.lines)))
        return
    styles = {"same": "", "del": "red strike", "ins": "green underline"}
    for line in result.lines:
        text = Text(line.prefix)
        for piece in line.pieces:
            text.append(piece.text, style=styles[piece.kind])
        out.print(text)


def written(path: Any) -> None:
    print(f"wrote {path}")
