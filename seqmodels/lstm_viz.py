"""What an LSTM's gates do on a piece of text (chapter *LSTM*).

:func:`gate_trace` runs an :class:`seqmodels.gated.LSTMScratch` layer over
a sequence and keeps, at every step, the four gate activations and the
memory cell, which the fused Gluon layer does not expose. Give the scratch
layer a trained Gluon layer's weights first
(:func:`seqmodels.gated.copy_from_gluon`). :func:`plot_gate_trace` draws
one of them as a heat map over the characters of the text.
"""
from d2l import mxnet as d2l
from mxnet import np, npx

from .gated import split_gates

GATE_NAMES = ("input", "forget", "candidate", "output")


def gate_trace(layer, inputs, state=None):
    """Gates and cell of an ``LSTMScratch`` layer at every step.

    ``inputs`` has shape (num_steps, batch_size, num_inputs). Returns a
    dict of numpy arrays of shape (num_steps, batch_size, num_hiddens):
    ``input``, ``forget``, ``candidate`` (after tanh), ``output``, ``cell``
    and ``hidden``. The recurrence is :func:`seqmodels.gated.lstm_step`'s.
    """
    if state is None:
        state = layer.begin_state(inputs.shape[1], inputs.ctx)
    H, C = state
    W_x, W_h, b = layer.param_values()
    trace = {name: [] for name in GATE_NAMES + ("cell", "hidden")}
    for X in inputs:
        pre = split_gates(np.dot(X, W_x) + np.dot(H, W_h) + b, 4)
        gates = [npx.sigmoid(pre[0]), npx.sigmoid(pre[1]), np.tanh(pre[2]),
                 npx.sigmoid(pre[3])]
        C = gates[1] * C + gates[0] * gates[2]
        H = gates[3] * np.tanh(C)
        for name, value in zip(GATE_NAMES, gates):
            trace[name].append(value)
        trace["cell"].append(C)
        trace["hidden"].append(H)
    return {name: np.stack(values).asnumpy()
            for name, values in trace.items()}


def plot_gate_trace(trace, text, name="forget", row=0, units=None,
                    figsize=(7, 2.6)):
    """Heat map of ``trace[name]`` for one sequence: units x characters.

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
