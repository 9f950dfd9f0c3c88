"""Figures of the section *Deep recurrent networks*.

:func:`plot_deep_rnn` draws a stacked RNN unrolled in time (layers as
rows, time steps as columns); :func:`plot_depth_tradeoff` shows what depth
costs and buys: validation perplexity and training speed per number of
layers. Boxes are matplotlib patches, so tests can count them.
"""
import statistics

from d2l import mxnet as d2l

from .diagrams import BOX_H, BOX_W, COLORS, _arrow, _box, _finish

LAYER_COLORS = ("#ffe599", "#f9cb9c", "#f4cccc", "#d9d2e9")


def plot_deep_rnn(num_layers=3, num_steps=4, figsize=(6.4, 3.4)):
    """A stacked RNN unrolled over ``num_steps``.

    Row 0 holds the inputs ``X_t``, rows 1..L the hidden states
    ``H_t^(l)`` and row L + 1 the outputs ``O_t``. An upward arrow feeds
    a layer's state at step t to the layer above at the same step; a
    rightward arrow carries it to the same layer at step t + 1.
    """
    d2l.use_svg_display()
    fig, ax = d2l.plt.subplots(figsize=figsize)
    dx, dy = 1.5, 0.9
    top = num_layers + 1
    for t in range(1, num_steps + 1):
        x = (t - 1) * dx
        _box(ax, x, 0, f"$X_{t}$", COLORS["x"])
        for layer in range(1, num_layers + 1):
            color = LAYER_COLORS[(layer - 1) % len(LAYER_COLORS)]
            _box(ax, x, layer * dy, f"$H_{t}^{{({layer})}}$", color)
            if t > 1:
                _arrow(ax, (x - dx + BOX_W / 2, layer * dy),
                       (x - BOX_W / 2, layer * dy))
        _box(ax, x, top * dy, f"$O_{t}$", COLORS["o"])
        for row in range(top):
            _arrow(ax, (x, row * dy + BOX_H / 2),
                   (x, (row + 1) * dy - BOX_H / 2))
    for layer in range(1, num_layers + 1):
        ax.text(-BOX_W / 2 - 0.15, layer * dy, f"layer {layer}",
                ha="right", va="center", fontsize=8, color="0.3")
    _finish(ax, (num_steps - 1) * dx + 0.8, top * dy + 0.5)
    ax.set_xlim(-1.6, (num_steps - 1) * dx + 0.8)
    return fig


def plot_depth_tradeoff(depths, histories, figsize=(7, 2.6)):
    """Left: final validation perplexity per depth (the best epoch as a
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
