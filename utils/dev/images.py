"""Regenerate every diagram in ``images/``: ``python3 -m utils images [--check] [NAME ...]``.

Each entry of :data:`IMAGES` maps a file name in ``images/`` to the function that draws it. The
PNGs are written without a timestamp or software tag, so the same matplotlib draws the same
bytes: ``--check`` redraws in memory and reports the files that differ (exit status 1) without
writing anything. Labs show these files with ``utils.lab_setup.show_image``.
"""
from __future__ import annotations

import argparse
import io
import pathlib

from utils.notebook import ROOT
IMAGES_DIR = ROOT / "images"
DPI = 110


def coffee_network():
    """Lab 01: the coffee-roasting network, 2 inputs, 3 sigmoid units, 1 output. The units are
    numbered from 0, as the lab's text, its unit maps and Python's columns of W number them."""
    from utils.dev.diagrams import draw_network
    return draw_network(
        [2, 3, 1], layer_names=["input $\\vec{x}$\n$x_1$ temperature, $x_2$ duration",
                                "layer 1 (sigmoid)", "layer 2 (sigmoid)"],
        unit_labels=[["$x_1$", "$x_2$"], ["$a_0$", "$a_1$", "$a_2$"], ["$f$"]],
        title="The coffee-roasting network: 2 inputs, 3 hidden units, 1 output")


def relu_sum_network():
    """Lab 02: three ReLU units of one input, summed with weights 1."""
    from utils.dev.diagrams import draw_network
    return draw_network(
        [1, 3, 1], layer_names=["input $x$", "ReLU units\n$a_j = \\max(0, w_j x + b_j)$",
                                "output, weights 1\n$\\hat y = a_1 + a_2 + a_3$"],
        unit_labels=[["$x$"], ["$a_1$", "$a_2$", "$a_3$"], ["$\\hat y$"]],
        title="Section 4's network: three ReLU units, summed", figsize=(6.0, 3.6))


def digits_network():
    """Lab 05: the practice lab's 400 -> 25 -> 15 -> 10 network."""
    from utils.dev.diagrams import draw_network
    return draw_network(
        [400, 25, 15, 10],
        layer_names=["input $\\vec{x}$\n(20x20 pixels)", "layer 1\nReLU", "layer 2\nReLU",
                     "layer 3\nlinear"],
        unit_labels=[[f"$x_{{{i}}}$" for i in range(1, 401)],
                     None, None, [f"$z_{j}$" for j in range(10)]],
        max_units=6, figsize=(7.0, 4.0),
        title="The course network: 400 pixels -> 25 -> 15 -> 10 logits, one per digit")


def dense_vs_conv():
    """Lab 07: a dense layer against a convolution over the same inputs."""
    from utils.labs.lab07.lesson import draw_dense_vs_conv
    return draw_dense_vs_conv()


def lecture_graph():
    """Lab 09: the lecture's computation graph of J = 1/2 (w x + b - y)^2."""
    from utils.labs.lab09.graphs import draw_graph
    from utils.labs.lab09.lesson import LECTURE_GRAPH_TITLE, lecture_graph as graph
    return draw_graph(graph()[0], show_grad=False, title=LECTURE_GRAPH_TITLE)


IMAGES = {
    "coffee_network.png": coffee_network,
    "relu_sum_network.png": relu_sum_network,
    "digits_network.png": digits_network,
    "dense_vs_conv.png": dense_vs_conv,
    "09_lecture_graph.png": lecture_graph,
}


def render(name: str) -> bytes:
    """The PNG bytes of ``images/<name>``, drawn in the house style."""
    if name not in IMAGES:
        raise ValueError(f"name must be one of the images {sorted(IMAGES)}, got {name!r}.")
    from utils.figures.style import apply_style
    apply_style()
    buf = io.BytesIO()
    IMAGES[name]().savefig(buf, format="png", dpi=DPI, bbox_inches="tight",
                           metadata={"Software": None})
    return buf.getvalue()


def main(argv=None) -> int:
    """Write (or with ``--check`` compare) the named images, or all of them; 0 when all is well."""
    parser = argparse.ArgumentParser(prog="python3 -m utils images", description=__doc__.split(
        "\n")[0])
    parser.add_argument("names", nargs="*", metavar="NAME", help=f"any of {', '.join(IMAGES)}")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if a file in images/ differs from its code")
    parser.add_argument("--out", type=pathlib.Path, default=IMAGES_DIR,
                        help="folder to write to or compare with (default: images/)")
    args = parser.parse_args(argv)
    unknown = [n for n in args.names if n not in IMAGES]
    if unknown:
        parser.error(f"unknown image(s) {unknown}; the images are {sorted(IMAGES)}")
    stale = []
    for name in args.names or IMAGES:
        png, path = render(name), args.out / name
        if args.check:
            if not path.is_file() or path.read_bytes() != png:
                stale.append(name)
                print(f"{path} differs from what utils/dev/images.py draws")
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(png)
            print(f"wrote {path}")
    return 1 if stale else 0
