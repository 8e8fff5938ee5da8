"""Draw the diagrams of lab 05 (practice lab, digits). Run from the repository root:
python images/make_05_images.py"""
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from utils.diagrams import draw_network  # noqa: E402
from utils.plotting import apply_style  # noqa: E402

apply_style()
fig = draw_network(
    [400, 25, 15, 10],
    layer_names=["input $\\vec{x}$\n(20x20 pixels)", "layer 1\nReLU", "layer 2\nReLU",
                 "layer 3\nlinear"],
    unit_labels=[[f"$x_{{{i}}}$" for i in range(1, 401)],
                 None, None, [f"$z_{j}$" for j in range(10)]],
    max_units=6, figsize=(7.0, 4.0),
    title="The course network: 400 pixels -> 25 -> 15 -> 10 logits, one per digit")
fig.savefig(ROOT / "images" / "digits_network.png", dpi=110, bbox_inches="tight",
            metadata={"Software": None})
print("wrote images/digits_network.png")
