"""Draw the diagrams of lab 01. Run from the repository root:  python images/make_01_images.py"""
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from utils.diagrams import draw_network  # noqa: E402
from utils.plotting import apply_style  # noqa: E402

apply_style()
fig = draw_network([2, 3, 1], layer_names=["input $\\vec{x}$", "layer 1 (sigmoid)", "layer 2 (sigmoid)"],
                   unit_labels=[["T", "d"], ["$a_1$", "$a_2$", "$a_3$"], ["$f$"]],
                   title="The coffee-roasting network: 2 inputs, 3 hidden units, 1 output")
fig.savefig(ROOT / "images" / "coffee_network.png", dpi=110, bbox_inches="tight",
            metadata={"Software": None})
print("wrote images/coffee_network.png")
