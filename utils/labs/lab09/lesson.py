"""Lab 09 (the computation graph and backpropagation): its graphs, the printouts of the forward
and backward passes, and the fill-in-the-graph control.

- :func:`lecture_graph`, :func:`fill_in_graph`: the lab's two small graphs (Values of
  :mod:`utils.labs.lab09.autodiff`); :func:`half_square` the lecture's last step ``J = ½·d²`` as
  one operation; :data:`LECTURE_GRAPH_TITLE` titles ``images/09_lecture_graph.png``
  (``python3 -m utils images`` draws it).
- :func:`forward_steps`, :func:`backward_steps`: the passes node by node, as lines of text.
- :func:`check_fill_in` (plain logic) and :class:`FillInGraph` (the control that shows it).

The network of "why backpropagation is efficient" is in :mod:`utils.labs.lab09.network`.
"""
from __future__ import annotations

import ipywidgets as widgets

from utils.labs.lab09.autodiff import Value
from utils.labs.lab09.graphs import draw_graph, formula, node_name
from utils.validation import describe
from utils.widgets import FigureControl

__all__ = ["named", "half_square", "lecture_graph", "fill_in_graph", "LECTURE_GRAPH_TITLE",
           "forward_steps", "backward_steps", "path_contributions",
           "check_fill_in", "FillInGraph"]


def named(value: Value, label: str) -> Value:
    """Give ``value`` the name ``label`` (for printouts and drawings); returns it."""
    if not isinstance(value, Value) or not isinstance(label, str):
        raise TypeError(f"named(value, label) takes a Value and a str, got {describe(value)} "
                        f"and {describe(label)}.")
    value.label = label
    return value


def half_square(d: Value) -> Value:
    """The lecture's last step ``J = ½·d²`` as one operation: local derivative ``d``."""
    return Value.from_op("½·{}²", d.data ** 2 / 2, (d,), (d.data,))


def lecture_graph(w=2.0, b=8.0, x=-2.0, y=2.0):
    """``J = 1/2 (w x + b - y)^2`` node by node: ``(J, {name: Value})`` with the lecture's
    numbers by default."""
    n = {name: Value(value, name) for name, value in (("w", w), ("b", b), ("x", x), ("y", y))}
    n["c"] = named(n["w"] * n["x"], "c")
    n["a"] = named(n["c"] + n["b"], "a")
    n["d"] = named(n["a"] - n["y"], "d")
    n["J"] = named(half_square(n["d"]), "J")
    return n["J"], n


def fill_in_graph(w=2.0, b=1.0, x=3.0):
    """``J = (w + b) * (w * x)``, in which ``w`` is used twice: ``(J, {name: Value})``."""
    n = {name: Value(value, name) for name, value in (("w", w), ("b", b), ("x", x))}
    n["u"] = named(n["w"] + n["b"], "u")
    n["v"] = named(n["w"] * n["x"], "v")
    n["J"] = named(n["u"] * n["v"], "J")
    return n["J"], n


LECTURE_GRAPH_TITLE = "J = ½ (w x + b - y)² as a computation graph"


def _check_value(J):
    if not isinstance(J, Value):
        raise TypeError(f"J must be a Value from utils.labs.lab09.autodiff, got {describe(J)}.")


def forward_steps(J: Value) -> list:
    """One line per computed Value, each after the Values it is computed from:
    ``c = w * x = 2 * -2 = -4``."""
    _check_value(J)
    return [f"{node_name(v)} = {formula(v)} = {formula(v, numbers=True)} = {v.data:g}"
            for v in J.topological_order() if v.op]


def backward_steps(J: Value) -> list:
    """The backward pass, J first: for every edge, the local derivative, the chain-rule
    product, and the running sum when a Value gets a second contribution."""
    _check_value(J)
    grads, lines = {J: 1.0}, [f"d{node_name(J)}/d{node_name(J)} = 1"]
    for v in reversed(J.topological_order()):
        for p, local in zip(v.parents, v.local_grads):
            product = local * grads[v] + 0.0          # + 0.0: a product 0 prints 0, not -0
            line = (f"d{node_name(J)}/d{node_name(p)}: local d{node_name(v)}/d{node_name(p)} "
                    f"= {local:g}, times d{node_name(J)}/d{node_name(v)} = {grads[v]:g}: "
                    f"{product:g}")
            if p in grads:
                line += f", added to {grads[p]:g} from another path: {grads[p] + product:g}"
            grads[p] = grads.get(p, 0.0) + product
            lines.append(line)
    return lines


