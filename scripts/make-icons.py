#!/usr/bin/env python3
"""Draws Terén's app icons (public/icons/*.png) with nothing but the standard
library, so anyone can regenerate them without an image editor.

The mark is a white "T" inside a ring on the theme green. The maskable icon
keeps the mark inside the central safe zone (80 %), because Android crops it
to a circle or a squircle.
"""
import math
import os
import struct
import zlib

GREEN = (0x0B, 0x5D, 0x4B)
WHITE = (0xFF, 0xFF, 0xFF)
SAMPLES = 4  # supersampling per axis, for smooth edges


def inside_mark(x, y, scale):
    """Whether the point (x, y), centred coordinates in [-1, 1], is white."""
    x, y = x / scale, y / scale
    r = math.hypot(x, y)
    if 0.80 <= r <= 0.92:
        return True
    if -0.50 <= x <= 0.50 and -0.52 <= y <= -0.34:
        return True
    if -0.10 <= x <= 0.10 and -0.52 <= y <= 0.55:
        return True
    return False


def inside_background(x, y, rounded):
    if not rounded:
        return True
    # A rounded square with corner radius 0.35 of the half-size.
    cx, cy = max(abs(x) - 0.65, 0), max(abs(y) - 0.65, 0)
    return math.hypot(cx, cy) <= 0.35


def draw(size, scale, rounded):
    rows = []
    for py in range(size):
        row = bytearray([0])  # filter: none
        for px in range(size):
            white = back = 0
            for sy in range(SAMPLES):
                for sx in range(SAMPLES):
                    x = ((px + (sx + 0.5) / SAMPLES) / size) * 2 - 1
                    y = ((py + (sy + 0.5) / SAMPLES) / size) * 2 - 1
                    if inside_background(x, y, rounded):
                        back += 1
                        if inside_mark(x, y, scale):
                            white += 1
            n = SAMPLES * SAMPLES
            if back == 0:
                row += bytes((0, 0, 0, 0))
                continue
            t = white / back
            color = [round(g + (w - g) * t) for g, w in zip(GREEN, WHITE)]
            row += bytes(color + [round(255 * back / n)])
        rows.append(bytes(row))
    return png(size, b"".join(rows))


def png(size, raw):
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def main():
    out = os.path.join(os.path.dirname(__file__), "..", "public", "icons")
    os.makedirs(out, exist_ok=True)
    for name, size, scale, rounded in [
        ("icon-192.png", 192, 0.85, True),
        ("icon-512.png", 512, 0.85, True),
        ("icon-maskable-512.png", 512, 0.62, False),
    ]:
        with open(os.path.join(out, name), "wb") as f:
            f.write(draw(size, scale, rounded))


if __name__ == "__main__":
    main()
