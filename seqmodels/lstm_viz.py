"""Kept for book/lstm/lstm.md, which imports it: what an LSTM's gates do
on a piece of text.

* ``gate_trace`` and ``GATE_NAMES`` are in :mod:`seqmodels.gated`, with
  the LSTM step whose gates they record (:func:`seqmodels.gated.
  lstm_gates`);
* ``plot_gate_trace`` is :func:`seqmodels.plotting.plot_gate_trace`.

Remove this module once the page imports those.
"""
from .gated import GATE_NAMES, gate_trace
from .plotting import plot_gate_trace

__all__ = ["GATE_NAMES", "gate_trace", "plot_gate_trace"]
