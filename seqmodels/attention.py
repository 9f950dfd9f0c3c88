"""Attention scoring, multi-head attention and positional encoding
(chapters *Attention* and *Transformer*).

Every attention block takes ``(queries, keys, values, valid_lens)``:
queries of shape (batch_size, num_queries, d), keys of shape (batch_size,
num_keys, d), values of shape (batch_size, num_keys, value_dim) and
``valid_lens`` either ``None``, of shape (batch_size,) or of shape
(batch_size, num_queries). Keys at positions ``>= valid_len`` are padding
and get attention weight exactly 0. After a call, the block keeps the
weights it used in ``attention_weights`` (batch_size, num_queries,
num_keys), so that the book can draw them as heat maps.

The names and call signatures are those of d2l's classes, so d2l's
``Seq2Seq``, ``AttentionDecoder`` and Transformer code can use these
blocks in place of d2l's. Two deliberate differences:

* a query whose ``valid_len`` is 0 has no key to attend to; it gets all-zero
  weights (and so a zero output) where d2l spreads its weight uniformly over
  the padding;
* the positional-encoding table is computed in float64 and then rounded to
  float32; d2l computes the angles in float32, which puts its entries off
  by up to 3e-5 (``num_hiddens`` 32) or 6e-5 (512) at positions near 1000.
  Odd ``num_hiddens`` work too.
"""
import math

from mxnet import np, npx
from mxnet.gluon import nn

# Masked scores are replaced by this value before the softmax; exp() of it
# relative to any real score underflows to 0 in float32 and float64.
MASK_VALUE = -1e6


def key_mask(valid_lens, shape, ctx=None):
    """0/1 mask of ``shape`` (batch_size, num_queries, num_keys): 1 where
    the key position is below the valid length of its batch (and query)."""
    lens = valid_lens.astype("float32").as_in_ctx(ctx or valid_lens.ctx)
    if lens.ndim == 1:
        lens = lens.reshape(-1, 1, 1)  # the same length for every query
    else:
        lens = lens.reshape(shape[0], shape[1], 1)
    positions = np.arange(shape[-1], ctx=lens.ctx).reshape(1, 1, -1)
    return (positions < lens).astype("float32")


def masked_softmax(X, valid_lens):
    """Softmax over the last axis of ``X`` (batch_size, num_queries,
    num_keys), ignoring keys at positions ``>= valid_lens``.

    The masked scores are first replaced by :data:`MASK_VALUE` (a large
    negative number rather than ``-inf``, which would turn a fully masked
    row into 0/0 = NaN); the result is then multiplied by the mask, so
    masked keys get weight exactly 0 and no gradient. Rows with at least
    one valid key sum to 1 (for any score above ``MASK_VALUE``); a row
    with ``valid_len`` 0 is all zeros.
    """
    if valid_lens is None:
        return npx.softmax(X)
    mask = key_mask(valid_lens, X.shape, X.ctx).astype(X.dtype)
    X = X * mask + (1 - mask) * MASK_VALUE
    return npx.softmax(X) * mask


class AdditiveAttention(nn.Block):
    """Additive (Bahdanau) attention: the score of query q and key k is
    ``w_v^T tanh(W_q q + W_k k)``; queries and keys may differ in size."""

    def __init__(self, num_hiddens, dropout, **kwargs):
        super().__init__(**kwargs)
        # flatten=False: transform only the last axis
        self.W_q = nn.Dense(num_hiddens, use_bias=False, flatten=False)
        self.W_k = nn.Dense(num_hiddens, use_bias=False, flatten=False)
        self.w_v = nn.Dense(1, use_bias=False, flatten=False)
        self.dropout = nn.Dropout(dropout)

    def forward(self, queries, keys, values, valid_lens=None):
        # (batch, queries, 1, h) + (batch, 1, keys, h) broadcast to
        # (batch, queries, keys, h): every query meets every key
        features = np.tanh(np.expand_dims(self.W_q(queries), axis=2)
                           + np.expand_dims(self.W_k(keys), axis=1))
        scores = np.squeeze(self.w_v(features), axis=-1)
        self.attention_weights = masked_softmax(scores, valid_lens)
        return npx.batch_dot(self.dropout(self.attention_weights), values)


