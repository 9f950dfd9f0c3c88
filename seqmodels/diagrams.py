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


# ---------------------------------------------------------------------------
# Cells and architectures, in the notation of the chapters' equations.
#
# A figure is a graph: ``nodes`` maps a name to (x, y, label, kind) and
# ``edges`` lists paths, each a sequence of node names and bare (x, y)
# waypoints, drawn as lines ending in an arrow at the last point. Kinds:
# "x", "h", "o" (the colours above), "layer" (a learned layer with its
# nonlinearity), "op" (an elementwise operation, drawn as a circle) and
# "plain" (a label without a frame).

KIND_COLORS = dict(COLORS, layer="#fce5cd", op="white", mask="#d0e0e3")


def _node(ax, x, y, label, kind, size=(0.9, 0.42)):
    from matplotlib.patches import Circle
    if kind == "plain":
        ax.text(x, y, label, ha="center", va="center", fontsize=9)
        return None
    if kind == "op":
        patch = Circle((x, y), 0.2, facecolor="white", edgecolor="0.3",
                       linewidth=0.8, zorder=3)
    else:
        w, h = size
        patch = FancyBboxPatch(
            (x - w / 2, y - h / 2), w, h,
            boxstyle="round,pad=0.02,rounding_size=0.08",
            facecolor=KIND_COLORS[kind], edgecolor="0.3", linewidth=0.8,
            zorder=3)
    ax.add_patch(patch)
    ax.text(x, y, label, ha="center", va="center", fontsize=9, zorder=4)
    return patch


def draw_graph(ax, nodes, edges, sizes=None):
    """Draw ``nodes`` and ``edges`` (see above); return {name: patch}."""
    sizes = sizes or {}
    patches = {name: _node(ax, x, y, label, kind,
                           sizes.get(name, (0.9, 0.42)))
               for name, (x, y, label, kind) in nodes.items()}

    def point(p):
        return nodes[p][:2] if isinstance(p, str) else p

    for path in edges:
        points = [point(p) for p in path]
        if len(points) > 2:
            xs, ys = zip(*points[:-1])
            ax.plot(xs, ys, color="0.3", linewidth=0.9, zorder=1)
        start, end = path[-2], path[-1]
        ax.annotate("", xy=point(end), xytext=point(start), arrowprops=dict(
            arrowstyle="-|>", color="0.3", linewidth=0.9, shrinkA=0,
            shrinkB=0, patchA=patches.get(start) if isinstance(
                start, str) else None,
            patchB=patches.get(end) if isinstance(end, str) else None),
            zorder=2)
    return patches


def _graph_figure(nodes, edges, xlim, ylim, figsize, title=None,
                  sizes=None):
    d2l.use_svg_display()
    fig, ax = d2l.plt.subplots(figsize=figsize)
    draw_graph(ax, nodes, edges, sizes)
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_aspect("equal")
    ax.axis("off")
    if title:
        ax.set_title(title, fontsize=10, loc="left")
    return fig


def _layer(x, y, activation, output):
    """A gate or candidate layer: its nonlinearity and what it computes."""
    return (x, y, rf"${activation}$: ${output}$", "layer")


def _state(x, y, symbol, step="t", kind="h"):
    """A state or input box, e.g. ``$\\mathbf{C}_{t-1}$``."""
    step = step if len(step) == 1 else "{" + step + "}"
    return (x, y, rf"$\mathbf{{{symbol}}}_{step}$", kind)


PRODUCT = r"$\odot$"


