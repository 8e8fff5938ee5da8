"""Every figure a lab shows has alt text that says what it shows and what to notice:

- a figure output (a plot, a diagram from images/): ``{"image/png": {"alt": ...}}`` in the
  output's metadata, holding the lab's own sentence before the description the figure helpers
  make from what they draw (``utils.figures.alt``), so not only "Figure: ...";
- the picture of an interactive control, stored in the notebook's widget state: an ``<img>``
  with an alt attribute, likewise led by the lab's sentence (no bare ``ipywidgets.Image``,
  which has no alt text);
- an image in markdown: ``![alt](...)`` or ``<img alt=...>`` with a non-empty alt.
"""
from __future__ import annotations

import html
import re

import pytest

from utils.notebook import read, reference_labs

LABS = reference_labs()
MIN_WORDS = 12
_IMG_ALT = re.compile(r'<img\b[^>]*\balt="([^"]*)"', re.S)


def figure_outputs(nb):
    """(cell index, alt text or None) of every PNG output."""
    for i, cell in enumerate(nb["cells"]):
        for out in cell.get("outputs", []):
            if "image/png" in out.get("data", {}):
                yield i, (out.get("metadata", {}).get("image/png") or {}).get("alt")


def widget_models(nb):
    state = (nb.get("metadata", {}).get("widgets", {})
             .get("application/vnd.jupyter.widget-state+json", {}).get("state", {}))
    return state.values()


def alt_problem(alt) -> str | None:
    if not alt or not alt.strip():
        return "no alt text"
    if len(alt.split()) < MIN_WORDS:
        return f"alt text of {len(alt.split())} words: {alt!r}"
    if alt.startswith("Figure"):
        return f"only the generated description, no sentence of the lab's: {alt[:80]!r}"
    return None


@pytest.mark.parametrize("path", LABS, ids=lambda p: p.name)
def test_every_figure_output_has_alt_text_with_the_labs_sentence(path):
    problems = [f"cell {i}: {problem}" for i, alt in figure_outputs(read(path))
                if (problem := alt_problem(alt))]
    assert not problems, f"{path.name}:\n" + "\n".join(problems)


@pytest.mark.parametrize("path", LABS, ids=lambda p: p.name)
def test_every_controls_picture_has_alt_text_with_the_labs_sentence(path):
    problems = []
    for model in widget_models(read(path)):
        name, state = model.get("model_name"), model.get("state", {})
        if name == "ImageModel":
            problems.append("an ipywidgets Image (no alt text): draw it with FigureControl")
        value = state.get("value") if name == "HTMLModel" else None
        if isinstance(value, str) and "<img" in value:
            alts = _IMG_ALT.findall(value)
            if len(alts) != value.count("<img"):
                problems.append("an <img> without alt")
            problems += [p for alt in alts if (p := alt_problem(html.unescape(alt)))]
    assert not problems, f"{path.name}:\n" + "\n".join(problems)


@pytest.mark.parametrize("path", LABS, ids=lambda p: p.name)
def test_every_markdown_image_has_alt_text(path):
    problems = []
    for i, cell in enumerate(read(path)["cells"]):
        if cell["cell_type"] != "markdown":
            continue
        source = "".join(cell["source"])
        problems += [f"cell {i}: ![]({src})" for alt, src in
                     re.findall(r"!\[([^\]]*)\]\(([^)]*)\)", source) if not alt.strip()]
        if source.count("<img") != len(_IMG_ALT.findall(source)):
            problems.append(f"cell {i}: an <img> without alt")
    assert not problems, f"{path.name}:\n" + "\n".join(problems)


def test_alt_problem_tells_the_cases_apart():
    assert alt_problem(None) == "no alt text"
    assert "words" in alt_problem("A plot.")
    assert "no sentence" in alt_problem("Figure: " + "word " * 20)
    assert alt_problem("The loss falls tenfold in 20 epochs. Figure: x axis epoch, y axis J.") \
        is None