class DotProductAttention(nn.Block):
    """Dot-product attention: the score of query q and key k is
    ``q . k / sqrt(d)`` (``scaled=False``: plain ``q . k``), where d is
    the size of both."""

    def __init__(self, dropout, scaled=True, **kwargs):
        super().__init__(**kwargs)
        self.dropout = nn.Dropout(dropout)
        self.scaled = scaled

    def forward(self, queries, keys, values, valid_lens=None):
        scores = npx.batch_dot(queries, keys, transpose_b=True)
        if self.scaled:  # keeps the scores' variance near 1 for any d
            scores = scores / math.sqrt(queries.shape[-1])
        self.attention_weights = masked_softmax(scores, valid_lens)
        return npx.batch_dot(self.dropout(self.attention_weights), values)


def split_heads(X, num_heads):
    """(batch_size, n, num_heads * d) -> (batch_size * num_heads, n, d):
    head i of example b is row ``b * num_heads + i`` and holds the
    features ``i * d`` to ``(i + 1) * d`` of every position."""
    X = X.reshape(X.shape[0], X.shape[1], num_heads, -1)
    # the heads axis must sit next to the batch axis before merging them
    X = X.transpose(0, 2, 1, 3)
    return X.reshape(-1, X.shape[2], X.shape[3])


def merge_heads(X, num_heads):
    """Inverse of :func:`split_heads`: (batch_size * num_heads, n, d) ->
    (batch_size, n, num_heads * d)."""
    X = X.reshape(-1, num_heads, X.shape[1], X.shape[2])
    X = X.transpose(0, 2, 1, 3)
    return X.reshape(X.shape[0], X.shape[1], -1)


class MultiHeadAttention(nn.Block):
    """Multi-head attention: ``num_heads`` scaled dot-product attentions,
    each on its own ``num_hiddens / num_heads`` slice of the projected
    queries, keys and values, computed as one batch and concatenated."""

    def __init__(self, num_hiddens, num_heads, dropout, use_bias=False,
                 **kwargs):
        super().__init__(**kwargs)
        self.num_heads = num_heads
        self.attention = DotProductAttention(dropout)
        self.W_q = nn.Dense(num_hiddens, use_bias=use_bias, flatten=False)
        self.W_k = nn.Dense(num_hiddens, use_bias=use_bias, flatten=False)
        self.W_v = nn.Dense(num_hiddens, use_bias=use_bias, flatten=False)
        self.W_o = nn.Dense(num_hiddens, use_bias=use_bias, flatten=False)

    def forward(self, queries, keys, values, valid_lens=None):
        queries = split_heads(self.W_q(queries), self.num_heads)
        keys = split_heads(self.W_k(keys), self.num_heads)
        values = split_heads(self.W_v(values), self.num_heads)
        if valid_lens is not None:
            # row b of valid_lens serves rows b*h ... b*h + h-1 of the heads
            valid_lens = valid_lens.repeat(self.num_heads, axis=0)
        output = self.attention(queries, keys, values, valid_lens)
        return self.W_o(merge_heads(output, self.num_heads))

    def transpose_qkv(self, X):
        """d2l's name for :func:`split_heads`."""
        return split_heads(X, self.num_heads)

    def transpose_output(self, X):
        """d2l's name for :func:`merge_heads`."""
        return merge_heads(X, self.num_heads)


def positional_encoding(max_len, num_hiddens):
    """Sinusoidal table P of shape (max_len, num_hiddens), float32:
    ``P[i, 2j] = sin(i / 10000^(2j/num_hiddens))`` and ``P[i, 2j+1]`` the
    cosine of the same angle. Computed in float64, then rounded."""
    positions = np.arange(max_len, dtype="float64").reshape(-1, 1)
    freqs = np.power(10000.0, np.arange(0, num_hiddens, 2, dtype="float64")
                     / num_hiddens)
    angles = positions / freqs  # (max_len, ceil(num_hiddens / 2))
    P = np.zeros((max_len, num_hiddens), dtype="float64")
    P[:, 0::2] = np.sin(angles)
    P[:, 1::2] = np.cos(angles[:, :num_hiddens // 2])
    return P.astype("float32")


class PositionalEncoding(nn.Block):
    """Adds the sinusoidal table to the input (batch_size, num_steps,
    num_hiddens), then applies dropout. ``self.P`` has shape (1, max_len,
    num_hiddens), as in d2l."""

    def __init__(self, num_hiddens, dropout, max_len=1000, **kwargs):
        super().__init__(**kwargs)
        self.dropout = nn.Dropout(dropout)
        self.P = np.expand_dims(positional_encoding(max_len, num_hiddens), 0)

    def forward(self, X):
        X = X + self.P[:, :X.shape[1], :].as_in_ctx(X.ctx)
        return self.dropout(X)
