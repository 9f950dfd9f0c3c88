"""Recurrent cells with one interface: vanilla RNN, LSTM and GRU (chapters
*LSTM* and *GRU*).

Every cell is a step function ``step(X, state, *params) -> (H, state)``:
``X`` has shape (batch_size, num_inputs), ``state`` is a tuple (``(H,)``
for the RNN and the GRU, ``(H, C)`` for the LSTM) and ``H`` is what the
layer outputs at that step. :class:`ScratchRecurrent` runs any such step
over a sequence, so the stacked layers of :mod:`seqmodels.deep` and the
gradient probes of :mod:`seqmodels.bptt` work with every cell.

The parameters use the layout ``X @ W``: ``W_x`` has shape (num_inputs,
G * num_hiddens) and holds the G gate blocks side by side in **Gluon's
order**, so that copying to a fused Gluon layer is a transpose:

* LSTM, G = 4: input gate, forget gate, candidate, output gate;
* GRU, G = 3: reset gate, update gate, candidate ("new").

Gluon's GRU (like cuDNN's) multiplies the reset gate into the *result* of
the recurrent product, ``R * (H W_hn + b_hn)``; the textbook GRU multiplies
it into the state first, ``(R * H) W_hn``. :func:`gru_step` computes the
first and :func:`gru_step_textbook` the second.
"""
from d2l import mxnet as d2l
from mxnet import np, npx
from mxnet.gluon import rnn

# The Gluon weight reader and the copies live in seqmodels.rnn, where
# Gluon's fused layer is introduced; they are imported here for the pages
# of the gated chapters.
from .rnn import (  # noqa: F401
    copy_from_gluon,
    copy_to_gluon,
    from_gluon_layout,
    gluon_layer_params,
    rnn_step,
    to_gluon_layout,
)


def split_gates(A, num_gates):
    """Split the last axis of ``A`` into ``num_gates`` equal blocks."""
    return np.split(A, num_gates, axis=-1)


def rnn_cell(X, state, W_xh, W_hh, b_h):
    """Vanilla RNN step (:func:`seqmodels.rnn.rnn_step`) in the gated
    cells' calling convention: ``(output, state tuple)``."""
    H = rnn_step(X, state[0], W_xh, W_hh, b_h)
    return H, (H,)


GATE_NAMES = ("input", "forget", "candidate", "output")


def lstm_gates(X, H, W_x, W_h, b):
    """The LSTM's gates ``(I, F, C_tilde, O)`` after their nonlinearities
    (sigmoid; tanh for the candidate), blocks in Gluon's order."""
    I, F, C_tilde, O = split_gates(np.dot(X, W_x) + np.dot(H, W_h) + b, 4)
    return npx.sigmoid(I), npx.sigmoid(F), np.tanh(C_tilde), npx.sigmoid(O)


def lstm_step(X, state, W_x, W_h, b):
    """LSTM step; gate blocks of ``W_x``, ``W_h``, ``b`` in Gluon's order
    (input, forget, candidate, output)."""
    H, C = state
    I, F, C_tilde, O = lstm_gates(X, H, W_x, W_h, b)
    C = F * C + I * C_tilde
    H = O * np.tanh(C)
    return H, (H, C)


def gru_gates(X, H, W_x, W_h, b_x, b_h):
    """The GRU's reset and update gates ``(R, Z)``, and the input and
    recurrent parts of the candidate before the reset is applied
    (``X W_xn + b_xn``, ``H W_hn + b_hn``); weights in the ``X @ W``
    layout, gate blocks in the order r, z, n."""
    X_r, X_z, X_n = split_gates(np.dot(X, W_x) + b_x, 3)
    H_r, H_z, H_n = split_gates(np.dot(H, W_h) + b_h, 3)
    R, Z = npx.sigmoid(X_r + H_r), npx.sigmoid(X_z + H_z)
    return R, Z, X_n, H_n


def gru_step(X, state, W_x, W_h, b_x, b_h):
    """GRU step as Gluon and cuDNN compute it (reset after the product)::

        N = tanh(X W_xn + b_xn + R * (H W_hn + b_hn))
        H = Z * H + (1 - Z) * N
    """
    H, = state
    R, Z, X_n, H_n = gru_gates(X, H, W_x, W_h, b_x, b_h)
    N = np.tanh(X_n + R * H_n)
    H = Z * H + (1 - Z) * N
    return H, (H,)


def gru_step_textbook(X, state, W_x, W_h, b_x, b_h):
    """GRU step of Cho et al. (2014) and d2l (reset before the product)::

        N = tanh(X W_xn + b_xn + (R * H) W_hn + b_hn)
    """
    H, = state
    R, Z, X_n, _ = gru_gates(X, H, W_x, W_h, b_x, b_h)
    n = H.shape[-1]
    W_hn, b_hn = W_h[:, 2 * n:], b_h[2 * n:]
    N = np.tanh(X_n + np.dot(R * H, W_hn) + b_hn)
    H = Z * H + (1 - Z) * N
    return H, (H,)


