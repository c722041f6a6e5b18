"""Alt text for image exports: the map in words (dashboard.engine.describe), written into the file.

Rule: a PNG carries it as an iTXt "Description" chunk, an SVG as its <title> and <desc> (role="img"),
a GIF as a comment extension (before its first frame); it is the description of the map's date (an animation's last date,
said so), cut at a sentence end to ALT_LIMIT characters. The chunk or element is added to the bytes
the renderer wrote, nothing else of them changes. PDF, MP4, HTML and GeoJSON are not touched (the HTML
export and the published site carry the words in the page).
"""

from __future__ import annotations

import datetime as dt
import html
import re
import struct
import zlib
from pathlib import Path
from typing import Any

ALT_LIMIT = 1000
IMAGE_FORMATS = ("png", "svg", "gif")


def alt_text(
    loaded: Any, options: Any, timeline: Any = None, start: dt.date | None = None, end: dt.date | None = None
) -> str:
    """The alt text of an export of `loaded` with `options` (an animation: from `start` to `end`)."""
    from dashboard.engine.describe import alt_text as cut
    from dashboard.engine.describe import describe
    from dashboard.engine.timeline import build_timeline
    from dashboard.web.options import default_date, default_window

    timeline = timeline if timeline is not None else build_timeline(loaded)
    window = options.window or default_window(loaded, timeline)
    day = end or options.date or default_date(loaded, window)
    words = cut(describe(loaded, timeline, day, options.movement_ids), ALT_LIMIT)
    if start is not None and end is not None:
        return f"An animated map from {start:%-d %B %Y} to {end:%-d %B %Y}. At its end: {words}"
    return f"A map. {words}"


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_with_alt(png: bytes, text: str) -> bytes:
    """The PNG with an iTXt 'Description' chunk (UTF-8, uncompressed) before its IEND."""
    end = png.rfind(b"IEND")
    if not png.startswith(b"\x89PNG\r\n\x1a\n") or end < 4:
        raise ValueError("not a PNG")
    chunk = _png_chunk(b"iTXt", b"Description\x00\x00\x00\x00\x00" + text.encode("utf-8"))
    return png[: end - 4] + chunk + png[end - 4 :]


def svg_with_alt(svg: bytes, text: str) -> bytes:
    """The SVG with role="img", a <title> and a <desc> as its first children (spliced into the bytes:
    a 60 MB map is not decoded and encoded again for a tag near its start)."""
    m = re.search(rb"<svg\b[^>]*>", svg)
    if m is None:
        raise ValueError("not an SVG")
    tag = m.group(0).decode("utf-8")
    if "role=" not in tag:
        tag = tag[:-1].rstrip("/") + ' role="img">' if not tag.endswith("/>") else tag
    sentences = re.split(r"(?<=\.) ", text)
    first = next((x for x in sentences if x.startswith("On ")), sentences[0])
    inner = f"<title>{html.escape(first)}</title><desc>{html.escape(text)}</desc>"
    return svg[: m.start()] + (tag + inner).encode("utf-8") + svg[m.end() :]


def gif_with_alt(gif: bytes, text: str) -> bytes:
    """The GIF with a comment extension before its trailer."""
    if not gif.startswith((b"GIF87a", b"GIF89a")) or not gif.endswith(b";"):
        raise ValueError("not a GIF")
    data = text.encode("utf-8")
    blocks = b"".join(bytes([len(data[i : i + 255])]) + data[i : i + 255] for i in range(0, len(data), 255))
    # after the header, the screen descriptor and its colour table: before the first frame, where readers look
    packed = gif[10]
    at = 13 + (3 * 2 ** ((packed & 0x07) + 1) if packed & 0x80 else 0)
    return gif[:at] + b"\x21\xfe" + blocks + b"\x00" + gif[at:]


def embed_alt(fmt: str, path: Path, text: str) -> None:
    """Write `text` into the exported image at `path` (see the module's rule)."""
    write = {"png": png_with_alt, "svg": svg_with_alt, "gif": gif_with_alt}.get(fmt)
    if write is None:
        return
    path = Path(path)
    path.write_bytes(write(path.read_bytes(), text))


def read_alt(fmt: str, data: bytes) -> str | None:
    """The alt text in an exported image (for tests and for readers who want it back)."""
    if fmt == "png":
        i = data.find(b"iTXtDescription\x00")
        if i < 0:
            return None
        (length,) = struct.unpack(">I", data[i - 4 : i])
        return data[i + 4 : i + 4 + length][len(b"Description") + 5 :].decode("utf-8")
    if fmt == "svg":
        m = re.search(r"<desc>(.*?)</desc>", data.decode("utf-8"), re.S)
        return html.unescape(m.group(1)) if m else None
    if fmt == "gif":
        packed = data[10]
        i = 13 + (3 * 2 ** ((packed & 0x07) + 1) if packed & 0x80 else 0)
        if data[i : i + 2] != b"\x21\xfe":
            return None
        out, j = b"", i + 2
        while data[j]:
            out += data[j + 1 : j + 1 + data[j]]
            j += 1 + data[j]
        return out.decode("utf-8")
    return None
