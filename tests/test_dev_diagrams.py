"""utils.dev.diagrams.draw_network: the network drawings behind images/*.png."""
import pytest
from matplotlib.patches import Circle

from utils.dev.diagrams import draw_network


def count_circles(fig):
    return sum(isinstance(p, Circle) for p in fig.axes[0].patches)


def test_draw_network_draws_every_unit_and_connection():
    fig = draw_network([2, 3, 1], layer_names=["x", "l1", "l2"])
    assert count_circles(fig) == 6
    lines = [p for p in fig.axes[0].patches if not isinstance(p, Circle)]
    assert len(lines) == 2 * 3 + 3 * 1
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "x\n(2 features)" in texts and "l1\n(3 units)" in texts and "l2\n(1 unit)" in texts


def test_draw_network_elides_large_layers():
    fig = draw_network([400, 25, 15, 10], max_units=5)
    assert count_circles(fig) == 4 * 4          # 5 shown places, one of them an ellipsis
    assert sum(t.get_text() == "⋮" for t in fig.axes[0].texts) == 4
    assert any("(400 features)" in t.get_text() for t in fig.axes[0].texts)


@pytest.mark.parametrize("args, kwargs, error, match", [
    ([[3]], {}, ValueError, "layer_sizes must be a list of at least two layer sizes"),
    (["23"], {}, ValueError, "layer_sizes must be a list of at least two layer sizes, got str"),
    ([[2, 0]], {}, ValueError, r"layer_sizes\[1\] must be >= 1, got 0"),
    ([[2, 1.5]], {}, TypeError, r"layer_sizes\[1\] must be a whole number"),
    ([[2, 3]], {"layer_names": ["a"]}, ValueError, r"layer_names must have one name per layer \(2\), got 1"),
    ([[2, 3]], {"unit_labels": [["a"]]}, ValueError, r"unit_labels must have one list per layer"),
    ([[2, 3]], {"max_units": 2}, ValueError, "max_units must be >= 3"),
])
def test_draw_network_rejects_bad_input(args, kwargs, error, match):
    with pytest.raises(error, match=match):
        draw_network(*args, **kwargs)