def lstm_cell_graph():
    """The LSTM cell of the LSTM chapter: gates I, F, O, candidate C~."""
    n = dict(
        C_prev=_state(0, 3, "C", "t-1"), H_prev=_state(0, 0.4, "H", "t-1"),
        X=_state(1.1, -0.8, "X", kind="x"),
        F=_layer(2, 1.4, r"\sigma", r"\mathbf{F}_t"),
        I=_layer(3.2, 1.4, r"\sigma", r"\mathbf{I}_t"),
        Ct=_layer(4.4, 1.4, r"\tanh", r"\tilde{\mathbf{C}}_t"),
        O=_layer(5.6, 1.4, r"\sigma", r"\mathbf{O}_t"),
        mul_f=(2, 3, PRODUCT, "op"), mul_i=(3.2, 2.2, PRODUCT, "op"),
        add=(3.2, 3, "+", "op"), tanh=(6.6, 2.2, r"$\tanh$", "op"),
        mul_o=(6.6, 1.4, PRODUCT, "op"),
        C=_state(8, 3, "C"), H=_state(8, 0.4, "H"))
    bus = 0.4
    e = [["C_prev", "mul_f"], ["mul_f", "add"], ["add", "C"],
         ["H_prev", (5.6, bus), "O"], ["X", (1.1, bus), (2, bus), "F"],
         [(3.2, bus), "I"], [(4.4, bus), "Ct"], [(2, bus), "F"],
         ["F", "mul_f"], ["I", "mul_i"], ["Ct", (4.4, 2.2), "mul_i"],
         ["mul_i", "add"], [(6.6, 3), "tanh"], ["tanh", "mul_o"],
         ["O", "mul_o"], ["mul_o", (7.3, 1.4), (7.3, bus), "H"]]
    return n, e


def gru_cell_graph():
    """The GRU cell of the GRU chapter: reset R, update Z, candidate H~."""
    n = dict(
        H_prev=_state(0, 3, "H", "t-1"), X=_state(0, 0, "X", kind="x"),
        R=_layer(1.8, 1.2, r"\sigma", r"\mathbf{R}_t"),
        Z=_layer(3.2, 1.2, r"\sigma", r"\mathbf{Z}_t"),
        Ht=_layer(4.8, 1.2, r"\tanh", r"\tilde{\mathbf{H}}_t"),
        mul_r=(1.8, 2.2, PRODUCT, "op"), one_minus=(3.9, 2.2, "$1-$", "op"),
        mul_z=(3.2, 3, PRODUCT, "op"), mul_h=(4.8, 2.2, PRODUCT, "op"),
        add=(4.8, 3, "+", "op"), H=_state(6.5, 3, "H"))
    e = [["H_prev", "mul_z"], ["mul_z", "add"], ["add", "H"],
         ["X", (4.8, 0), "Ht"], [(1.8, 0), "R"], [(3.2, 0), "Z"],
         [(0.9, 3), (0.9, 0.6), (3.2, 0.6), "Z"], [(1.8, 0.6), "R"],
         [(0.9, 2.2), "mul_r"], ["R", "mul_r"],
         ["mul_r", (2.5, 2.2), (2.5, 1.6), (4.3, 1.6), "Ht"],
         ["Z", "mul_z"], ["Z", (3.9, 1.2), "one_minus"],
         ["one_minus", "mul_h"], ["Ht", "mul_h"], ["mul_h", "add"]]
    return n, e


def plot_lstm_cell(figsize=(7.0, 3.6)):
    """One LSTM step: the memory line C on top, the gates below."""
    n, e = lstm_cell_graph()
    return _graph_figure(n, e, (-0.7, 8.7), (-1.2, 3.4), figsize,
                         sizes={k: (1.05, 0.42) for k in ("F", "I", "O",
                                                          "Ct")})


def plot_gru_cell(figsize=(6.0, 3.3)):
    """One GRU step: the state line H on top, reset and update below."""
    n, e = gru_cell_graph()
    return _graph_figure(n, e, (-0.7, 7.2), (-0.4, 3.4), figsize,
                         sizes={k: (1.05, 0.42) for k in ("R", "Z", "Ht")})


def _grid_graph(num_layers, num_steps, label):
    """Boxes H_t^(l) for l = 1..L over t = 1..T; inputs X_t, outputs O_t."""
    n, e = {}, []
    for t in range(1, num_steps + 1):
        x = 1.4 * t
        n[f"X{t}"] = (x, 0, rf"$\mathbf{{X}}_{t}$", "x")
        below = f"X{t}"
        for layer in range(1, num_layers + 1):
            name = f"H{layer}_{t}"
            n[name] = (x, layer, label(layer, t), "h")
            e.append([below, name])
            if t > 1:
                e.append([f"H{layer}_{t - 1}", name])
            below = name
        n[f"O{t}"] = (x, num_layers + 1, rf"$\mathbf{{O}}_{t}$", "o")
        e.append([below, f"O{t}"])
    return n, e


