"""Driving a lab's control with the keyboard only (tests/test_browser.py): the control is
reached with Tab from the top of its cell's output, then moved with the keys a learner who does
not use a mouse presses: an arrow key on a slider or a dropdown, Enter on a button, a number
and Enter in a text box. The cell's output must change.

The focus starts on the output area of the control's cell (made focusable for the test): that
is where a keyboard user lands after running the cell, and from there only Tab moves it.
"""
from __future__ import annotations

# Kinds of control the keyboard test prefers, in order: the lesson's own controls first.
PREFERRED = ("slider", "dropdown", "text", "button")
MAX_TABS = 40

FOCUS_OUTPUT_JS = """(id) => {
  const target = document.querySelector(`[data-nnlabs-control="${id}"]`);
  const area = target && target.closest('.jp-Cell-outputArea');
  if (!area) return false;
  area.setAttribute('tabindex', '-1');
  area.focus();
  return document.activeElement === area;
}"""

FOCUSED_JS = """(id) => {
  const target = document.querySelector(`[data-nnlabs-control="${id}"]`);
  const active = document.activeElement;
  return !!(target && active && (target === active || target.contains(active)));
}"""

TEXT_INPUTS_JS = """() => {
  const list = [];
  document.querySelectorAll('.jp-Notebook .jp-Cell').forEach((cell, i) => {
    const area = cell.querySelector('.jp-Cell-outputArea');
    if (!area) return;
    area.querySelectorAll('.widget-text input, .widget-textarea textarea').forEach(el => {
      if (el.closest('.nn-quiz-question') || el.disabled) return;
      const id = 'text-' + list.length;
      el.setAttribute('data-nnlabs-control', id);
      list.push({id, cell: i, kind: 'text', label: '', detail: '', question: -1});
    });
  });
  return list;
}"""


def pick_control(controls: list[dict]) -> dict | None:
    """The control to drive: the first of the most preferred kind outside a quiz."""
    lesson = [c for c in controls if c.get("question", -1) < 0]
    for kind in PREFERRED:
        found = [c for c in lesson if c["kind"] == kind]
        if found:
            return found[0]
    return None


def keys_for(control: dict) -> list[str]:
    if control["kind"] == "slider":
        now, _, high = control.get("detail", "").partition("/")
        return ["ArrowLeft" if now == high else "ArrowRight"]
    if control["kind"] == "dropdown":
        return ["ArrowDown"]
    if control["kind"] == "text":
        return ["Control+a", "1", "Enter"]
    return ["Enter"]


def keyboard_move(run) -> dict:
    """Drive one control of ``run`` (a browser_support.LabRun after Run All) by keyboard only.
    Returns {"control", "tabs", "keys", "changed_cells"} and appends a sentence to
    ``run.problems`` when the control cannot be reached or its output does not change."""
    page = run.page
    controls = list(run.controls) + page.evaluate(TEXT_INPUTS_JS)
    control = pick_control(controls)
    if control is None:
        return {}
    if not page.evaluate(FOCUS_OUTPUT_JS, control["id"]):
        run.problems.append(f"keyboard: cannot start from the output of cell {control['cell']}")
        return {}
    tabs = 0
    while not page.evaluate(FOCUSED_JS, control["id"]):
        if tabs == MAX_TABS:
            break
        page.keyboard.press("Tab")
        tabs += 1
    if not page.evaluate(FOCUSED_JS, control["id"]):
        run.problems.append(f"keyboard: {control['kind']} '{control['label']}' in cell "
                            f"{control['cell']} is not reached with {MAX_TABS} Tab presses")
        return {"control": control, "tabs": None}
    before = run.snapshot()
    since = len(run.traffic.messages)
    keys = keys_for(control)
    for key in keys:
        page.keyboard.press(key)
    run.traffic.wait_quiet(page, since, timeout=60)
    run.wait_rendered(timeout=30)
    after = run.snapshot()
    changed = sorted(int(k) for k in after if before.get(k) != after[k])
    if not changed:
        run.problems.append(f"keyboard: pressing {'+'.join(keys)} on {control['kind']} "
                            f"'{control['label']}' in cell {control['cell']} changed no output")
    return {"control": control, "tabs": tabs, "keys": keys, "changed_cells": changed}
