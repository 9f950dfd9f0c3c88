"""Decoder-only Transformer blocks and a character language model
(chapter *Self-Attention and the Transformer*).

The pieces, each usable on its own:

* :func:`causal_valid_lens` and :func:`causal_mask`: query ``t`` may see
  keys ``0 .. t`` only, written as the 2-D ``valid_lens`` that
  :func:`seqmodels.attention.masked_softmax` takes (d2l's decoder uses the
  same trick in training);
* :func:`ffn` and :func:`add_norm`: the position-wise feed-forward network
  and the residual connection with layer normalization, as functions of
  explicit arrays; :class:`PositionWiseFFN` and :class:`AddNorm` are the
  same as Gluon blocks;
* :class:`DecoderBlock`: causal multi-head self-attention, add & norm,
  FFN, add & norm (post-norm, as in Vaswani et al. and d2l);
* :class:`TransformerLM`: embedding, positional encoding, a stack of
  blocks and a dense output layer; a :class:`d2l.Classifier` with the
  ``loss`` and ``predict`` of d2l's RNN language models, so that
  :class:`seqmodels.train.LMTrainer` trains it unchanged.

:func:`block_params` and :func:`load_block_params` read and write a
block's weights as a dict of arrays in the ``X @ W`` layout (Gluon's
``Dense`` stores ``W`` transposed), so from-scratch code can be compared
with the Gluon block on the same weights.
"""
import math

from d2l import mxnet as d2l
from mxnet import gluon, init, np, npx
from mxnet.gluon import nn

from .attention import MultiHeadAttention, PositionalEncoding


def causal_valid_lens(batch_size, num_steps, ctx=None):
    """(batch_size, num_steps) valid lengths: query ``t`` sees ``t + 1``
    keys, i.e. itself and the positions before it."""
    lens = np.arange(1, num_steps + 1, ctx=ctx, dtype="float32")
    return np.tile(lens, (batch_size, 1))


def causal_mask(num_steps):
    """(num_steps, num_steps) 0/1 matrix, 1 where query ``t`` (row) may
    attend to key ``s`` (column), i.e. ``s <= t``: lower triangular."""
    return np.tril(np.ones((num_steps, num_steps)))


def ffn(X, W1, b1, W2, b2):
    """Position-wise FFN: ``relu(X W1 + b1) W2 + b2`` on the last axis,
    the same two layers at every position."""
    return np.dot(npx.relu(np.dot(X, W1) + b1), W2) + b2


def layer_norm(X, gamma, beta, eps=1e-5):
    """Normalize each position's features to mean 0 and variance 1, then
    scale by ``gamma`` and shift by ``beta`` (Gluon's ``nn.LayerNorm``)."""
    mean = X.mean(axis=-1, keepdims=True)
    var = ((X - mean) ** 2).mean(axis=-1, keepdims=True)
    return (X - mean) / np.sqrt(var + eps) * gamma + beta


def add_norm(X, Y, gamma, beta, eps=1e-5):
    """Residual connection, then layer normalization: ``LN(X + Y)``, where
    ``Y`` is the output of the sublayer applied to ``X``."""
    return layer_norm(X + Y, gamma, beta, eps)


class PositionWiseFFN(nn.Block):
    """:func:`ffn` as a Gluon block (``flatten=False``: last axis only)."""

    def __init__(self, ffn_num_hiddens, ffn_num_outputs, **kwargs):
        super().__init__(**kwargs)
        self.dense1 = nn.Dense(ffn_num_hiddens, flatten=False,
                               activation="relu")
        self.dense2 = nn.Dense(ffn_num_outputs, flatten=False)

    def forward(self, X):
        return self.dense2(self.dense1(X))


class AddNorm(nn.Block):
    """:func:`add_norm` as a Gluon block, with dropout on the sublayer."""

    def __init__(self, dropout, **kwargs):
        super().__init__(**kwargs)
        self.dropout = nn.Dropout(dropout)
        self.ln = nn.LayerNorm()

    def forward(self, X, Y):
        return self.ln(X + self.dropout(Y))


class DecoderBlock(nn.Block):
    """One decoder-only Transformer block (no encoder attention):
    causal self-attention and an FFN, each followed by add & norm."""

    def __init__(self, num_hiddens, ffn_num_hiddens, num_heads, dropout=0,
                 **kwargs):
        super().__init__(**kwargs)
        self.attention = MultiHeadAttention(num_hiddens, num_heads, dropout)
        self.addnorm1 = AddNorm(dropout)
        self.ffn = PositionWiseFFN(ffn_num_hiddens, num_hiddens)
        self.addnorm2 = AddNorm(dropout)

    def forward(self, X, valid_lens=None):
        """``X``: (batch_size, num_steps, num_hiddens). ``valid_lens``
        defaults to the causal lengths of :func:`causal_valid_lens`."""
        if valid_lens is None:
            valid_lens = causal_valid_lens(X.shape[0], X.shape[1], X.ctx)
        Y = self.addnorm1(X, self.attention(X, X, X, valid_lens))
        return self.addnorm2(Y, self.ffn(Y))


