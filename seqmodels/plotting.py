"""Charts of the book's results: perplexity curves, gradient-norm traces,
speeds, the depth trade-off, comparison bars and LSTM gate heat maps.
(The box-and-arrow figures of architectures are in
:mod:`seqmodels.diagrams`.)

Built on d2l's matplotlib helpers (SVG output, ``set_figsize``), so the
figures look like the rest of the d2l ecosystem and stay crisp offline.
"""
import statistics

from d2l import mxnet as d2l

from .gated import GATE_NAMES


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


def plot_depth_tradeoff(depths, histories, figsize=(7, 2.6)):
    """What depth costs and buys (section *Deep recurrent networks*).
    Left: final validation perplexity per depth (the best epoch as a
    dot). Right: median training tokens/s per depth."""
    d2l.use_svg_display()
    fig, (left, right) = d2l.plt.subplots(1, 2, figsize=figsize)
    labels = [str(d) for d in depths]
    final = [h.val_ppl[-1] for h in histories]
    best = [min(h.val_ppl) for h in histories]
    left.bar(labels, final, color=[f"C{i}" for i in range(len(depths))])
    left.plot(labels, best, "ko", label="best epoch")
    left.set_ylim(min(best) * 0.9, max(final) * 1.05)
    left.set_xlabel("layers")
    left.set_ylabel("val perplexity (last epoch)")
    left.legend(loc="lower right", fontsize=8)
    speeds = [statistics.median(h.tokens_per_sec) for h in histories]
    right.bar(labels, speeds, color=[f"C{i}" for i in range(len(depths))])
    right.yaxis.set_major_formatter(lambda v, _: f"{v / 1000:,.0f}k")
    right.set_xlabel("layers")
    right.set_ylabel("training tokens/s")
    fig.tight_layout()
    return fig


def plot_bars(table, columns, figsize=(7, 2.2)):
    """One horizontal bar chart per column of a pandas ``table`` (one row
    per model, e.g. :func:`seqmodels.compare.summary_row`), side by side,
    sharing the model labels."""
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


def plot_gate_trace(trace, text, name="forget", row=0, units=None,
                    figsize=(7, 2.6)):
    """Heat map of ``trace[name]`` (a :func:`seqmodels.gated.gate_trace`)
    for one sequence: units x characters.

    ``text`` holds the characters read (one per step); ``units`` selects
    hidden units (default: all).
    """
    values = trace[name][:, row, :].T  # (num_hiddens, num_steps)
    if units is not None:
        values = values[list(units)]
    d2l.set_figsize(figsize)
    fig, ax = d2l.plt.subplots()
    lo, hi = (-1, 1) if name in ("candidate", "cell", "hidden") else (0, 1)
    image = ax.imshow(values, aspect="auto", cmap="viridis", vmin=lo,
                      vmax=hi, interpolation="nearest")
    ax.set_xticks(range(len(text)))
    ax.set_xticklabels(["␣" if c == " " else c for c in text], fontsize=7)
    ax.set_ylabel("hidden unit")
    ax.set_title(f"{name} gate" if name in GATE_NAMES[:2] + GATE_NAMES[3:]
                 else name)
    fig.colorbar(image, ax=ax, fraction=0.03, pad=0.02)
    return fig
