"""Bidirectional recurrent networks (chapter *Bidirectional Recurrent
Networks*).

* :class:`BiRecurrent` wraps two :class:`seqmodels.gated.ScratchRecurrent`
  layers: the forward layer reads the sequence, the backward layer reads it
  time-reversed, its outputs are reversed back, and the two are
  concatenated on the feature axis, forward first, as Gluon's
  ``rnn.LSTM/GRU/RNN(..., bidirectional=True)`` does.
  :func:`copy_to_gluon_bidirectional` and
  :func:`copy_from_gluon_bidirectional` move weights between the two
  (Gluon names the forward direction ``l0_...`` and the backward one
  ``r0_...``).
* :func:`hmm_forward_backward` is the probabilistic analogue: the
  forward-backward recursion of a hidden Markov model, checked against
  :func:`hmm_brute_force_marginals`.
* :class:`MaskedChars` and :class:`Tagger` are a task where reading the
  future is allowed: restore masked characters of *The Time Machine*.
"""
import itertools
import time
from dataclasses import dataclass, field

import numpy as onp
from d2l import mxnet as d2l
from mxnet import autograd, gluon, np, npx
from mxnet.gluon import nn, rnn

from .config import try_device
from .data import FastTensorLoader, load_corpus
from .gated import GluonLSTM
from .rnn import copy_from_gluon, copy_to_gluon
from .train import History

DIRECTIONS = ("l", "r")  # Gluon's prefixes: forward, backward


def reverse_time(X):
    """Reverse the time axis (axis 0) of a (num_steps, ...) array."""
    return np.flip(X, axis=0)


class BiRecurrent(d2l.Module):
    """A bidirectional layer from two scratch recurrent layers.

    ``forward(inputs, state)`` takes (num_steps, batch_size, num_inputs)
    inputs and the pair ``(forward state, backward state)`` (or None) and
    returns outputs of shape (num_steps, batch_size, 2 * num_hiddens) and
    the pair of last states.
    """

    def __init__(self, forward_layer, backward_layer):
        super().__init__()
        self.f_layer, self.b_layer = forward_layer, backward_layer
        self.num_hiddens = (forward_layer.num_hiddens
                            + backward_layer.num_hiddens)

    def forward(self, inputs, state=None):
        f_state, b_state = state if state is not None else (None, None)
        f_out, f_state = self.f_layer(inputs, f_state)
        b_out, b_state = self.b_layer(reverse_time(inputs), b_state)
        outputs = np.concatenate([f_out, reverse_time(b_out)], axis=-1)
        return outputs, (f_state, b_state)


def copy_to_gluon_bidirectional(birnn, layer):
    """Give a Gluon bidirectional one-layer ``layer`` the weights of
    :class:`BiRecurrent` ``birnn`` (forward -> ``l0_``, backward ->
    ``r0_``)."""
    for d, scratch in zip(DIRECTIONS, (birnn.f_layer, birnn.b_layer)):
        copy_to_gluon([scratch], layer, direction=d)


def copy_from_gluon_bidirectional(layer, birnn):
    """The reverse of :func:`copy_to_gluon_bidirectional`."""
    for d, scratch in zip(DIRECTIONS, (birnn.f_layer, birnn.b_layer)):
        copy_from_gluon(layer, [scratch], direction=d)


def gluon_state_to_pair(state):
    """Gluon's bidirectional state list (each (2, batch, h), forward at
    index 0) -> ``((forward arrays), (backward arrays))``."""
    return tuple(tuple(s[i] for s in state) for i in range(2))


# ------------------------------------------------------------------ HMM
def hmm_forward_backward(pi, A, B, obs):
    """Posterior marginals P(h_t = k | x_1..x_T) of a hidden Markov model.

    ``pi`` (K,) initial distribution, ``A`` (K, K) transitions ``A[i, j] =
    P(h_{t+1}=j | h_t=i)``, ``B`` (K, M) emissions, ``obs`` a list of T
    symbols. Returns ``(alpha, beta, marginals)``: ``alpha[t, k] = P(x_1..x_t,
    h_t=k)``, ``beta[t, k] = P(x_{t+1}..x_T | h_t=k)`` (unscaled: fine for
    the short sequences of the book) and the (T, K) marginals.
    """
    pi, A, B = (onp.asarray(a, dtype=float) for a in (pi, A, B))
    T, K = len(obs), len(pi)
    alpha, beta = onp.zeros((T, K)), onp.ones((T, K))
    alpha[0] = pi * B[:, obs[0]]
    for t in range(1, T):  # the past, left to right
        alpha[t] = (alpha[t - 1] @ A) * B[:, obs[t]]
    for t in range(T - 2, -1, -1):  # the future, right to left
        beta[t] = A @ (B[:, obs[t + 1]] * beta[t + 1])
    joint = alpha * beta
    return alpha, beta, joint / joint.sum(axis=1, keepdims=True)


def hmm_brute_force_marginals(pi, A, B, obs):
    """The same marginals by summing over all K**T hidden paths."""
    pi, A, B = (onp.asarray(a, dtype=float) for a in (pi, A, B))
    T, K = len(obs), len(pi)
    marginals = onp.zeros((T, K))
    for path in itertools.product(range(K), repeat=T):
        p = pi[path[0]] * B[path[0], obs[0]]
        for t in range(1, T):
            p *= A[path[t - 1], path[t]] * B[path[t], obs[t]]
        for t, k in enumerate(path):
            marginals[t, k] += p
    return marginals / marginals.sum(axis=1, keepdims=True)


