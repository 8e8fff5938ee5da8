"""Draw the diagrams of lab 02. Run from the repository root:  python images/make_02_images.py"""
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from utils.diagrams import draw_network  # noqa: E402
from utils.plotting import apply_style  # noqa: E402

apply_style()
fig = draw_network([1, 3, 1], layer_names=["input $x$", "ReLU units\n$a_j = \\max(0, w_j x + b_j)$",
                                           "output, weights 1\n$\\hat y = a_1 + a_2 + a_3$"],
                   unit_labels=[["$x$"], ["$a_1$", "$a_2$", "$a_3$"], ["$\\hat y$"]],
                   title="Section 4's network: three ReLU units, summed",
                   figsize=(6.0, 3.6))
fig.savefig(ROOT / "images" / "relu_sum_network.png", dpi=110, bbox_inches="tight",
            metadata={"Software": None})
print("wrote images/relu_sum_network.png")