def path_contributions(v: Value, J: Value) -> list:
    """What each use of ``v`` adds to dJ/dv (one number per Value computed from it)."""
    J.backward()
    return [local * child.grad for child in J.topological_order()
            for p, local in zip(child.parents, child.local_grads) if p is v]


def _parse(text):
    try:
        return float(str(text).strip().replace("−", "-"))
    except ValueError:
        return None


def check_fill_in(J: Value, asked: dict, answers: dict) -> dict:
    """``{name: (right, message)}`` for each Value of ``asked`` (name -> Value) whose answer
    (a string the learner typed) is in ``answers``; ``right`` is None for an empty answer."""
    J.backward()
    verdicts = {}
    for name, v in asked.items():
        text = str(answers.get(name, "")).strip()
        if not text:
            verdicts[name] = (None, f"dJ/d{name}: type a number.")
            continue
        number = _parse(text)
        exact = v.grad
        if number is None:
            verdicts[name] = (False, f"dJ/d{name}: {text!r} is not a number; type one like "
                                     "-4 or 2.5.")
        elif abs(number - exact) <= 1e-6 * max(1.0, abs(exact)):
            verdicts[name] = (True, f"dJ/d{name} = {exact:g}: right.")
        else:
            verdicts[name] = (False, f"dJ/d{name}: {text} is not right. "
                                     + _fill_in_hint(name, v, J, number, exact))
    return verdicts


def _fill_in_hint(name, v, J, number, exact) -> str:
    parts = path_contributions(v, J)
    if len(parts) > 1 and any(abs(number - p) < 1e-9 for p in parts):
        return (f"{name} is used {len(parts)} times; add what each use contributes "
                f"(dJ/d{name} is a sum over the paths from {name} to J).")
    if abs(number + exact) < 1e-9:
        return "Check the sign of the local derivative."
    if abs(number - v.data) < 1e-9 and v.data != exact:
        return f"{number:g} is the value of {name}; the box asks for the derivative dJ/d{name}."
    return (f"Start at J (dJ/dJ = 1) and go left: dJ/d{name} is the local derivative of each "
            f"Value computed from {name}, times that Value's dJ.")


class FillInGraph(FigureControl):
    """A text box per Value of ``asked`` (name -> Value) for dJ/d(name); the graph redraws on
    Enter, with a blue edge on a right answer and a red one on a wrong one, and the lines
    under it say what to fix. Right answers show their number in the graph. "Show the answers"
    fills in every box; "Clear" empties them."""

    repr_name = "FillInGraph"

    def __init__(self, J: Value, asked: dict, *, title: str = "", alt: str = ""):
        _check_value(J)
        if not isinstance(asked, dict) or not asked:
            raise TypeError(f"asked must be a dict name -> Value, got {describe(asked)}.")
        self.J, self.asked = J, dict(asked)
        self.feedback = widgets.HTML(value="")
        self.show_button = widgets.Button(description="Show the answers")
        self.clear_button = widgets.Button(description="Clear")
        self.show_button.on_click(lambda _: self.show_answers())
        self.clear_button.on_click(lambda _: self.clear())
        boxes = {name: widgets.Text(value="", description=f"dJ/d{name}",
                                    continuous_update=False, placeholder="type, then Enter")
                 for name in self.asked}
        super().__init__(self.draw, boxes,
                         title=title or "Type dJ/d(each name), then press Enter", alt=alt)

    def control_rows(self) -> list:
        return [*self.controls.values(), widgets.HBox([self.show_button, self.clear_button]),
                self.feedback]

    def verdicts(self) -> dict:
        """:func:`check_fill_in` on the answers in the boxes now."""
        return check_fill_in(self.J, self.asked, self.values())

    def show_answers(self) -> None:
        """Fill every box with its derivative (one redraw)."""
        self.J.backward()
        with self.hold():
            for name, v in self.asked.items():
                self.controls[name].value = f"{v.grad:g}"

    def clear(self) -> None:
        """Empty every box (one redraw)."""
        with self.hold():
            for box in self.controls.values():
                box.value = ""

    def draw(self, **answers):
        verdicts = check_fill_in(self.J, self.asked, answers)
        marks = {self.asked[n]: right for n, (right, _) in verdicts.items() if right is not None}
        hidden = [self.asked[n] for n, (right, _) in verdicts.items() if not right]
        done = sum(right is True for right, _ in verdicts.values())
        self.feedback.value = "<br>".join(message for _, message in verdicts.values())
        return draw_graph(self.J, hidden=hidden, marks=marks,
                          title=f"{done} of {len(verdicts)} derivatives right")
