"""Kept for book/deep_rnn/deep_rnn.md, which imports it: the figures of
the section *Deep recurrent networks* now live with the other figures.

* ``plot_deep_rnn`` is :func:`seqmodels.diagrams.plot_deep_rnn` (the one
  drawing of a stacked RNN unrolled in time);
* ``plot_depth_tradeoff`` is :func:`seqmodels.plotting.plot_depth_tradeoff`.

Remove this module once the page imports those.
"""
from .diagrams import plot_deep_rnn
from .plotting import plot_depth_tradeoff

__all__ = ["plot_deep_rnn", "plot_depth_tradeoff"]
