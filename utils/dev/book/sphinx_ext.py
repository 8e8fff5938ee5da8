"""The book's Sphinx extension (``conf.py`` loads it; it runs in ``.venv-book``, so it imports
only the standard library, docutils and Sphinx).

- **Alt text.** The labs store each figure's alt text in its output's metadata,
  ``{"image/png": {"alt": ...}}`` (``utils/figures/alt.py``). MyST-NB 1.4 takes only the width
  and height from there, and names the image file after the SHA-256 of its bytes; this extension
  reads the notebook, maps each stored image's SHA-256 to its alt text, and gives every image
  node of the page its text. An image left without one is a warning, which ``-W`` (the build
  runs with it) makes an error.
- **MathJax on every page**, not only on pages with equations of their own: a quiz's questions
  and feedback hold maths, typeset in the browser.
"""
from __future__ import annotations

import binascii
import hashlib
import json
import pathlib

from docutils import nodes
from sphinx.util import logging

__all__ = ["image_alts", "setup"]

logger = logging.getLogger(__name__)
BASE64_IMAGES = ("image/png", "image/jpeg", "image/gif")


def _image_bytes(mime: str, content) -> bytes:
    """The bytes MyST-NB writes for an image output (base64-decoded, or SVG text)."""
    text = "".join(content) if isinstance(content, list) else content
    if mime in BASE64_IMAGES:
        return binascii.a2b_base64(text)
    return "\n".join(text.splitlines()).encode("utf-8")


def image_alts(nb: dict) -> dict[str, str]:
    """{SHA-256 of an image's bytes: its alt text} for every image output of the notebook ``nb``
    whose metadata gives one."""
    alts = {}
    for cell in nb.get("cells", []):
        for output in cell.get("outputs", []):
            for mime, content in output.get("data", {}).items():
                alt = output.get("metadata", {}).get(mime, {}).get("alt")
                if mime.startswith("image/") and isinstance(alt, str) and alt.strip():
                    alts[hashlib.sha256(_image_bytes(mime, content)).hexdigest()] = alt.strip()
    return alts


def give_alt_texts(app, doctree) -> None:
    """``doctree-read``: every image of a notebook page gets its stored alt text."""
    source = pathlib.Path(app.env.doc2path(app.env.docname))
    alts = {}
    if source.suffix == ".ipynb":
        alts = image_alts(json.loads(source.read_text(encoding="utf-8")))
    for image in doctree.findall(nodes.image):
        stem = pathlib.PurePosixPath(image["uri"]).stem
        if not image.get("alt") and stem in alts:
            image["alt"] = alts[stem]
        if not image.get("alt", "").strip():
            logger.warning(f"an image without alt text ({image['uri']}): give the figure one "
                           "(utils/figures/alt.py)", location=image)


def setup(app):
    app.connect("doctree-read", give_alt_texts)
    app.set_html_assets_policy("always")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
