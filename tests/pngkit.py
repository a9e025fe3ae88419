"""Just enough PNG for the visual tests, in pure Python (zlib only).

It reads 8-bit greyscale or RGB(A) images as grey pixels, compares two images and writes a greyscale PNG.

Pillow would do the same in a line, but it would be a dependency the package itself never imports; pdftoppm
writes plain 8-bit non-interlaced PNGs, which is all this reads.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

SIGNATURE = b"\x89PNG\r\n\x1a\n"
_CHANNELS = {0: 1, 2: 3, 4: 2, 6: 4}  # colour type -> samples per pixel


@dataclass(frozen=True)
class Grey:
    """A greyscale image: width, height and one byte per pixel, row by row."""

    width: int
    height: int
    pixels: bytes


def _chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    out, at = [], len(SIGNATURE)
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        out.append((data[at + 4 : at + 8], data[at + 8 : at + 8 + length]))
        at += 12 + length
    return out


def _paeth(a: int, b: int, c: int) -> int:
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else b if pb <= pc else c


def _unfilter(raw: bytes, width: int, height: int, bpp: int) -> list[bytearray]:
    stride = width * bpp
    rows: list[bytearray] = []
    prior = bytearray(stride)
    at = 0
    for _ in range(height):
        kind, line = raw[at], bytearray(raw[at + 1 : at + 1 + stride])
        at += 1 + stride
        if kind == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 0xFF
        elif kind == 2:
            line = bytearray((x + y) & 0xFF for x, y in zip(line, prior, strict=True))
        elif kind == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + prior[i]) >> 1)) & 0xFF
        elif kind == 4:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                up_left = prior[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + _paeth(left, prior[i], up_left)) & 0xFF
        rows.append(line)
        prior = line
    return rows


def read_grey(path: Path) -> Grey:
    """An 8-bit PNG as greyscale (colour averaged, alpha ignored)."""
    data = path.read_bytes()
    if not data.startswith(SIGNATURE):
        raise ValueError(f"{path.name} is not a PNG")
    chunks = _chunks(data)
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", chunks[0][1])
    if depth != 8 or interlace or colour not in _CHANNELS:
        raise ValueError(f"{path.name}: only 8-bit, non-interlaced, non-palette PNGs are read")
    bpp = _CHANNELS[colour]
    raw = zlib.decompress(b"".join(body for kind, body in chunks if kind == b"IDAT"))
    rows = _unfilter(raw, width, height, bpp)
    if bpp == 1:
        return Grey(width, height, b"".join(bytes(r) for r in rows))
    colours = 1 if bpp == 2 else 3
    grey = bytearray()
    for row in rows:
        for x in range(width):
            px = row[x * bpp : x * bpp + colours]
            grey.append(sum(px) // colours)
    return Grey(width, height, bytes(grey))


def mean_difference(a: Grey, b: Grey) -> float:
    """Mean absolute difference per pixel (0 = identical, 255 = black against white); sizes must match."""
    if (a.width, a.height) != (b.width, b.height):
        return 255.0
    return sum(abs(x - y) for x, y in zip(a.pixels, b.pixels, strict=True)) / max(1, len(a.pixels))


def write_grey(path: Path, image: Grey) -> None:
    """A greyscale PNG, compressed hard (the stored references stay small)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    w = image.width
    raw = b"".join(b"\x00" + image.pixels[y * w : (y + 1) * w] for y in range(image.height))
    header = struct.pack(">IIBBBBB", image.width, image.height, 8, 0, 0, 0, 0)
    path.write_bytes(SIGNATURE + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def side_by_side(images: list[Grey], gap: int = 8) -> Grey:
    """Images in one row, tops aligned, on white: for looking at many pages at once."""
    height = max(i.height for i in images)
    width = sum(i.width for i in images) + gap * (len(images) - 1)
    canvas = bytearray(b"\xff" * (width * height))
    x0 = 0
    for img in images:
        for y in range(img.height):
            canvas[y * width + x0 : y * width + x0 + img.width] = img.pixels[y * img.width : (y + 1) * img.width]
        x0 += img.width + gap
    return Grey(width, height, bytes(canvas))
