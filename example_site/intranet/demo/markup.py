"""A tiny markup for the demo copy, turned into the ``BodyBlock`` stream of the page models.

One block per string:

- ``"## Titre"`` is a heading;
- ``"> Citation | Auteur"`` is a quote (attribution optional);
- ``"- un\\n- deux"`` is a bulleted list (a rich-text paragraph);
- anything else is a paragraph; ``**gras**`` is bold.
"""

from __future__ import annotations

import re
from html import escape

from wagtail.rich_text import RichText

BOLD = re.compile(r"\*\*(.+?)\*\*")
# French typography: no line break before ? ! : ; » nor after «.
BEFORE_PUNCTUATION = re.compile(r" ([?!:;»])")
AFTER_QUOTE = re.compile(r"« ")


def french_spacing(text: str) -> str:
    return AFTER_QUOTE.sub("«\u00a0", BEFORE_PUNCTUATION.sub("\u00a0\\1", text))


def inline(text: str) -> str:
    return BOLD.sub(r"<b>\1</b>", escape(french_spacing(text), quote=False))


def paragraph_html(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines()]
    if lines and all(line.startswith("- ") for line in lines):
        items = "".join(f"<li>{inline(line[2:])}</li>" for line in lines)
        return f"<ul>{items}</ul>"
    return f"<p>{inline(' '.join(lines))}</p>"


def body(*chunks: str) -> list[tuple[str, object]]:
    """The StreamField value for ``chunks`` written in the markup above."""
    stream: list[tuple[str, object]] = []
    for chunk in chunks:
        chunk = chunk.strip()
        if chunk.startswith("## "):
            stream.append(("heading", french_spacing(chunk[3:].strip())))
        elif chunk.startswith("> "):
            text, _sep, attribution = chunk[2:].partition(" | ")
            quote = {"text": french_spacing(text.strip()), "attribution": attribution.strip()}
            stream.append(("quote", quote))
        else:
            stream.append(("paragraph", RichText(paragraph_html(chunk))))
    return stream
