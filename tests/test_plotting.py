"""Figures of the book draw one series (or bar) per training history."""
import matplotlib
import pytest

from seqmodels.plotting import (
    plot_grad_norms,
    plot_perplexity,
    plot_throughput,
)
from seqmodels.train import LMHistory

matplotlib.use("Agg")
# d2l.use_svg_display goes through an IPython helper deprecated in 8.24.
pytestmark = pytest.mark.filterwarnings(
    "ignore:backend2gui:DeprecationWarning")


@pytest.fixture
def histories():
    a = LMHistory(label="scratch", train_ppl=[9.0, 8.0], val_ppl=[9.5, 8.5],
                tokens_per_sec=[100.0, 300.0, 200.0],
                grad_norms=[0.5, 0.4, 0.3])
    b = LMHistory(label="gluon", train_ppl=[8.0, 7.0], val_ppl=[8.5, 7.5],
                tokens_per_sec=[400.0, 500.0], grad_norms=[2.0, 1.0, 0.5])
    return [a, b]


def test_throughput_bars_are_medians(histories):
    fig = plot_throughput(histories)
    [ax] = fig.axes
    widths = [p.get_width() for p in ax.patches]
    assert widths == pytest.approx([200.0, 450.0])
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "scratch", "gluon"]
    matplotlib.pyplot.close(fig)


def test_perplexity_and_grad_norm_plots(histories):
    fig = plot_perplexity(histories)
    assert len(fig.axes[0].lines) == 4  # train and val per run
    matplotlib.pyplot.close(fig)
    fig = plot_grad_norms(histories, theta=1)
    assert len(fig.axes[0].lines) == 3  # two runs and the threshold
    matplotlib.pyplot.close(fig)