def plot_deep_rnn(num_layers=3, num_steps=4, figsize=(6.0, 3.6)):
    """A stack of L recurrent layers: layer l reads layer l-1's states."""
    n, e = _grid_graph(num_layers, num_steps, lambda layer, t:
                       rf"$\mathbf{{H}}_{t}^{{({layer})}}$")
    return _graph_figure(n, e, (0.6, 1.4 * num_steps + 0.8),
                         (-0.4, num_layers + 1.4), figsize)


def plot_birnn(num_steps=4, figsize=(6.0, 3.2)):
    """A forward and a backward layer over the same inputs; the output
    H_t concatenates the two states of its own step."""
    n, e = {}, []
    for t in range(1, num_steps + 1):
        x = 1.4 * t
        n[f"X{t}"] = (x, 0, rf"$\mathbf{{X}}_{t}$", "x")
        n[f"F{t}"] = (x, 1, rf"$\overrightarrow{{\mathbf{{H}}}}_{t}$", "h")
        n[f"B{t}"] = (x, 2, rf"$\overleftarrow{{\mathbf{{H}}}}_{t}$", "h")
        n[f"O{t}"] = (x, 3, rf"$\mathbf{{H}}_{t}$", "o")
        e += [[f"X{t}", f"F{t}"], [f"F{t}", (x - 0.55, 1.5), (x - 0.55, 2.6),
                                   f"O{t}"],
              [f"X{t}", (x + 0.55, 0.5), (x + 0.55, 1.5), f"B{t}"],
              [f"B{t}", f"O{t}"]]
        if t > 1:
            e += [[f"F{t - 1}", f"F{t}"], [f"B{t}", f"B{t - 1}"]]
    return _graph_figure(n, e, (0.5, 1.4 * num_steps + 0.8), (-0.4, 3.4),
                         figsize)


def plot_encoder_decoder(source=("x_1", "x_2", "x_3", "x_4"),
                         target=("y_1", "y_2", "y_3"),
                         figsize=(7.2, 2.8)):
    """The encoder reads the source; its last state is the context c,
    which starts the decoder and is fed to it at every step."""
    n, e = {}, []
    T, dx = len(source), 1.25
    for t, token in enumerate(source, start=1):
        n[f"x{t}"] = (dx * t, 0, f"${token}$", "x")
        n[f"h{t}"] = (dx * t, 1, rf"$\mathbf{{h}}_{t}$", "enc")
        e.append([f"x{t}", f"h{t}"])
        if t > 1:
            e.append([f"h{t - 1}", f"h{t}"])
    n["c"] = (dx * (T + 1), 1, r"$\mathbf{c}$", "layer")
    e.append([f"h{T}", "c"])
    inputs = ["<bos>"] + [f"${y}$" for y in target]
    for k, token in enumerate(target, start=1):
        x = dx * (T + 1 + k)
        n[f"y_in{k}"] = (x, 0, inputs[k - 1], "x")
        n[f"s{k}"] = (x, 1, rf"$\mathbf{{s}}_{k}$", "dec")
        n[f"y{k}"] = (x, 2.3, f"${token}$", "o")
        e += [[f"y_in{k}", f"s{k}"], [f"s{k}", f"y{k}"],
              [f"s{k - 1}" if k > 1 else "c", f"s{k}"]]
        if k > 1:  # the context enters every step, not only the first
            e.append(["c", (dx * (T + 1), 1.65), (x - 0.3, 1.65),
                      (x - 0.3, 1.21)])
    return _graph_figure(n, e, (0.5, dx * (T + len(target) + 1) + 0.6),
                         (-0.4, 2.7), figsize, sizes={"c": (0.6, 0.42)})


