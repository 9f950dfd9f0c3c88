"""Figures of the deep RNN section: the unrolled stack and the trade-off
(seqmodels.diagrams and seqmodels.plotting)."""
import matplotlib
import pytest
from matplotlib.patches import FancyBboxPatch

from seqmodels import diagrams, plotting
from seqmodels.train import LMHistory

matplotlib.use("Agg")
# d2l.use_svg_display goes through an IPython helper deprecated in 8.24.
pytestmark = pytest.mark.filterwarnings(
    "ignore:backend2gui:DeprecationWarning")


def test_the_unrolled_stack_has_a_box_per_layer_and_step():
    fig = diagrams.plot_deep_rnn(3, 4)
    [ax] = fig.axes
    boxes = [p for p in ax.patches if isinstance(p, FancyBboxPatch)]
    assert len(boxes) == 4 * (3 + 2)
    matplotlib.pyplot.close(fig)


def test_depth_tradeoff_shows_final_perplexity_and_speed():
    histories = [LMHistory(label=str(d), val_ppl=[9.0, 8.0 - d / 10],
                         tokens_per_sec=[1000.0 / d, 900.0 / d])
                 for d in (1, 2, 3)]
    fig = plotting.plot_depth_tradeoff((1, 2, 3), histories)
    left, right = fig.axes
    heights = [bar.get_height() for bar in left.patches]
    assert heights == pytest.approx([7.9, 7.8, 7.7])
    speeds = [bar.get_height() for bar in right.patches]
    assert speeds == pytest.approx([950.0, 475.0, 950.0 / 3])
    matplotlib.pyplot.close(fig)
