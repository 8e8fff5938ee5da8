"""Quiz text for people and for viewers without widgets.

- :func:`to_html`: the small Markdown of the quiz files (paragraphs, ``- `` lists, fenced code,
  ```code```, ``**bold**``, ``*italic*``) as HTML for the widget; ``$...$`` and ``$$...$$`` LaTeX
  is left for MathJax (``ipywidgets.HTMLMath`` typesets it).
- :func:`as_markdown` and :func:`as_plain`: the whole quiz, questions and options but no answers,
  for the notebook's stored output. GitHub's viewer and nbconvert cannot run widgets; they show
  this text. Where the widget does render (JupyterLab, and nbconvert pages whose widget state is
  saved), a CSS rule hides the text, so the learner reads each question once.
"""
from __future__ import annotations

import html
import re

__all__ = ["to_html", "as_markdown", "as_plain", "letter", "KIND_HINTS", "TEXT_CLASS",
           "WIDGET_CLASS"]

KIND_HINTS = {"single": "choose one", "multiple": "choose all that apply", "numeric": "a number"}
TEXT_CLASS, WIDGET_CLASS = "nn-quiz-text", "nn-quiz"
# Hide the text version in an output area that also holds the rendered quiz widget.
HIDE_RULE = (f"<style>.jp-OutputArea:has(.{WIDGET_CLASS}) .{TEXT_CLASS} {{display: none;}}"
             "</style>")
PROTECTED = re.compile(r"\$\$.+?\$\$|\$[^$\n]+?\$|`[^`\n]+`", re.S)
BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
ITALIC = re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])")
FENCE = re.compile(r"^```[^\n]*\n(.*?)^```[ \t]*$", re.S | re.M)


def _inline(text: str) -> str:
    """One paragraph's text as HTML: code and maths kept verbatim (escaped), then bold/italic."""
    kept: list[str] = []

    def keep(match) -> str:
        token = match.group(0)
        if token.startswith("`"):
            kept.append(f"<code>{html.escape(token[1:-1], quote=False)}</code>")
        else:
            kept.append(html.escape(token, quote=False))
        return f"\x00{len(kept) - 1}\x00"

    out = html.escape(PROTECTED.sub(keep, text), quote=False)
    out = ITALIC.sub(r"<i>\1</i>", BOLD.sub(r"<b>\1</b>", out))
    return re.sub("\x00(\\d+)\x00", lambda m: kept[int(m.group(1))], out)


def _block(block: str) -> str:
    lines = block.splitlines()
    if all(line.lstrip().startswith("- ") for line in lines):
        items = "".join(f"<li>{_inline(line.lstrip()[2:])}</li>" for line in lines)
        return f"<ul>{items}</ul>"
    return f"<p>{_inline(' '.join(line.strip() for line in lines))}</p>"


def to_html(markdown: str) -> str:
    """HTML for the widget from a quiz text (see the module docstring for what is supported)."""
    codes: list[str] = []

    def keep(match) -> str:
        codes.append(f"<pre><code>{html.escape(match.group(1).rstrip(), quote=False)}"
                     "</code></pre>")
        return f"\n\n\x01{len(codes) - 1}\x01\n\n"

    text = FENCE.sub(keep, markdown.strip())
    parts = []
    for block in re.split(r"\n\s*\n", text):
        block = block.strip("\n")
        if not block.strip():
            continue
        code = re.fullmatch("\x01(\\d+)\x01", block.strip())
        parts.append(codes[int(code.group(1))] if code else _block(block))
    return "".join(parts)


def letter(i: int) -> str:
    """The letter of option number ``i`` (0 -> A)."""
    return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[i]


def as_markdown(title: str, questions: list[dict]) -> str:
    """The quiz as Markdown: the title, then each question with its options, no answers."""
    parts = [f'<div class="{TEXT_CLASS}">', "",
             f"**Practice quiz: {title}** ({len(questions)} questions)", "",
             "*The quiz as text, for viewers that cannot show widgets. Run the cell in Jupyter or "
             "Colab to answer it and get feedback on each answer.*", ""]
    for n, q in enumerate(questions, 1):
        parts += [f"**Question {n}** ({KIND_HINTS[q['kind']]})", "", q["question"], ""]
        parts += [f"- {letter(i)}. {o['text']}" for i, o in enumerate(q["options"])]
        if q["options"]:
            parts.append("")
    parts += ["</div>", HIDE_RULE]
    return "\n".join(parts)


def as_plain(title: str, questions: list[dict]) -> str:
    """The quiz as plain text (the ``text/plain`` of the stored output), no answers."""
    lines = [f"Practice quiz: {title} ({len(questions)} questions)"]
    for n, q in enumerate(questions, 1):
        lines += ["", f"{n}. ({KIND_HINTS[q['kind']]}) " + " ".join(q["question"].split())]
        lines += [f"   {letter(i)}. {o['text']}" for i, o in enumerate(q["options"])]
    return "\n".join(lines)
