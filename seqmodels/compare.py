"""Comparing recurrent cells on one task (section *RNN vs LSTM vs GRU*).

Every model is trained elsewhere (:class:`seqmodels.train.LMTrainer`);
this module turns the trained models and their
:class:`~seqmodels.train.LMHistory` into the numbers a comparison needs:
parameter counts, robust speeds (medians over epochs and repeats) and the
training time needed to reach a perplexity. The bar chart of such a table
is :func:`seqmodels.plotting.plot_bars` (also importable from here, as the
pages do).
"""
import math
import statistics

from .plotting import plot_bars  # noqa: F401  (imported by pages)
from .train import generation_speed, model_params


def count_params(model):
    """Number of trainable scalars of a d2l model (scratch or Gluon) or a
    Gluon block; Gluon's weights must have been sized by a forward pass."""
    return sum(int(p.size) for p in model_params(model))


def seconds_to_reach(history, target):
    """Training seconds (validation excluded) until the validation
    perplexity first drops to ``target`` or below; ``inf`` if never."""
    elapsed = 0.0
    for seconds, ppl in zip(history.epoch_seconds, history.val_ppl):
        elapsed += seconds
        if ppl <= target:
            return elapsed
    return math.inf


def median_generation_speed(model, vocab, device=None, repeats=5,
                            num_preds=200):
    """Median over ``repeats`` runs of :func:`generation_speed` (chars/s)."""
    return statistics.median(
        generation_speed(model, vocab, num_preds, device)
        for _ in range(repeats))


def summary_row(model, history, vocab, device=None, target=None,
                repeats=5):
    """One row of the comparison table, as a dict."""
    row = {"parameters": count_params(model),
           "val ppl (final)": history.val_ppl[-1],
           "val ppl (best)": min(history.val_ppl),
           "train ppl (final)": history.train_ppl[-1],
           "tokens/s (median)": statistics.median(history.tokens_per_sec),
           "s/epoch (median)": statistics.median(history.epoch_seconds),
           "generated chars/s": median_generation_speed(
               model, vocab, device, repeats)}
    if target is not None:
        row[f"s to val ppl {target:g}"] = seconds_to_reach(history, target)
    return row