# ------------------------------------------------- masked restoration
class MaskedChars(FastTensorLoader, d2l.DataModule):
    """Windows of *The Time Machine* with some characters masked.

    Window ``i`` starts at character ``stride * i`` (``stride=1`` is the
    layout of :class:`seqmodels.data.TimeMachine`): the first
    ``num_train`` windows train, the next ``num_val`` validate. In each
    window a fraction ``mask_rate`` of the positions (drawn with ``seed``,
    so the same every run) is replaced by the extra token ``mask_id =
    len(vocab)``. A batch is ``(X, Y, M)``:
    masked inputs, original characters, and the 0/1 mask (all of shape
    (batch_size, num_steps)).
    """

    def __init__(self, batch_size, num_steps=32, num_train=10000,
                 num_val=5000, mask_rate=0.15, seed=0, stride=1,
                 folder=None):
        super().__init__()
        self.save_hyperparameters()
        corpus, self.vocab = load_corpus(folder)
        self.mask_id = len(self.vocab)
        n = num_train + num_val
        if stride * (n - 1) + num_steps > len(corpus):
            raise ValueError(
                f"{n} windows of {num_steps} characters, one every "
                f"{stride}, need more than the {len(corpus)} characters "
                "of the book: use fewer windows or a smaller stride")
        idx = stride * onp.arange(n)[:, None] + onp.arange(num_steps)
        Y = onp.asarray(corpus)[idx]
        rng = onp.random.RandomState(seed)
        M = rng.rand(n, num_steps) < mask_rate
        X = onp.where(M, self.mask_id, Y)
        self.X, self.Y, self.M = (np.array(a, dtype=d) for a, d in (
            (X, "int32"), (Y, "int32"), (M, "float32")))

    def get_dataloader(self, train):
        idx = (slice(0, self.num_train) if train else
               slice(self.num_train, self.num_train + self.num_val))
        return self.get_tensorloader([self.X, self.Y, self.M], train, idx)


def masked_text(data, i, show="X"):
    """Window ``i`` as text; the mask token is shown as ``_``."""
    row = getattr(data, show)[i].asnumpy()
    return "".join("_" if c == data.mask_id else data.vocab.idx_to_token[c]
                   for c in row)


class Tagger(nn.Block):
    """One-hot characters -> uni- or bidirectional LSTM -> Dense per step.

    ``forward(X)``: X (batch_size, num_steps) indices -> logits
    (batch_size, num_steps, num_outputs).
    """

    def __init__(self, num_inputs, num_hiddens, num_outputs,
                 bidirectional=True):
        super().__init__()
        self.num_inputs = num_inputs
        self.rnn = rnn.LSTM(num_hiddens, bidirectional=bidirectional)
        self.dense = nn.Dense(num_outputs, flatten=False)

    def forward(self, X):
        H = self.rnn(npx.one_hot(X.T, self.num_inputs))
        return self.dense(H).swapaxes(0, 1)


def masked_loss(logits, Y, M):
    """Mean cross-entropy over the masked positions only."""
    logp = npx.log_softmax(logits)
    nll = -npx.pick(logp, Y, axis=-1)
    return (nll * M).sum() / M.sum()


def masked_accuracy(model, dataloader, device):
    """Fraction of masked positions whose character is restored."""
    right = total = 0.0
    for X, Y, M in dataloader:
        X, Y, M = (a.as_in_ctx(device) for a in (X, Y, M))
        pred = model(X).argmax(axis=-1).astype("int32")
        right += float(((pred == Y) * M).sum())
        total += float(M.sum())
    return right / total


@dataclass
class TaggerHistory(History):
    """History of :func:`train_tagger`: train loss and validation accuracy
    on the masked positions, per epoch."""
    train_loss: list = field(default_factory=list)
    val_acc: list = field(default_factory=list)

    def results(self):
        return [f"train loss {self.train_loss[-1]:.3f}",
                f"val accuracy (masked) {self.val_acc[-1]:.3f}"]


def train_tagger(model, data, max_epochs, lr=0.01, device=None,
                 label=""):
    """Adam on :func:`masked_loss`; returns a :class:`TaggerHistory`."""
    device = device if device is not None else try_device(verbose=False)
    model.initialize(ctx=device, force_reinit=True)
    trainer = gluon.Trainer(model.collect_params(), "adam",
                            {"learning_rate": lr})
    h = TaggerHistory(label=label, device=str(device))
    for _ in range(max_epochs):
        start, total, count = time.perf_counter(), 0.0, 0
        for X, Y, M in data.train_dataloader():
            X, Y, M = (a.as_in_ctx(device) for a in (X, Y, M))
            with autograd.record():
                loss = masked_loss(model(X), Y, M)
            loss.backward()
            trainer.step(1)
            total, count = total + float(loss), count + 1
        h.epoch_seconds.append(time.perf_counter() - start)
        h.train_loss.append(total / count)
        h.val_acc.append(masked_accuracy(model, data.val_dataloader(),
                                         device))
    return h


def predict_masked(model, data, i, device=None):
    """Window ``i`` with its masked characters filled in by ``model``."""
    device = device if device is not None else try_device(verbose=False)
    X = data.X[i:i + 1].as_in_ctx(device)
    pred = model(X).argmax(axis=-1)[0].asnumpy().astype(int)
    row, mask = data.X[i].asnumpy(), data.M[i].asnumpy()
    return "".join(data.vocab.idx_to_token[p if m else c]
                   for c, p, m in zip(row, pred, mask))


class GluonBiLSTM(GluonLSTM):
    """A bidirectional ``rnn.LSTM`` for d2l's ``RNNLM``: outputs have
    2 * num_hiddens features."""

    def __init__(self, num_hiddens, num_layers=1):
        d2l.Module.__init__(self)
        self.save_hyperparameters()
        self.rnn = rnn.LSTM(num_hiddens, num_layers, bidirectional=True)