def plot_attention_step(num_steps=4, figsize=(6.4, 3.8)):
    """One Bahdanau decoder step t': s_{t'-1} scores every h_t, softmax
    gives the weights, their average of the h_t is c_{t'}, which enters
    the GRU step with y_{t'-1}."""
    n, e = {}, []
    sx = num_steps + 1.8  # the column of the sum, the context and the GRU
    for t in range(1, num_steps + 1):
        n[f"h{t}"] = (t, 0, rf"$\mathbf{{h}}_{t}$", "enc")
        n[f"a{t}"] = (t, 1.3, rf"$a_{t}$", "op")
        e += [[f"h{t}", f"a{t}"],
              [f"a{t}", (t, 1.85), "softmax"],
              [f"h{t}", (t, -0.5), (sx, -0.5), "sum"]]
    n["softmax"] = (num_steps / 2 + 0.5, 2.35,
                    r"softmax: $\alpha_1, \ldots, \alpha_T$", "layer")
    n["sum"] = (sx, 1.3, r"$\sum_t \alpha_t \mathbf{h}_t$", "layer")
    n["c"] = (sx, 2.35, r"$\mathbf{c}_{t'}$", "layer")
    n["s_prev"] = (0, 3.5, r"$\mathbf{s}_{t'-1}$", "dec")
    n["y_prev"] = (num_steps + 0.5, 3.5, r"$\mathbf{y}_{t'-1}$", "x")
    n["gru"] = (sx, 3.5, "GRU step", "layer")
    n["s"] = (sx + 1.4, 3.5, r"$\mathbf{s}_{t'}$", "dec")
    # The query s_{t'-1} enters every score a_t.
    e += [["s_prev", (0, 0.75), (num_steps - 0.3, 0.75), f"a{num_steps}"],
          *[[(t - 0.3, 0.75), f"a{t}"] for t in range(1, num_steps)],
          ["s_prev", (0, 3.05), (sx - 0.3, 3.05), "gru"],
          ["y_prev", "gru"], ["gru", "s"],
          ["softmax", (num_steps + 0.9, 2.35), (num_steps + 0.9, 1.3),
           "sum"], ["sum", "c"], ["c", "gru"]]
    return _graph_figure(n, e, (-0.7, sx + 2.1), (-0.8, 3.9), figsize,
                         sizes={"softmax": (2.4, 0.42), "sum": (1.2, 0.5),
                                "gru": (1.2, 0.42)})


def plot_transformer_block(mask_size=6, figsize=(7.0, 4.0)):
    """Left: the decoder-only block (masked multi-head self-attention and
    the FFN, each in add & norm). Right: the causal mask, query t sees
    keys 0..t."""
    from matplotlib.patches import Rectangle
    n = {
        "X": (0, 0, r"$\mathbf{X}$ (+ positions)", "x"),
        "mha": (0, 1.1, "masked multi-head\nself-attention", "layer"),
        "add1": (0, 2.1, "+", "op"),
        "ln1": (0, 2.8, r"LN $\to \mathbf{Y}$", "layer"),
        "ffn": (0, 3.7, "FFN (relu)", "layer"),
        "add2": (0, 4.6, "+", "op"),
        "ln2": (0, 5.3, "LN", "layer"),
        "out": (0, 6.2, r"Block$(\mathbf{X})$", "o"),
    }
    e = [["X", "mha"], ["mha", "add1"], ["add1", "ln1"], ["ln1", "ffn"],
         ["ffn", "add2"], ["add2", "ln2"], ["ln2", "out"],
         [(0, 0.45), (-1.3, 0.45), (-1.3, 2.1), "add1"],
         [(0, 3.2), (-1.3, 3.2), (-1.3, 4.6), "add2"]]
    sizes = {"X": (1.9, 0.42), "mha": (1.9, 0.7), "ln1": (1.2, 0.4),
             "ffn": (1.5, 0.42), "ln2": (1.2, 0.4), "out": (1.5, 0.42)}
    d2l.use_svg_display()
    fig, (ax, ax_mask) = d2l.plt.subplots(
        1, 2, figsize=figsize, gridspec_kw={"width_ratios": [1.2, 1]})
    draw_graph(ax, n, e, sizes)
    ax.set_xlim(-1.8, 1.3)
    ax.set_ylim(-0.4, 6.6)
    ax.set_aspect("equal")
    ax.axis("off")
    for q in range(mask_size):
        for k in range(mask_size):
            seen = k <= q
            ax_mask.add_patch(Rectangle(
                (k, mask_size - 1 - q), 1, 1, edgecolor="0.5",
                linewidth=0.6,
                facecolor=KIND_COLORS["mask"] if seen else "white"))
            ax_mask.text(k + 0.5, mask_size - 0.5 - q, "1" if seen else "0",
                         ha="center", va="center", fontsize=8)
    ax_mask.set_xlim(0, mask_size)
    ax_mask.set_ylim(0, mask_size)
    ax_mask.set_aspect("equal")
    ax_mask.set_xticks([k + 0.5 for k in range(mask_size)],
                       range(mask_size))
    ax_mask.set_yticks([mask_size - 0.5 - q for q in range(mask_size)],
                       range(mask_size))
    ax_mask.tick_params(length=0, labelsize=8)
    ax_mask.set_xlabel("key position", fontsize=9)
    ax_mask.set_ylabel("query position $t$", fontsize=9)
    ax_mask.set_title("causal mask: query $t$ sees keys $0..t$",
                      fontsize=9)
    fig.tight_layout()
    return fig


