"""Box-and-arrow diagrams: every shape draws the boxes its spec lists."""
import matplotlib
import pytest
from matplotlib.patches import FancyBboxPatch

from seqmodels import diagrams

matplotlib.use("Agg")
# d2l.use_svg_display goes through an IPython helper deprecated in 8.24.
pytestmark = pytest.mark.filterwarnings(
    "ignore:backend2gui:DeprecationWarning")


def boxes(ax):
    return [p for p in ax.patches if isinstance(p, FancyBboxPatch)]


@pytest.mark.parametrize("kind", sorted(diagrams.SHAPES))
def test_each_shape_draws_its_columns(kind):
    fig = diagrams.plot_rnn_shapes([kind])
    [ax] = fig.axes
    _, columns = diagrams.SHAPES[kind]
    expected = sum(1 + (x is not None) + (y is not None)
                   for x, _, y in columns)
    assert len(boxes(ax)) == expected
    texts = {t.get_text() for t in ax.texts}
    assert {x for x, _, _ in columns if x} <= texts
    assert {y for _, _, y in columns if y} <= texts
    matplotlib.pyplot.close(fig)


def test_all_shapes_in_one_figure():
    fig = diagrams.plot_rnn_shapes()
    assert len(fig.axes) == len(diagrams.SHAPES)
    titles = [ax.get_title(loc="left") for ax in fig.axes]
    assert any("captioning" in t for t in titles)
    matplotlib.pyplot.close(fig)


def test_captioning_example_spells_the_caption():
    _, columns = diagrams.SHAPES["image_to_sequence"]
    words = [y for _, _, y in columns if y]
    assert " ".join(words) == "a cat standing on a chair"


@pytest.mark.parametrize("num_steps", [1, 3, 5])
def test_unrolled_rnn_has_three_boxes_per_step(num_steps):
    fig = diagrams.plot_unrolled_rnn(num_steps)
    [ax] = fig.axes
    # Folded cell (3 boxes), H_0, then X_t, H_t, O_t per step.
    assert len(boxes(ax)) == 3 + 1 + 3 * num_steps
    texts = {t.get_text() for t in ax.texts}
    assert f"$H_{num_steps}$" in texts and "$W_{hh}$" in texts
    matplotlib.pyplot.close(fig)