class ScratchRecurrent(d2l.Module):
    """A recurrent layer built from a step function and its parameters.

    ``forward(inputs, state)`` takes inputs of shape (num_steps,
    batch_size, num_inputs) and returns the stacked outputs (num_steps,
    batch_size, num_hiddens) and the last state, like Gluon's layers, so
    it fits both :class:`d2l.RNNLMScratch` and :class:`d2l.RNNLM`.
    Subclasses set ``step``, ``param_names`` and ``num_gates``.
    """
    step = None
    param_names = ()
    num_gates = 1
    num_states = 1

    def __init__(self, num_inputs, num_hiddens, sigma=0.01):
        super().__init__()
        self.save_hyperparameters()
        G = self.num_gates * num_hiddens
        W_x, W_h, *biases = self.param_names
        setattr(self, W_x, d2l.randn(num_inputs, G) * sigma)
        setattr(self, W_h, d2l.randn(num_hiddens, G) * sigma)
        for name in biases:
            setattr(self, name, d2l.zeros(G))

    def param_values(self):
        return tuple(getattr(self, name) for name in self.param_names)

    def gluon_params(self):
        """Values for the fused Gluon layer (:func:`to_gluon_layout`): a
        single bias goes to ``i2h_bias``, two (the GRU's) one each."""
        return to_gluon_layout(*self.param_values())

    def load_gluon_params(self, p):
        """The reverse of :meth:`gluon_params`; a single bias is the sum
        of Gluon's two."""
        values = from_gluon_layout(p, len(self.param_names) - 2)
        for name, value in zip(self.param_names, values):
            setattr(self, name, value)

    def cell(self):
        """The step function this layer runs."""
        return type(self).step

    def begin_state(self, batch_size, ctx=None):
        return tuple(np.zeros((batch_size, self.num_hiddens), ctx=ctx)
                     for _ in range(self.num_states))

    def forward(self, inputs, state=None):
        if state is None:
            state = self.begin_state(inputs[0].shape[0], inputs[0].ctx)
        step, params, outputs = self.cell(), self.param_values(), []
        for X in inputs:
            H, state = step(X, tuple(state), *params)
            outputs.append(H)
        return np.stack(outputs), state


class RNNCellScratch(ScratchRecurrent):
    """The vanilla tanh RNN as a :class:`ScratchRecurrent` layer."""
    step = staticmethod(rnn_cell)
    param_names = ("W_xh", "W_hh", "b_h")


class LSTMScratch(ScratchRecurrent):
    """LSTM layer from scratch (:func:`lstm_step`)."""
    step = staticmethod(lstm_step)
    param_names = ("W_x", "W_h", "b")
    num_gates, num_states = 4, 2


class GRUScratch(ScratchRecurrent):
    """GRU layer from scratch; ``textbook=True`` uses
    :func:`gru_step_textbook` instead of Gluon's :func:`gru_step`."""
    param_names = ("W_x", "W_h", "b_x", "b_h")
    num_gates = 3

    def __init__(self, num_inputs, num_hiddens, sigma=0.01, textbook=False):
        super().__init__(num_inputs, num_hiddens, sigma)
        self.textbook = textbook

    def cell(self):
        return gru_step_textbook if self.textbook else gru_step


def gate_trace(layer, inputs, state=None):
    """What an :class:`LSTMScratch` layer's gates do at every step (the
    fused Gluon layer does not expose them; give the scratch layer a
    trained layer's weights with :func:`copy_from_gluon` first).

    ``inputs`` has shape (num_steps, batch_size, num_inputs). Returns a
    dict of numpy arrays of shape (num_steps, batch_size, num_hiddens):
    the gates of :data:`GATE_NAMES` (:func:`lstm_gates`), ``cell`` and
    ``hidden`` (:func:`lstm_step`). :func:`seqmodels.plotting.
    plot_gate_trace` draws one of them.
    """
    if state is None:
        state = layer.begin_state(inputs.shape[1], inputs.ctx)
    params = layer.param_values()
    trace = {name: [] for name in GATE_NAMES + ("cell", "hidden")}
    for X in inputs:
        for name, value in zip(GATE_NAMES, lstm_gates(X, state[0],
                                                       *params)):
            trace[name].append(value)
        H, state = lstm_step(X, state, *params)
        trace["cell"].append(state[1])
        trace["hidden"].append(H)
    return {name: np.stack(values).asnumpy()
            for name, values in trace.items()}


class GluonLSTM(d2l.RNN):
    """d2l's concise recurrent model for ``rnn.LSTM``, whose state is the
    pair ``[H, C]`` (d2l's ``RNN.forward`` handles a single state)."""

    def __init__(self, num_hiddens, num_layers=1, dropout=0):
        d2l.Module.__init__(self)
        self.save_hyperparameters()
        self.rnn = rnn.LSTM(num_hiddens, num_layers, dropout=dropout)

    def forward(self, inputs, state=None):
        if state is None:
            state = self.rnn.begin_state(inputs.shape[1], ctx=inputs.ctx)
        return self.rnn(inputs, list(state))


class GluonGRU(d2l.GRU):
    """d2l's concise GRU (``rnn.GRU``, reset gate after the product)."""

    def __init__(self, num_hiddens, num_layers=1, dropout=0):
        super().__init__(num_hiddens, num_layers, dropout)
