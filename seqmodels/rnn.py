"""Vanilla RNNs: one step, from scratch, and with Gluon (section *RNNs*).

The from-scratch model computes, for every time step ``t``::

    H_t = tanh(X_t W_xh + H_{t-1} W_hh + b_h)
    O_t = H_t W_hq + b_q

Gluon's fused ``rnn.RNN`` computes the same recurrence with two bias vectors
(``i2h_bias + h2h_bias`` plays the role of ``b_h``) and weights stored
transposed; :func:`copy_scratch_to_gluon` maps one onto the other. Note that
``rnn.RNN`` defaults to ``activation='relu'``: the course always passes
``'tanh'``.

Every fused Gluon layer (``rnn.RNN``, ``rnn.LSTM``, ``rnn.GRU``) names
the four arrays of stacked layer ``i`` ``..._l{i}_i2h_weight``,
``..._l{i}_h2h_weight``, ``..._l{i}_i2h_bias`` and ``..._l{i}_h2h_bias``
(``r{i}`` for the backward direction of a bidirectional layer).
:func:`gluon_layer_params` is the course's one reader of those names,
:func:`to_gluon_layout` and :func:`from_gluon_layout` its one mapping
between them and the scratch layout ``X @ W``, and :func:`copy_to_gluon`
and :func:`copy_from_gluon` move the weights of scratch layers (anything
with ``gluon_params`` and ``load_gluon_params``) in and out.
"""
import re

from d2l import mxnet as d2l
from mxnet import gluon, np, npx
from mxnet.gluon import rnn
from mxnet.gluon.parameter import DeferredInitializationError

GLUON_KEYS = ("i2h_weight", "h2h_weight", "i2h_bias", "h2h_bias")


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

    def gluon_params(self):
        """Values for Gluon's ``rnn.RNN`` (:func:`to_gluon_layout`)."""
        return to_gluon_layout(self.W_xh, self.W_hh, self.b_h)

    def load_gluon_params(self, p):
        self.W_xh, self.W_hh, self.b_h = from_gluon_layout(p)


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


class AdamRNNLM(RNNLM):
    """:class:`RNNLM` trained with Adam instead of SGD, so that a recurrent
    model can be compared with the Transformer under the same optimiser
    and learning rate."""

    def configure_optimizers(self):
        return gluon.Trainer(self.collect_params(), "adam",
                             {"learning_rate": self.lr})


def gluon_layer_params(layer, index=0, direction="l", what="data"):
    """``{'i2h_weight': ..., 'h2h_weight': ..., 'i2h_bias': ...,
    'h2h_bias': ...}`` of stacked layer ``index`` of a fused Gluon
    ``rnn.RNN``/``LSTM``/``GRU``, forward (``direction='l'``) or backward
    (``'r'``, bidirectional layers).

    ``what`` picks the values: ``'data'`` the arrays, ``'grad'`` their
    gradients, ``'param'`` the Gluon ``Parameter`` objects themselves (to
    ``set_data``, even before Gluon has sized them).
    """
    if what not in ("data", "grad", "param"):
        raise ValueError(f"what must be 'data', 'grad' or 'param', "
                         f"not {what!r}")
    found = {}
    for name, p in layer.collect_params().items():
        match = re.search(rf"_{direction}{index}_(\w+)$", name)
        if not match:
            continue
        if what == "param":
            found[match.group(1)] = p
            continue
        try:
            found[match.group(1)] = getattr(p, what)()
        except DeferredInitializationError:
            raise ValueError(
                f"{name} has no value yet: Gluon sizes its weights at "
                "the first forward pass, so run one batch through the "
                "layer first") from None
    return found


def to_gluon_layout(W_x, W_h, *biases):
    """Scratch weights (``X @ W``) as Gluon's four arrays: the weights
    transposed; one bias goes to ``i2h_bias`` with ``h2h_bias`` zero, two
    biases (the GRU's) go one each."""
    if len(biases) == 1:
        biases += (np.zeros_like(biases[0]),)
    return dict(zip(GLUON_KEYS, (W_x.T, W_h.T) + biases))


def from_gluon_layout(p, num_biases=1):
    """The reverse of :func:`to_gluon_layout`: ``(W_x, W_h, *biases)``;
    with one bias, the sum of Gluon's two."""
    weights = (p["i2h_weight"].T, p["h2h_weight"].T)
    if num_biases == 1:
        return weights + (p["i2h_bias"] + p["h2h_bias"],)
    return weights + (p["i2h_bias"], p["h2h_bias"])


def copy_to_gluon(scratch_layers, layer, direction="l"):
    """Give the fused Gluon ``layer`` the weights of the scratch layers
    (one per stacked layer, bottom first; each has ``gluon_params()``)."""
    for i, scratch in enumerate(scratch_layers):
        params = gluon_layer_params(layer, i, direction, what="param")
        for key, value in scratch.gluon_params().items():
            params[key].set_data(value)


def copy_from_gluon(layer, scratch_layers, direction="l"):
    """The reverse of :func:`copy_to_gluon` (each scratch layer has
    ``load_gluon_params(values)``)."""
    for i, scratch in enumerate(scratch_layers):
        scratch.load_gluon_params(gluon_layer_params(layer, i, direction))


def copy_scratch_to_gluon(scratch, layer):
    """Give a Gluon ``rnn.RNN`` layer the weights of an :class:`RNNScratch`
    (:func:`copy_to_gluon` of one layer).

    Gluon stores ``W_xh`` transposed as ``l0_i2h_weight`` and adds two
    biases; we put ``b_h`` in the input bias and zero the recurrent one.
    """
    copy_to_gluon([scratch], layer)


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
