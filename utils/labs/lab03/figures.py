"""Lab 03's figure: a softmax's scores beside its probabilities (its control draws it)."""
from __future__ import annotations

from utils.figures.alt import alt_note
from utils.figures.style import WIDE_FIGSIZE, class_color, finish, label_bars, new_figure
from utils.validation import as_float_array, check_probabilities

__all__ = ["plot_softmax_bars"]


@alt_note
def plot_softmax_bars(z, a, *, class_names=None,
                      title: str = "Softmax turns scores z into probabilities a that sum to 1"):
    """Two bar charts side by side: the scores ``z`` (logits) and the probabilities ``a``.

    ``z`` and ``a`` are vectors of the same length K (one example); ``a`` is usually
    ``softmax(z)``, computed by the caller. The probabilities are written on their bars.
    """
    z = as_float_array(z, "z", ndim=1)
    a = check_probabilities(as_float_array(a, "a", shape=(len(z),)), "a")
    k = len(z)
    names = [f"class {j}" for j in range(k)] if class_names is None else list(class_names)
    if len(names) != k:
        raise ValueError(f"class_names must have {k} entries (one per score), got {len(names)}.")
    fig, (ax_z, ax_a) = new_figure(2, figsize=WIDE_FIGSIZE)
    colors = [class_color(j) for j in range(k)]
    ax_z.bar(range(k), z, color=colors)
    ax_z.axhline(0, color="0.3", linewidth=0.8)
    ax_z.set_xticks(range(k), names)
    ax_z.set_ylabel("score $z_j$")
    ax_z.set_title("scores (logits) z")
    label_bars(ax_a, ax_a.bar(range(k), a, color=colors), a, dy=0.02)
    ax_a.set_ylim(0, 1.12)
    ax_a.set_xticks(range(k), names)
    ax_a.set_ylabel("probability $a_j$")
    ax_a.set_title(f"probabilities a (sum = {a.sum():.3f})")
    fig.suptitle(title, fontsize=11)
    return finish(fig)
