"""Figures of the book: perplexity curves and gradient-norm traces.

Built on d2l's matplotlib helpers (SVG output, ``set_figsize``), so the
figures look like the rest of the d2l ecosystem and stay crisp offline.
"""
import statistics

from d2l import mxnet as d2l


def plot_perplexity(histories, title=None, figsize=(5, 3)):
    """Train (dashed) and validation (solid) perplexity per epoch.

    ``histories`` is a list of :class:`seqmodels.train.LMHistory`.
    """
    d2l.set_figsize(figsize)
    fig, ax = d2l.plt.subplots()
    for i, h in enumerate(histories):
        epochs = range(1, len(h.val_ppl) + 1)
        color = f"C{i}"
        ax.plot(epochs, h.train_ppl, "--", color=color,
                label=f"{h.label} train")
        ax.plot(epochs, h.val_ppl, "-", color=color, label=f"{h.label} val")
    ax.set_xlabel("epoch")
    ax.set_ylabel("perplexity")
    ax.set_yscale("log")
    ax.legend()
    if title:
        ax.set_title(title)
    return fig


def plot_grad_norms(histories, theta=None, figsize=(5, 3)):
    """Gradient norm before clipping, one point per minibatch."""
    d2l.set_figsize(figsize)
    fig, ax = d2l.plt.subplots()
    for i, h in enumerate(histories):
        ax.plot(range(1, len(h.grad_norms) + 1), h.grad_norms,
                color=f"C{i}", label=h.label, linewidth=0.8)
    if theta:
        ax.axhline(theta, color="k", linestyle=":",
                   label=f"clipping threshold {theta}")
    ax.set_xlabel("minibatch")
    ax.set_ylabel("global gradient norm")
    ax.set_yscale("log")
    ax.legend()
    return fig


def plot_throughput(histories, figsize=(5, 2.2)):
    """Training tokens per second of each run: median bar, min-max whisker.

    The median over epochs is robust to a slow first epoch or a busy
    machine; the whiskers show how much the epochs varied.
    """
    d2l.set_figsize(figsize)
    fig, ax = d2l.plt.subplots()
    for i, h in enumerate(histories):
        speeds = h.tokens_per_sec
        median = statistics.median(speeds)
        ax.barh(i, median, color=f"C{i}", xerr=[[median - min(speeds)],
                                               [max(speeds) - median]],
                capsize=4)
        ax.text(0.03 * median, i, f"{median:,.0f}", ha="left",
                va="center", color="white", fontsize=9)
    ax.set_yticks(range(len(histories)))
    ax.set_yticklabels([h.label for h in histories])
    ax.invert_yaxis()
    ax.xaxis.set_major_formatter(lambda x, _: f"{x / 1000:,.0f}k")
    ax.set_xlabel("training tokens/s (median epoch; whiskers: min, max)")
    return fig
