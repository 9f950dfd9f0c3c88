"""Figures of the deep RNN section: the unrolled stack and the trade-off."""
import matplotlib
import pytest
from matplotlib.patches import FancyBboxPatch

from seqmodels import deep_viz
from seqmodels.train import LMHistory

matplotlib.use("Agg")
# d2l.use_svg_display goes through an IPython helper deprecated in 8.24.
pytestmark = pytest.mark.filterwarnings(
    "ignore:backend2gui:DeprecationWarning")


@pytest.mark.parametrize("num_layers,num_steps", [(1, 2), (3, 4), (5, 3)])
def test_deep_rnn_draws_a_box_per_state_input_and_output(num_layers,
                                                         num_steps):
    fig = deep_viz.plot_deep_rnn(num_layers, num_steps)
    [ax] = fig.axes
    boxes = [p for p in ax.patches if isinstance(p, FancyBboxPatch)]
    assert len(boxes) == num_steps * (num_layers + 2)
    texts = {t.get_text() for t in ax.texts}
    assert f"$H_{num_steps}^{{({num_layers})}}$" in texts
    assert f"layer {num_layers}" in texts and "$X_1$" in texts
    matplotlib.pyplot.close(fig)


def test_depth_tradeoff_shows_final_perplexity_and_speed():
    histories = [LMHistory(label=str(d), val_ppl=[9.0, 8.0 - d / 10],
                         tokens_per_sec=[1000.0 / d, 900.0 / d])
                 for d in (1, 2, 3)]
    fig = deep_viz.plot_depth_tradeoff((1, 2, 3), histories)
    left, right = fig.axes
    heights = [bar.get_height() for bar in left.patches]
    assert heights == pytest.approx([7.9, 7.8, 7.7])
    speeds = [bar.get_height() for bar in right.patches]
    assert speeds == pytest.approx([950.0, 475.0, 950.0 / 3])
    matplotlib.pyplot.close(fig)
