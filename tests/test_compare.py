"""seqmodels.compare: parameter counts, time to a perplexity, bar charts."""
import math

import matplotlib
import pandas as pd
import pytest
from mxnet import np

from seqmodels import plotting
from seqmodels.compare import (
    count_params,
    plot_bars,
    seconds_to_reach,
    summary_row,
)
from seqmodels.gated import GluonGRU, GRUScratch
from seqmodels.rnn import RNNLM, RNNLMScratch
from seqmodels.train import LMHistory

matplotlib.use("Agg")
pytestmark = pytest.mark.filterwarnings(
    "ignore:backend2gui:DeprecationWarning")


def test_count_params_of_a_gluon_and_a_scratch_gru():
    V, h = 28, 8
    gluon = RNNLM(GluonGRU(h), vocab_size=V)
    gluon(np.zeros((2, 3)))  # size the deferred weights
    expected = 3 * h * (V + h + 2) + h * V + V
    assert count_params(gluon) == expected
    scratch = RNNLMScratch(GRUScratch(V, h), vocab_size=V)
    assert count_params(scratch) == expected


def test_seconds_to_reach_counts_training_time_only():
    h = LMHistory(val_ppl=[9.0, 7.0, 6.0], epoch_seconds=[1.0, 2.0, 4.0])
    assert seconds_to_reach(h, 7.0) == 3.0
    assert seconds_to_reach(h, 9.5) == 1.0
    assert seconds_to_reach(h, 5.0) == math.inf


def test_summary_row_and_bars(corpus_and_vocab):
    _, vocab = corpus_and_vocab
    model = RNNLM(GluonGRU(4), vocab_size=len(vocab))
    model(np.zeros((1, 2)))
    h = LMHistory(train_ppl=[9.0, 8.0], val_ppl=[9.5, 8.5],
                tokens_per_sec=[1.0, 3.0, 2.0], epoch_seconds=[1.0, 1.0])
    row = summary_row(model, h, vocab, target=9.0, repeats=1)
    assert row["tokens/s (median)"] == 2.0
    assert row["s to val ppl 9"] == 2.0
    assert row["generated chars/s"] > 0
    table = pd.DataFrame({"GRU": row, "other": row}).T
    # the pages import plot_bars from seqmodels.compare; it is plotting's
    assert plot_bars is plotting.plot_bars
    fig = plot_bars(table, ["parameters", "val ppl (final)"])
    assert len(fig.axes) == 2
    assert [p.get_width() for p in fig.axes[1].patches] == [8.5, 8.5]
    matplotlib.pyplot.close(fig)
