"""utils.figures.alt: the description made from what a figure draws, the lab's sentence, the
IPython formatter that writes both into the output's metadata, and the <img> of a control."""
import base64
import re

import matplotlib.pyplot as plt
import pytest
from IPython.core.interactiveshell import InteractiveShell
from matplotlib.figure import Figure

from utils.figures import alt
from utils.figures.curves import plot_curves
from utils.figures.style import new_figure


def test_the_description_names_the_title_axes_scale_and_series():
    fig = plot_curves({"training loss": [1.0, 0.5, 0.1], "held-out loss": [1.1, 0.6, 0.3]},
                      ylabel="loss $J$", title="Both losses fall", logy=True)
    text = alt.describe(fig)
    assert text.startswith('Figure: "Both losses fall"')
    assert "x axis epoch" in text and "y axis loss J" in text and "$" not in text
    assert "logarithmic scale" in text
    assert "series: training loss, held-out loss" in text


def test_panels_images_and_many_series_are_described():
    fig, (a, b) = new_figure(2)
    fig.suptitle("Two views")
    for k in range(8):
        a.plot([0, 1], [k, k], label=f"s{k}")
    b.imshow([[0, 1], [1, 0]])
    b.set_title("a picture")
    text = alt.describe(fig)
    assert text.startswith('Figure "Two views" with 2 panels: panel 1')
    assert "s0, s1, s2, s3, s4, s5 and 2 more" in text
    assert 'panel 2, "a picture"; an image' in text
    plt.close(fig)


def test_the_labs_sentence_comes_first_and_the_decorator_passes_it():
    @alt.alt_note
    def plot(values):
        fig, ax = new_figure()
        ax.plot(values, label="v")
        return fig

    fig = plot([1, 2], alt="  The values   rise. ")
    assert alt.alt_text(fig) == 'The values rise. Figure: series: v.'
    assert alt.alt_text(plot([1, 2])) == "Figure: series: v."
    assert plot.__name__ == "plot"


@pytest.mark.parametrize("fig,note,error", [
    ("not a figure", "x", "fig must be a matplotlib Figure, got str"),
    (Figure(), 3, "alt must be a str"),
])
def test_with_alt_rejects_bad_input(fig, note, error):
    with pytest.raises(TypeError, match=error):
        alt.with_alt(fig, note)


def test_the_formatter_writes_png_and_alt_into_the_outputs_metadata():
    shell = InteractiveShell()        # not .instance(): no global shell left for other tests
    assert alt.install(shell) is True
    fig = alt.with_alt(plot_curves({"J": [3, 2, 1]}, title="Falls"), "The cost falls.")
    data, metadata = shell.display_formatter.format(fig)
    assert data["image/png"][:4] == b"\x89PNG"
    assert metadata["image/png"]["alt"].startswith("The cost falls. Figure")
    assert alt.install(shell) is True        # twice: one pre_run_cell hook only
    hooks = [f for f in shell.events.callbacks["pre_run_cell"] if "ensure" in f.__name__]
    assert len(hooks) == 1


def test_install_outside_ipython_returns_false():
    class NotAShell:
        pass
    assert alt.install(NotAShell()) is False


def test_the_image_html_holds_the_png_and_the_escaped_alt():
    png = alt.png_bytes(plot_curves({"J": [1, 0]}))
    html = alt.image_html(png, 'a "quoted" <b> text')
    assert re.search(r'alt="a &quot;quoted&quot; &lt;b&gt; text"', html)
    assert base64.b64decode(html.split("base64,")[1].split('"')[0]) == png
    with pytest.raises(TypeError, match="png must be the bytes of a PNG image"):
        alt.image_html(b"GIF89a", "x")
    with pytest.raises(ValueError, match="alt must be a non-empty str"):
        alt.image_html(png, " ")
