"""Box-and-arrow diagrams of recurrent networks, drawn with matplotlib.

Used by the sections *Sequence models* (the five RNN "shapes") and *RNNs
from scratch* (the unrolled loop). Every box is a matplotlib patch, so the
tests can count what a figure shows.
"""
from d2l import mxnet as d2l
from matplotlib.patches import FancyBboxPatch

COLORS = {"x": "#cfe2f3", "h": "#ffe599", "enc": "#ffe599",
          "dec": "#f4cccc", "o": "#d9ead3", "img": "#d9d2e9"}
DX, BOX_W, BOX_H = 1.35, 1.1, 0.5
HIDDEN_TEXT = {"enc": "enc", "dec": "dec", "img": "CNN"}

# Each shape: (title, columns). A column is (input label or None, colour of
# the hidden box, output label or None); columns run left to right in time.
SHAPES = {
    "many_to_one": (
        "many-to-one: sentiment of a review",
        [("this", "h", None), ("film", "h", None), ("was", "h", None),
         ("great", "h", "positive")]),
    "one_to_many": (
        "one-to-many: music from a first note",
        [("C", "h", "E"), (None, "h", "G"), (None, "h", "C"),
         (None, "h", "E"), (None, "h", "G")]),
    "many_to_many_equal": (
        "many-to-many, equal lengths: a tag per word",
        [("Ada", "h", "PER"), ("lives", "h", "O"), ("in", "h", "O"),
         ("Paris", "h", "LOC")]),
    "many_to_many_encdec": (
        "many-to-many, different lengths: translation (encoder-decoder)",
        [("je", "enc", None), ("suis", "enc", None),
         ("étudiant", "enc", None), (None, "dec", "i"),
         (None, "dec", "am"), (None, "dec", "a"), (None, "dec", "student")]),
    "image_to_sequence": (
        "image-to-sequence: captioning",
        [("image", "img", None), (None, "dec", "a"),
         (None, "dec", "cat"), (None, "dec", "standing"), (None, "dec", "on"),
         (None, "dec", "a"), (None, "dec", "chair")]),
}


def _box(ax, x, y, text, color, fontsize=9):
    ax.add_patch(FancyBboxPatch(
        (x - BOX_W / 2, y - BOX_H / 2), BOX_W, BOX_H,
        boxstyle="round,pad=0.02,rounding_size=0.08", facecolor=color,
        edgecolor="0.3", linewidth=0.8))
    if text:
        size = fontsize - 1 if len(text) > 6 else fontsize  # long words
        ax.text(x, y, text, ha="center", va="center", fontsize=size)


def _arrow(ax, start, end, label=None, style="-|>", offset=(0.0, 0.0)):
    ax.annotate("", xy=end, xytext=start, arrowprops=dict(
        arrowstyle=style, color="0.25", linewidth=0.9, shrinkA=0,
        shrinkB=0))
    if label:
        mid = ((start[0] + end[0]) / 2 + offset[0],
               (start[1] + end[1]) / 2 + offset[1])
        ax.text(*mid, label, fontsize=8, ha="center", va="center",
                color="0.2")


def _finish(ax, width, height):
    ax.set_xlim(-0.8, width)
    ax.set_ylim(-0.5, height)
    ax.set_aspect("equal")
    ax.axis("off")


def draw_columns(ax, columns, title=None, y_hidden=1.0, width=None):
    """Draw one unrolled network: inputs at y=0, hidden states, outputs.

    ``width`` (in columns) fixes the x range so panels line up. Returns
    the number of boxes drawn.
    """
    num_boxes = 0
    for t, (x_label, color, y_label) in enumerate(columns):
        x = t * DX
        _box(ax, x, y_hidden, HIDDEN_TEXT.get(color), COLORS[color],
             fontsize=8)
        num_boxes += 1
        if x_label is not None:
            _box(ax, x, 0, x_label, COLORS["img" if color == "img"
                                            else "x"])
            _arrow(ax, (x, BOX_H / 2), (x, y_hidden - BOX_H / 2))
            num_boxes += 1
        if y_label is not None:
            _box(ax, x, 2 * y_hidden, y_label, COLORS["o"])
            _arrow(ax, (x, y_hidden + BOX_H / 2),
                   (x, 2 * y_hidden - BOX_H / 2))
            num_boxes += 1
        if t > 0:
            _arrow(ax, (x - DX + BOX_W / 2, y_hidden),
                   (x - BOX_W / 2, y_hidden))
    if title:
        ax.set_title(title, fontsize=10, loc="left")
    width = len(columns) if width is None else width
    _finish(ax, width * DX - 0.6, 2 * y_hidden + 0.5)
    return num_boxes


