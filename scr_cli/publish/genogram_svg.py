"""The genogram as an SVG: the layout of review/genogram.py drawn with the usual conventions.

Squares are males, circles females, diamonds anyone whose sex is not recorded; a cross marks a member who
has died and a double outline the subject child. Partners are joined side to side, with one stroke across
the line when they separated and two when they divorced; children hang from their parents' line; a dashed
outline goes round each household. The names are the caller's: real names for the restricted edition,
pseudonyms for the public one (whose SVG the leak scan reads like any built file).
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from xml.sax.saxutils import escape, quoteattr

from scr_cli.review.genogram import SIZE, Drawing, Line, Shape

FONT = "font-family=\"DejaVu Sans, Libertinus Serif, sans-serif\""
STROKE = 'stroke="#222" stroke-width="1.6" fill="none"'
KEY_HEIGHT = 82.0
KEY_WIDTH = 460.0  # the key needs this much, however small the family
WRAP = 18  # characters a line of a name holds under its symbol


def _symbol(kind: str, cx: float, cy: float, half: float, extra: str = "") -> str:
    if kind == "square":
        return f'<rect x="{cx - half:g}" y="{cy - half:g}" width="{2 * half:g}" height="{2 * half:g}" {extra}/>'
    if kind == "circle":
        return f'<circle cx="{cx:g}" cy="{cy:g}" r="{half:g}" {extra}/>'
    points = f"{cx:g},{cy - half:g} {cx + half:g},{cy:g} {cx:g},{cy + half:g} {cx - half:g},{cy:g}"
    return f'<polygon points="{points}" {extra}/>'


def _shape(s: Shape, name: str) -> list[str]:
    cx, cy, half = s.cx, s.y + SIZE / 2, SIZE / 2
    fill = 'stroke="#222" stroke-width="1.6" fill="#fff"'
    out = [f'<g class="member" id={quoteattr("m-" + s.member)}>']
    if s.subject:
        out.append(_symbol(s.kind, cx, cy, half + 5, fill))
        out.append(_symbol(s.kind, cx, cy, half, STROKE))
    else:
        out.append(_symbol(s.kind, cx, cy, half, fill))
    if s.deceased:
        d = half * (0.72 if s.kind != "square" else 1.0)
        out.append(f'<path d="M{cx - d:g},{cy - d:g} L{cx + d:g},{cy + d:g} M{cx - d:g},{cy + d:g} '
                   f'L{cx + d:g},{cy - d:g}" {STROKE}/>')
    lines = textwrap.wrap(name, WRAP, break_long_words=False, break_on_hyphens=False) or [name]
    if len(lines) > 3:
        lines = [*lines[:2], textwrap.shorten(" ".join(lines[2:]), WRAP, placeholder="…")]
    top = s.bottom + (9 if s.subject else 4)
    for n, text in enumerate(lines):
        weight = ' font-weight="bold"' if s.subject else ""
        out.append(f'<text x="{cx:g}" y="{top + 12 + n * 14:g}" font-size="12" text-anchor="middle" {FONT}'
                   f'{weight}>{escape(text)}</text>')
    out.append("</g>")
    return out


def _line(ln: Line) -> str:
    width = "1.4" if ln.kind == "break" else "1.6"
    return (f'<line class="{ln.kind}" x1="{ln.x1:g}" y1="{ln.y1:g}" x2="{ln.x2:g}" y2="{ln.y2:g}" '
            f'stroke="#222" stroke-width="{width}"/>')


def _key(top: float) -> list[str]:
    """A key in two rows along the foot of the drawing: the symbols, then the lines."""
    out = [f'<g class="key" font-size="10" {FONT}>']
    x = 34.0
    for kind, word in (("square", "male"), ("circle", "female"), ("diamond", "not recorded")):
        out.append(_symbol(kind, x, top + 20, 7, STROKE))
        out.append(f'<text x="{x + 12:g}" y="{top + 24:g}">{word}</text>')
        x += 30 + 6 * len(word)
    out.append(_symbol("square", x, top + 20, 7, STROKE))
    out.append(f'<path d="M{x - 7:g},{top + 13:g} L{x + 7:g},{top + 27:g} M{x - 7:g},{top + 27:g} '
               f'L{x + 7:g},{top + 13:g}" {STROKE}/>')
    out.append(f'<text x="{x + 12:g}" y="{top + 24:g}">died</text>')
    x += 54
    out.append(_symbol("square", x, top + 20, 10, STROKE) + _symbol("square", x, top + 20, 6, STROKE))
    out.append(f'<text x="{x + 15:g}" y="{top + 24:g}">subject child</text>')
    x, top = 34.0, top + 26  # the lines on a second row
    for strokes, word in ((0, "couple"), (1, "separated"), (2, "divorced")):
        out.append(f'<line x1="{x - 10:g}" y1="{top + 20:g}" x2="{x + 14:g}" y2="{top + 20:g}" {STROKE}/>')
        for n in range(strokes):
            sx = x + 2 - 3 * (strokes - 1) + 6 * n
            out.append(f'<line x1="{sx - 3:g}" y1="{top + 26:g}" x2="{sx + 3:g}" y2="{top + 14:g}" {STROKE}/>')
        out.append(f'<text x="{x + 19:g}" y="{top + 24:g}">{word}</text>')
        x += 42 + 6 * len(word)
    out.append(f'<rect x="{x - 10:g}" y="{top + 12:g}" width="22" height="16" rx="4" {STROKE} '
               'stroke-dasharray="4 3"/>')
    out.append(f'<text x="{x + 17:g}" y="{top + 24:g}">household</text>')
    out.append("</g>")
    return out


def genogram_svg(drawing: Drawing, names: Mapping[str, str], title: str) -> bytes:
    """The SVG document: every shape named from `names` (member id -> the name to show), with a key."""
    width = max(drawing.width, KEY_WIDTH)
    height = drawing.height + KEY_HEIGHT
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:g}" height="{height:g}" '
        f'viewBox="0 0 {width:g} {height:g}">',
        f"<title>{escape(title)}</title>",
        f'<rect width="{width:g}" height="{height:g}" fill="#fff"/>',
    ]
    for o in drawing.outlines:
        points = " ".join(f"{x:g},{y:g}" for x, y in o.points)
        out.append(f'<polygon class="household" points="{points}" stroke="#555" stroke-width="1.3" '
                   'stroke-dasharray="6 4" fill="none" stroke-linejoin="round"/>')
        if o.label:
            x, y = o.points[0]  # the top right corner: the label sits just above it
            out.append(f'<text x="{x:g}" y="{y - 4:g}" font-size="10" text-anchor="end" fill="#555" {FONT}>'
                       f"{escape(o.label)}</text>")
    out += [_line(ln) for ln in drawing.lines]
    for s in drawing.shapes:
        out += _shape(s, names.get(s.member, s.member))
    out += _key(drawing.height - 10)
    out.append("</svg>")
    return ("\n".join(out) + "\n").encode("utf-8")