# name in block_params -> (sub-block path, Gluon parameter, transposed)
_BLOCK_LAYOUT = {
    "W_q": ("attention.W_q", "weight", True),
    "W_k": ("attention.W_k", "weight", True),
    "W_v": ("attention.W_v", "weight", True),
    "W_o": ("attention.W_o", "weight", True),
    "gamma1": ("addnorm1.ln", "gamma", False),
    "beta1": ("addnorm1.ln", "beta", False),
    "W1": ("ffn.dense1", "weight", True),
    "b1": ("ffn.dense1", "bias", False),
    "W2": ("ffn.dense2", "weight", True),
    "b2": ("ffn.dense2", "bias", False),
    "gamma2": ("addnorm2.ln", "gamma", False),
    "beta2": ("addnorm2.ln", "beta", False),
}
BLOCK_PARAM_NAMES = tuple(_BLOCK_LAYOUT)


def _block_param(block, name):
    path, key, transposed = _BLOCK_LAYOUT[name]
    sub = block
    for attr in path.split("."):
        sub = getattr(sub, attr)
    return getattr(sub, key), transposed


def _read_block(block, read):
    out = {}
    for name in BLOCK_PARAM_NAMES:
        param, transposed = _block_param(block, name)
        out[name] = read(param).T if transposed else read(param)
    return out


def block_params(block):
    """{name: array} of a :class:`DecoderBlock`, weights as ``X @ W``
    (``W_q`` of shape (num_hiddens, num_hiddens), ``W1`` of shape
    (num_hiddens, ffn_num_hiddens), ...). Run one batch first."""
    return _read_block(block, lambda param: param.data())


def load_block_params(block, params):
    """Give a :class:`DecoderBlock` the arrays of :func:`block_params`'s
    layout (the block must have run once, so that its shapes are known)."""
    for name in BLOCK_PARAM_NAMES:
        param, transposed = _block_param(block, name)
        value = params[name]
        param.set_data(value.T if transposed else value)


def block_grads(block):
    """The gradients of :func:`block_params`, in the same layout."""
    return _read_block(block, lambda param: param.grad())


class TransformerLM(d2l.Classifier):
    """Decoder-only character language model.

    ``forward(X)`` maps token indices (batch_size, num_steps) to logits
    (batch_size, num_steps, vocab_size), the output of d2l's ``RNNLM``,
    so the same ``loss`` and :class:`seqmodels.train.LMTrainer` apply.
    The optimizer is Adam (plain SGD trains Transformers slowly).
    """

    def __init__(self, vocab_size, num_hiddens, num_heads=4, num_layers=2,
                 ffn_num_hiddens=None, dropout=0, lr=0.01, max_len=1000,
                 context=None):
        """``context``: how many of the last characters :meth:`predict`
        feeds the model (default ``max_len``); the training window
        length is a good choice, since longer inputs use positions the
        model never saw in training."""
        super().__init__()
        self.save_hyperparameters()
        self.ffn_num_hiddens = ffn_num_hiddens or 4 * num_hiddens
        self.embedding = nn.Embedding(vocab_size, num_hiddens)
        self.pos_encoding = PositionalEncoding(num_hiddens, dropout,
                                               max_len)
        self.blocks = nn.Sequential()
        for _ in range(num_layers):
            self.blocks.add(DecoderBlock(num_hiddens, self.ffn_num_hiddens,
                                         num_heads, dropout))
        self.linear = nn.Dense(vocab_size, flatten=False)
        self.initialize(init.Xavier())

    def forward(self, X, state=None):
        # scale the embedding up to the size of the encoding's entries
        H = self.pos_encoding(self.embedding(X)
                              * math.sqrt(self.num_hiddens))
        for block in self.blocks:
            H = block(H)
        return self.linear(H)

    def configure_optimizers(self):
        return gluon.Trainer(self.collect_params(), "adam",
                             {"learning_rate": self.lr})

    def predict(self, prefix, num_preds, vocab, device=None, window=None):
        """Greedy continuation of ``prefix``. There is no state to carry:
        each new character re-runs the model over the whole text so far
        (its last ``window`` characters, default ``context``)."""
        window = window or self.context or self.max_len
        outputs = [vocab[c] for c in prefix]
        for _ in range(num_preds):
            X = np.array([outputs[-window:]], ctx=device)
            Y = self(X)
            outputs.append(int(Y[0, -1].argmax()))
        return "".join(vocab.idx_to_token[i] for i in outputs)

