"""utils/labs/lab09/lesson.py: the lab's graphs, the printed passes, the fill-in logic and
control."""
import matplotlib
import pytest

from utils.labs.lab09.autodiff import Value
from utils.labs.lab09.lesson import (FillInGraph, backward_steps, check_fill_in, fill_in_graph,
                                     forward_steps, half_square, lecture_graph, named,
                                     path_contributions)

matplotlib.use("Agg")


def test_the_lecture_graph_and_its_printed_passes():
    J, n = lecture_graph()
    assert forward_steps(J) == ["c = w * x = 2 * -2 = -4", "a = c + b = -4 + 8 = 4",
                                "d = a - y = 4 - 2 = 2", "J = ½·d² = ½·2² = 2"]
    steps = backward_steps(J)
    assert steps[0] == "dJ/dJ = 1" and len(steps) == 8
    assert "dJ/dw: local dc/dw = -2, times dJ/dc = 2: -4" in steps
    J.backward()
    assert (n["w"].grad, n["b"].grad, n["d"].grad) == (-4.0, 2.0, 2.0)


def test_half_square_has_local_derivative_d():
    d = Value(3.0)
    J = half_square(d)
    J.backward()
    assert (J.data, d.grad, J.op) == (4.5, 3.0, "½·{}²")
    assert forward_steps(half_square(Value(-3.0, "e")))[0] == "4.5 = ½·e² = ½·(-3)² = 4.5"


def test_backward_steps_print_a_zero_product_as_0_not_minus_0():
    z = Value(-1.0, "z")
    J = named(half_square(named(z.relu(), "a") - 5.0), "J")
    assert backward_steps(J)[-1] == "dJ/dz: local da/dz = 0, times dJ/da = -5: 0"


def test_backward_steps_show_the_sum_for_a_value_used_twice():
    J, n = fill_in_graph()
    steps = backward_steps(J)
    assert "dJ/dw: local du/dw = 1, times dJ/du = 6: 6, added to 9 from another path: 15" in steps
    assert sorted(path_contributions(n["w"], J)) == [6.0, 9.0] and n["w"].grad == 15.0


ASKED = ("v", "u", "x", "b", "w")


def test_check_fill_in_messages():
    J, n = fill_in_graph()
    asked = {k: n[k] for k in ASKED}
    verdicts = check_fill_in(J, asked, {"v": "3", "u": " 6.0 ", "x": "-6", "b": "abc", "w": "9"})
    assert verdicts["v"] == (True, "dJ/dv = 3: right.")
    assert verdicts["u"][0] is True
    assert verdicts["x"] == (False, "dJ/dx: -6 is not right. Check the sign of the local "
                                    "derivative.")
    assert verdicts["b"] == (False, "dJ/db: 'abc' is not a number; type one like -4 or 2.5.")
    assert "w is used 2 times; add what each use contributes" in verdicts["w"][1]
    empty = check_fill_in(J, asked, {})
    assert all(right is None for right, _ in empty.values())
    value_instead = check_fill_in(J, asked, {"u": "3"})["u"]
    assert value_instead[0] is False and "3 is the value of u" in value_instead[1]
    other = check_fill_in(J, asked, {"x": "100"})["x"][1]
    assert "Start at J (dJ/dJ = 1) and go left" in other
    assert "sign" in check_fill_in(J, asked, {"x": "−6"})["x"][1]     # a typographic minus


def test_fill_in_control_redraws_with_marks():
    J, n = fill_in_graph()
    control = FillInGraph(J, {k: n[k] for k in ASKED})
    assert control.last_figure.axes[0].get_title() == "0 of 5 derivatives right"
    assert control.feedback.value.count("type a number") == 5
    control.controls["v"].value = "3"
    control.controls["w"].value = "6"
    title = control.last_figure.axes[0].get_title()
    assert title == "1 of 5 derivatives right" and control.status.value == ""
    texts = [t.get_text() for t in control.last_figure.axes[0].texts]
    assert "v = w * x\nvalue 6\ndJ/dv = 3" in texts and "w\nvalue 2\ndJ/dw = ?" in texts
    assert control.verdicts()["w"][0] is False and "used 2 times" in control.feedback.value
    for k, answer in zip(ASKED, ("3", "6", "6", "6", "15")):
        control.controls[k].value = answer
    assert control.last_figure.axes[0].get_title() == "5 of 5 derivatives right"
    control.clear_button.click()
    assert set(control.values().values()) == {""}
    assert control.last_figure.axes[0].get_title() == "0 of 5 derivatives right"
    control.show_button.click()
    assert control.values() == {"v": "3", "u": "6", "x": "6", "b": "6", "w": "15"}
    assert control.last_figure.axes[0].get_title() == "5 of 5 derivatives right"
    assert repr(control) == ("FillInGraph(Type dJ/d(each name), then press Enter: v='3', "
                             "u='6', x='6', b='6', w='15')")


def test_fill_in_control_and_helpers_check_their_arguments():
    J, n = fill_in_graph()
    with pytest.raises(TypeError, match="J must be a Value"):
        FillInGraph("J", {"w": n["w"]})
    with pytest.raises(TypeError, match="asked must be a dict name -> Value"):
        FillInGraph(J, [])
    with pytest.raises(TypeError, match="named\\(value, label\\) takes a Value and a str"):
        named(3.0, "x")
    with pytest.raises(TypeError, match="J must be a Value"):
        forward_steps(2.0)
