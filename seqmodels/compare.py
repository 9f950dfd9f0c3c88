"""Comparing recurrent cells on one task (section *RNN vs LSTM vs GRU*).

Every model is trained elsewhere (:class:`seqmodels.train.LMTrainer`);
this module turns the trained models and their
:class:`~seqmodels.train.LMHistory` into the numbers a comparison needs:
parameter counts, robust speeds (medians over epochs and repeats), the
training time needed to reach a perplexity, and a bar chart.
"""
import math
import statistics

from d2l import mxnet as d2l

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


def plot_bars(table, columns, figsize=(7, 2.2)):
    """One horizontal bar chart per column of a pandas ``table`` (one row
    per model), side by side, sharing the model labels."""
    d2l.set_figsize(figsize)
    fig, axes = d2l.plt.subplots(1, len(columns), sharey=True)
    axes = axes if len(columns) > 1 else [axes]
    labels = [str(i) for i in table.index]
    for ax, column in zip(axes, columns):
        values = [float(v) for v in table[column]]
        ax.barh(range(len(values)), values,
                color=[f"C{i}" for i in range(len(values))])
        for i, v in enumerate(values):
            ax.text(v, i, f" {v:,.3g}", va="center", fontsize=8)
        ax.set_title(column, fontsize=9)
        ax.set_xlim(0, 1.3 * max(values))
        ax.tick_params(axis="x", labelsize=7)
    axes[0].set_yticks(range(len(labels)))
    axes[0].set_yticklabels(labels)
    axes[0].invert_yaxis()
    fig.tight_layout()
    return fig
