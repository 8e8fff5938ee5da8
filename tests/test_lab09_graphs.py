"""utils/labs/lab09/graphs.py: the layout, the box texts, the drawing and its errors."""
import matplotlib
import pytest

from utils.labs.lab09.autodiff import Value
from utils.labs.lab09.graphs import MAX_NODES, draw_graph, graph_layout, node_name, node_text

matplotlib.use("Agg")


def reused_graph():
    """J = (w + b) * (w * x): w feeds two Values."""
    w, b, x = Value(2.0, "w"), Value(1.0, "b"), Value(3.0, "x")
    u, v = w + b, w * x
    u.label, v.label = "u", "v"
    J = u * v
    J.label = "J"
    J.backward()
    return J, dict(w=w, b=b, x=x, u=u, v=v)


def box_texts(fig):
    return [t.get_text() for t in fig.axes[0].texts]


def test_layout_puts_inputs_left_and_J_right():
    J, n = reused_graph()
    where = graph_layout(J)
    assert where[J][0] == 2 and where[n["u"]][0] == where[n["v"]][0] == 1
    assert {where[n[k]][0] for k in "wbx"} == {0}
    assert sorted(r for c, r in where.values() if c == 0) == [-1.0, 0.0, 1.0]   # centred
    assert where[J][1] == 0.0


def test_every_input_sits_in_the_left_column_the_first_used_in_the_middle():
    w, x, b, y = Value(2.0, "w"), Value(-2.0, "x"), Value(8.0, "b"), Value(2.0, "y")
    J = ((w * x + b) - y) ** 2
    where = graph_layout(J)
    assert {where[v][0] for v in (w, x, b, y)} == {0} and where[J][0] == 4
    assert sorted(abs(where[v][1]) for v in (w, x)) == [0.5, 0.5]      # used first: middle
    assert sorted(abs(where[v][1]) for v in (b, y)) == [1.5, 1.5]      # used later: outside
    assert where[b][1] == -where[y][1]            # one above and one below the rest


def test_node_texts():
    J, n = reused_graph()
    assert node_text(n["u"]) == "u = w + b\nvalue 3\ndJ/du = 6"
    assert node_text(n["w"], hidden=[n["w"]]) == "w\nvalue 2\ndJ/dw = ?"
    assert node_text(J, show_grad=False) == "J = u * v\nvalue 18"
    c = Value(0.5)
    assert node_name(c) == "0.5"
    unnamed = (c * n["w"]).relu()            # an unnamed parent shows its number, 1
    assert node_text(unnamed).splitlines() == ["relu(1)", "value 1", "dJ/d(this) = 0"]


def test_formulas_of_every_kind_of_operation():
    w = Value(2.0, "w")
    firsts = [node_text(v).splitlines()[0] for v in (w ** 2, -w, w.exp(), w * 4, 4 - w)]
    assert firsts == ["w**2", "-w", "exp(w)", "w * 4", "4 - w"]
    assert node_text(w / 4).splitlines()[0] == "w * 0.25"          # a / b is a * b**-1
    assert node_text(Value.from_op("½·{}²", 2.0, (w,), (2.0,))).splitlines()[0] == "½·w²"


def test_draw_graph_draws_one_box_per_value_and_one_arrow_per_edge():
    J, n = reused_graph()
    fig = draw_graph(J, hidden=[n["w"]], marks={n["u"]: True, n["v"]: False}, title="t")
    ax = fig.axes[0]
    boxes = [t for t in ax.texts if t.get_text()]
    assert len(boxes) == 6 and "w\nvalue 2\ndJ/dw = ?" in box_texts(fig)
    arrows = [c for c in ax.get_children() if type(c).__name__ == "Annotation" and
              not c.get_text()]
    assert len(arrows) == 6 and ax.get_title() == "t"
    edges = {t.get_text().splitlines()[0]: t.get_bbox_patch().get_edgecolor() for t in boxes}
    assert edges["u = w + b"] != edges["v = w * x"] != edges["J = u * v"]


@pytest.mark.parametrize("call, error, words", [
    (lambda: draw_graph(3.0), TypeError, "J must be a Value from utils.labs.lab09.autodiff, got float"),
    (lambda: graph_layout(sum(Value(1.0) for _ in range(MAX_NODES))), ValueError,
     "graph has .* Values; a drawing stays readable up to 40"),
])
def test_errors(call, error, words):
    with pytest.raises(error, match=words):
        call()