def plot_rnn_shapes(kinds=None, width=5.6):
    """One row per RNN shape of :data:`SHAPES` (all of them by default)."""
    kinds = list(SHAPES) if kinds is None else list(kinds)
    d2l.use_svg_display()
    fig, axes = d2l.plt.subplots(len(kinds), 1,
                                 figsize=(width, 1.7 * len(kinds)))
    axes = [axes] if len(kinds) == 1 else list(axes)
    width = max(len(SHAPES[kind][1]) for kind in kinds)
    for ax, kind in zip(axes, kinds):
        title, columns = SHAPES[kind]
        draw_columns(ax, columns, title, width=width)
    fig.tight_layout()
    return fig


def plot_unrolled_rnn(num_steps=3, figsize=(7.5, 2.4)):
    """The recurrent cell folded (left) and unrolled over time (right).

    Labels follow the section's equations: ``X_t`` enters through
    ``W_xh``, ``H_{t-1}`` through ``W_hh``, ``O_t`` leaves through ``W_hq``;
    the same weights are used at every step.
    """
    d2l.use_svg_display()
    fig, ax = d2l.plt.subplots(figsize=figsize)
    # Folded: one cell whose state feeds back into itself.
    _box(ax, 0, 0, "$X_t$", COLORS["x"])
    _box(ax, 0, 1, "$H_t$", COLORS["h"])
    _box(ax, 0, 2, "$O_t$", COLORS["o"])
    _arrow(ax, (0, BOX_H / 2), (0, 1 - BOX_H / 2))
    _arrow(ax, (0, 1 + BOX_H / 2), (0, 2 - BOX_H / 2))
    # The self-loop: out of the right edge and back in, one step later.
    right, loop = BOX_W / 2, BOX_W / 2 + 0.35
    ax.plot([right, loop, loop], [1.12, 1.12, 0.88], color="0.25",
            linewidth=0.9)
    _arrow(ax, (loop, 0.88), (right, 0.88))
    ax.text(loop + 0.08, 1.0, "$W_{hh}$", fontsize=8, ha="left",
            va="center")
    ax.text(1.8, 1.0, "=", fontsize=18, ha="center", va="center")
    # Unrolled: H_0, then one column per time step.
    left = 2.9
    _box(ax, left, 1, "$H_0$", "white")
    columns = [(f"$X_{t}$", "h", f"$O_{t}$") for t in
               range(1, num_steps + 1)]
    for t, (x_label, _, o_label) in enumerate(columns, start=1):
        x = left + t * DX * 1.3
        _box(ax, x, 0, x_label, COLORS["x"])
        _box(ax, x, 1, f"$H_{t}$", COLORS["h"])
        _box(ax, x, 2, o_label, COLORS["o"])
        _arrow(ax, (x, BOX_H / 2), (x, 1 - BOX_H / 2), "$W_{xh}$",
               offset=(0.35, 0))
        _arrow(ax, (x, 1 + BOX_H / 2), (x, 2 - BOX_H / 2), "$W_{hq}$",
               offset=(0.35, 0))
        _arrow(ax, (x - DX * 1.3 + BOX_W / 2, 1), (x - BOX_W / 2, 1),
               "$W_{hh}$", offset=(0, 0.17))
    _finish(ax, left + num_steps * DX * 1.3 + 0.8, 2.5)
    return fig
