"""Vanilla RNNs: one step, from scratch, and with Gluon (section *RNNs*).

The from-scratch model computes, for every time step ``t``::

    H_t = tanh(X_t W_xh + H_{t-1} W_hh + b_h)
    O_t = H_t W_hq + b_q

Gluon's fused ``rnn.RNN`` computes the same recurrence with two bias vectors
(``i2h_bias + h2h_bias`` plays the role of ``b_h``) and weights stored
transposed; :func:`copy_scratch_to_gluon` maps one onto the other. Note that
``rnn.RNN`` defaults to ``activation='relu'``: the course always passes
``'tanh'``.
"""
from d2l import mxnet as d2l
from mxnet import np, npx
from mxnet.gluon import rnn


def rnn_step(X, H, W_xh, W_hh, b_h):
    """One step of the vanilla RNN: ``tanh(X W_xh + H W_hh + b_h)``."""
    return np.tanh(np.dot(X, W_xh) + np.dot(H, W_hh) + b_h)


class RNNScratch(d2l.RNNScratch):
    """d2l's from-scratch RNN layer, its loop written with :func:`rnn_step`.

    ``inputs`` has shape (num_steps, batch_size, num_inputs); the result is
    the list of the ``num_steps`` hidden states and the last one.
    """

    def forward(self, inputs, state=None):
        if state is None:
            H = np.zeros((inputs.shape[1], self.num_hiddens), ctx=inputs.ctx)
        else:
            H, = state if isinstance(state, (tuple, list)) else (state,)
        outputs = []
        for X in inputs:
            H = rnn_step(X, H, self.W_xh, self.W_hh, self.b_h)
            outputs.append(H)
        return outputs, H


class RNNLMScratch(d2l.RNNLMScratch):
    """Character language model around a from-scratch RNN (d2l's class)."""


class GluonRNN(d2l.RNN):
    """d2l's concise RNN with the ``tanh`` activation of the scratch model."""

    def __init__(self, num_hiddens, num_layers=1):
        d2l.Module.__init__(self)
        self.save_hyperparameters()
        self.rnn = rnn.RNN(num_hiddens, num_layers, activation="tanh")


class RNNLM(d2l.RNNLM):
    """Character language model around a Gluon recurrent layer."""


def copy_scratch_to_gluon(scratch, layer):
    """Give a Gluon ``rnn.RNN`` layer the weights of an :class:`RNNScratch`.

    Gluon stores ``W_xh`` transposed as ``l0_i2h_weight`` and adds two
    biases; we put ``b_h`` in the input bias and zero the recurrent one.
    """
    params = layer.collect_params()
    values = {"l0_i2h_weight": scratch.W_xh.T,
              "l0_h2h_weight": scratch.W_hh.T, "l0_i2h_bias": scratch.b_h,
              "l0_h2h_bias": np.zeros_like(scratch.b_h)}
    for key, value in values.items():
        [p] = [p for name, p in params.items() if name.endswith(key)]
        p.set_data(value)


def one_hot(X, vocab_size):
    """(batch_size, num_steps) indices -> (num_steps, batch_size, vocab)."""
    return npx.one_hot(X.T, vocab_size)


def lm_step_fn(model, device=None):
    """Wrap a d2l language model as ``step_fn(token, state) -> (logits,
    state)``: one token in, the next token's logits (vocab,) out.

    ``state`` starts as None. This is the interface of the exercise's
    ``predict``; d2l's own ``model.predict`` is the reference it must match.
    """
    def step_fn(token, state):
        X = np.array([[token]], ctx=device)
        outputs, state = model.rnn(model.one_hot(X), state)
        return model.output_layer(outputs)[0, 0], state
    return step_fn