def plot_multi_head(num_heads=3, figsize=(7.0, 3.6)):
    """Multi-head attention: each head projects the queries, keys and
    values with its own weights and attends; the heads' outputs are
    concatenated and projected by W_o."""
    gap = 3.0
    n = {"qkv": (0, 0, "queries, keys, values", "x"),
         "concat": (0, 3.4, "concatenate", "op_box"),
         "W_o": (0, 4.3, r"dense $\mathbf{W}_o$", "layer"),
         "out": (0, 5.2, "output", "o")}
    e = [["concat", "W_o"], ["W_o", "out"]]
    for i in range(num_heads):
        x = (i - (num_heads - 1) / 2) * gap
        label = rf"dense $\mathbf{{W}}^{{({i + 1})}}_{{q,k,v}}$"
        n[f"proj{i}"] = (x, 1.2, label, "layer")
        n[f"att{i}"] = (x, 2.3, f"head {i + 1}: attention", "enc")
        e += [["qkv", f"proj{i}"], [f"proj{i}", f"att{i}"],
              [f"att{i}", "concat"]]
    n = {k: (x, y, label, "layer" if kind == "op_box" else kind)
         for k, (x, y, label, kind) in n.items()}
    width = (num_heads - 1) / 2 * gap + 1.5
    sizes = {"qkv": (3.0, 0.42), "concat": (1.8, 0.42),
             "W_o": (1.6, 0.42), "out": (1.2, 0.42)}
    sizes.update({f"{kind}{i}": (2.6, 0.42) for i in range(num_heads)
                  for kind in ("proj", "att")})
    return _graph_figure(n, e, (-width, width), (-0.4, 5.6), figsize,
                         sizes=sizes)


# The cells built up gate by gate: each stage adds nodes; an edge is
# drawn once every named node on it is present.
CELL_STAGES = {
    "lstm": [("1. the three gates read X and H",
              {"C_prev", "H_prev", "X", "F", "I", "O"}),
             ("2. the candidate memory", {"Ct"}),
             ("3. the memory update", {"mul_f", "mul_i", "add", "C"}),
             ("4. the hidden state", {"tanh", "mul_o", "H"})],
    "gru": [("1. reset and update gates", {"H_prev", "X", "R", "Z"}),
            ("2. the candidate state", {"mul_r", "Ht"}),
            ("3. the new state", {"mul_z", "one_minus", "mul_h", "add",
                                  "H"})],
}


def plot_cell_steps(kind="lstm", figsize=None):
    """The LSTM or GRU cell drawn in stages, one panel per stage, each
    panel adding what the text explains next (``CELL_STAGES``)."""
    nodes, edges = lstm_cell_graph() if kind == "lstm" else gru_cell_graph()
    stages = CELL_STAGES[kind]
    xlim, ylim = ((-0.7, 8.7), (-1.2, 3.4)) if kind == "lstm" else (
        (-0.7, 7.2), (-0.4, 3.4))
    cols = 2
    rows = -(-len(stages) // cols)
    figsize = figsize or (8.0, 2.3 * rows)
    d2l.use_svg_display()
    fig, axes = d2l.plt.subplots(rows, cols, figsize=figsize,
                                 squeeze=False)
    shown = set()
    for ax, (title, added) in zip(axes.ravel(), stages):
        shown |= added
        sub = {k: v for k, v in nodes.items() if k in shown}
        sub_edges = [e for e in edges
                     if all(p in shown for p in e if isinstance(p, str))]
        draw_graph(ax, sub, sub_edges,
                   sizes={k: (1.05, 0.42) for k in sub if k in (
                       "F", "I", "O", "Ct", "R", "Z", "Ht")})
        ax.set_xlim(*xlim)
        ax.set_ylim(*ylim)
        ax.set_aspect("equal")
        ax.axis("off")
        ax.set_title(title, fontsize=9, loc="left")
    for ax in axes.ravel()[len(stages):]:
        ax.axis("off")
    fig.tight_layout()
    return fig
