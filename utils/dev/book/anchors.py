"""The anchor JupyterLab gives a Markdown heading: its text with every space a hyphen
(``## 2. Step 1: create the model`` -> ``#2.-Step-1:-create-the-model``). The labs' own links
use these anchors (their outlines link their sections), so ``conf.py`` gives this function to
MyST (``myst_heading_slug_func``) and the links work on the book's pages too.
"""


def jupyter_anchor(text: str) -> str:
    """JupyterLab's anchor for a heading whose text is ``text``."""
    return text.strip().replace(" ", "-")
