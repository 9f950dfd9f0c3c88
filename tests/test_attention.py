"""seqmodels.attention: masking, scoring and multi-head attention agree with
hand-written references and with d2l's blocks, forward and backward.

The ``check_*`` helpers compare a candidate with a reference written in
plain numpy; the "wrong variants" at the end are typical student mistakes
that every helper must reject (future exercise fixtures).
"""
import math

import numpy as onp
import pytest
from d2l import mxnet as d2l
from mxnet import autograd, np, npx

from seqmodels import attention, set_seed
from seqmodels.attention import (
    AdditiveAttention,
    DotProductAttention,
    MultiHeadAttention,
    PositionalEncoding,
    masked_softmax,
    merge_heads,
    positional_encoding,
    split_heads,
)

# batch, queries, keys, query/key size, value size; D = 4 makes the
# 1/sqrt(D) scale a power of two, so scaling is exact in float32
B, Q, K, D, V = 2, 3, 5, 4, 6
RTOL, ATOL = 1e-5, 1e-6
LENS_1D = np.array([2, 5])
LENS_2D = np.array([[1, 3, 5], [2, 2, 4]])
LENS_WITH_ZERO = np.array([[0, 3, 5], [2, 0, 4]])


def as_numpy(X):
    return X.asnumpy() if hasattr(X, "asnumpy") else onp.asarray(X)


def assert_close(mine, theirs, rtol=RTOL, atol=ATOL):
    onp.testing.assert_allclose(as_numpy(mine), as_numpy(theirs),
                                rtol=rtol, atol=atol)


def random_inputs(*shapes):
    return [np.random.normal(size=shape) for shape in shapes]


def outputs_and_grads(f, inputs):
    """``f(*inputs)`` and the gradients of ``sum(f(*inputs) * C)`` wrt
    every input, for a fixed random C (a plain sum hides errors that
    cancel, e.g. softmax rows always sum to 1)."""
    inputs = [X.copy() for X in inputs]
    for X in inputs:
        X.attach_grad()
    with autograd.record():
        out = f(*inputs)
        C = onp.random.RandomState(0).normal(size=out.shape)
        loss = (out * np.array(C, dtype=out.dtype)).sum()
    loss.backward()
    return [out] + [X.grad for X in inputs]


def assert_same_forward_and_grads(f_mine, f_theirs, inputs):
    mine = outputs_and_grads(f_mine, inputs)
    theirs = outputs_and_grads(f_theirs, inputs)
    for a, b in zip(mine, theirs):
        assert_close(a, b)


def copy_dense(src, dst, names):
    """Set the Dense layers ``names`` of ``dst`` to those of ``src``."""
    for name in names:
        s, d = getattr(src, name), getattr(dst, name)
        d.weight.set_data(s.weight.data())
        if s.bias is not None:
            d.bias.set_data(s.bias.data())


# ---------------------------------------------------------- references


def reference_masked_softmax(X, valid_lens):
    """Plain numpy, one row at a time."""
    X = X.asnumpy().astype("float64")
    lens = None if valid_lens is None else valid_lens.asnumpy()
    out = onp.zeros_like(X)
    for b in range(X.shape[0]):
        for q in range(X.shape[1]):
            n = X.shape[2] if lens is None else int(
                lens[b] if lens.ndim == 1 else lens[b, q])
            if n:
                e = onp.exp(X[b, q, :n] - X[b, q, :n].max())
                out[b, q, :n] = e / e.sum()
    return out


def reference_dot_attention(queries, keys, values, valid_lens):
    d = queries.shape[-1]
    scores = onp.matmul(queries.asnumpy(), keys.asnumpy()
                        .transpose(0, 2, 1)) / math.sqrt(d)
    weights = reference_masked_softmax(np.array(scores), valid_lens)
    return weights @ values.asnumpy()


def check_masked_softmax(softmax):
    """``softmax`` equals the reference for no, 1-D and 2-D valid_lens,
    its valid rows sum to 1 and masked keys weigh exactly 0."""
    X, = random_inputs((B, Q, K))
    for lens in (None, LENS_1D, LENS_2D):
        out = softmax(X, lens)
        expected = reference_masked_softmax(X, lens)
        assert_close(out, expected)
        assert_close(out.sum(axis=-1), onp.ones((B, Q)))
        assert (out.asnumpy()[expected == 0] == 0).all(), "not exactly 0"


def check_dot_product(attend):
    """``attend(queries, keys, values, valid_lens)`` equals scaled
    dot-product attention written in numpy."""
    queries, keys, values = random_inputs((B, Q, D), (B, K, D), (B, K, V))
    for lens in (None, LENS_1D, LENS_2D):
        assert_close(attend(queries, keys, values, lens),
                     reference_dot_attention(queries, keys, values, lens))


def check_split_heads(split, num_heads=2):
    """Row ``b * h + i`` of the split holds head i's feature slice of
    example b, at every position."""
    X, = random_inputs((B, K, num_heads * D))
    out = split(X, num_heads)
    assert out.shape == (B * num_heads, K, D)
    for b in range(B):
        for i in range(num_heads):
            assert_close(out[b * num_heads + i], X[b, :, i * D:(i + 1) * D])


def check_heads_separately(mha, queries, keys, values, valid_lens):
    """``mha`` equals W_o applied to the concatenation of each head's
    slice run on its own through DotProductAttention."""
    h = mha.num_heads
    Qs, Ks, Vs = mha.W_q(queries), mha.W_k(keys), mha.W_v(values)
    d = Qs.shape[-1] // h
    one_head = DotProductAttention(0)
    heads = [one_head(*(X[:, :, i * d:(i + 1) * d] for X in (Qs, Ks, Vs)),
                      valid_lens) for i in range(h)]
    assert_close(mha(queries, keys, values, valid_lens),
                 mha.W_o(np.concatenate(heads, axis=-1)))


# ------------------------------------------------------ masked softmax


def test_masked_softmax_matches_reference():
    """Valid rows sum to 1, masked keys get exactly 0 (1-D and 2-D)."""
    set_seed()
    check_masked_softmax(masked_softmax)


def test_masked_softmax_gradients_finite_and_zero_at_masked_keys():
    """Gradients are finite everywhere and exactly 0 for masked keys."""
    set_seed()
    for lens in (LENS_1D, LENS_2D, LENS_WITH_ZERO):
        out, grad = outputs_and_grads(
            lambda X: masked_softmax(X, lens), random_inputs((B, Q, K)))
        masked = reference_masked_softmax(out, lens) == 0
        assert onp.isfinite(grad.asnumpy()).all()
        assert (grad.asnumpy()[masked] == 0).all()


def test_valid_len_zero_gives_zero_row_without_nan():
    """A query with no valid key gets all-zero weights, not NaN (d2l:
    uniform weights over the padding)."""
    X, = random_inputs((B, Q, K))
    out = masked_softmax(X, LENS_WITH_ZERO).asnumpy()
    assert not onp.isnan(out).any()
    assert (out[0, 0] == 0).all() and (out[1, 1] == 0).all()
    theirs = d2l.masked_softmax(X, LENS_WITH_ZERO).asnumpy()
    onp.testing.assert_allclose(theirs[0, 0], onp.full(K, 1 / K), RTOL)


@pytest.mark.parametrize("lens", [None, LENS_1D, LENS_2D],
                         ids=["none", "1d", "2d"])
def test_masked_softmax_matches_d2l(lens):
    """Same forward and input gradients as d2l.masked_softmax."""
    set_seed()
    assert_same_forward_and_grads(
        lambda X: masked_softmax(X, lens),
        lambda X: d2l.masked_softmax(X, lens), random_inputs((B, Q, K)))


# ----------------------------------------------------- scoring blocks


def paired(mine, theirs, names, inputs, lens):
    """Initialise both blocks, size them, copy d2l's weights to mine."""
    for block in (mine, theirs):
        block.initialize()
        block(*inputs, lens)
    copy_dense(theirs, mine, names)


@pytest.mark.parametrize("lens", [LENS_1D, LENS_2D], ids=["1d", "2d"])
def test_additive_attention_matches_d2l(lens):
    """AdditiveAttention: same outputs, weights, input gradients."""
    set_seed()
    inputs = random_inputs((B, Q, 3), (B, K, D), (B, K, V))
    mine, theirs = AdditiveAttention(8, 0), d2l.AdditiveAttention(8, 0)
    paired(mine, theirs, ["W_q", "W_k", "w_v"], inputs, lens)
    assert_same_forward_and_grads(lambda *x: mine(*x, lens),
                                  lambda *x: theirs(*x, lens), inputs)
    assert_close(mine.attention_weights, theirs.attention_weights)


@pytest.mark.parametrize("lens", [None, LENS_1D, LENS_2D],
                         ids=["none", "1d", "2d"])
def test_dot_product_attention_matches_d2l(lens):
    """DotProductAttention: same outputs, weights, input gradients."""
    set_seed()
    inputs = random_inputs((B, Q, D), (B, K, D), (B, K, V))
    mine, theirs = DotProductAttention(0), d2l.DotProductAttention(0)
    assert_same_forward_and_grads(lambda *x: mine(*x, lens),
                                  lambda *x: theirs(*x, lens), inputs)
    assert_close(mine.attention_weights, theirs.attention_weights)


def test_dot_product_attention_matches_reference():
    """DotProductAttention equals the numpy reference."""
    set_seed()
    check_dot_product(DotProductAttention(0))


def test_scaled_and_unscaled_scores_differ_by_sqrt_d(monkeypatch):
    """Unscaled scores are exactly sqrt(d) times the scaled ones."""
    scores = []
    monkeypatch.setattr(attention, "masked_softmax",
                        lambda X, lens: scores.append(X) or npx.softmax(X))
    inputs = random_inputs((B, Q, D), (B, K, D), (B, K, V))
    DotProductAttention(0)(*inputs, None)
    DotProductAttention(0, scaled=False)(*inputs, None)
    scaled, unscaled = scores
    assert (unscaled.asnumpy() == scaled.asnumpy() * math.sqrt(D)).all()


# ------------------------------------------------- multi-head attention


@pytest.mark.parametrize("shape,h", [((2, 3, 8), 2), ((3, 1, 12), 4),
                                     ((1, 5, 6), 1)])
def test_split_merge_heads_round_trip(shape, h):
    """merge_heads undoes split_heads; the split has the right shape."""
    X, = random_inputs(shape)
    heads = split_heads(X, h)
    assert heads.shape == (shape[0] * h, shape[1], shape[2] // h)
    assert (merge_heads(heads, h).asnumpy() == X.asnumpy()).all()


def test_split_heads_puts_each_head_slice_in_its_row():
    """Row b*h + i of the split is head i's slice of example b."""
    check_split_heads(split_heads)


@pytest.mark.parametrize("lens", [None, LENS_1D, LENS_2D],
                         ids=["none", "1d", "2d"])
@pytest.mark.parametrize("use_bias", [False, True])
def test_multihead_attention_matches_d2l(lens, use_bias):
    """MultiHeadAttention: same outputs, weights, input gradients."""
    set_seed()
    inputs = random_inputs((B, Q, 5), (B, K, 3), (B, K, 7))
    mine = MultiHeadAttention(8, 2, 0, use_bias)
    theirs = d2l.MultiHeadAttention(8, 2, 0, use_bias)
    paired(mine, theirs, ["W_q", "W_k", "W_v", "W_o"], inputs, lens)
    assert_same_forward_and_grads(lambda *x: mine(*x, lens),
                                  lambda *x: theirs(*x, lens), inputs)
    assert_close(mine.attention.attention_weights,
                 theirs.attention.attention_weights)


@pytest.mark.parametrize("lens", [LENS_1D, LENS_2D], ids=["1d", "2d"])
def test_multihead_equals_heads_run_separately(lens):
    """Each head attends with its own slice and its own valid lengths."""
    set_seed()
    mha = MultiHeadAttention(12, 3, 0, use_bias=True)
    mha.initialize()
    check_heads_separately(mha, *random_inputs((B, Q, 5), (B, K, 3),
                                               (B, K, 7)), lens)


def test_blocks_plug_into_d2l_transformer_encoder(monkeypatch):
    """d2l's TransformerEncoder runs with our blocks in place of its own."""
    set_seed()
    monkeypatch.setattr(d2l, "MultiHeadAttention", MultiHeadAttention)
    monkeypatch.setattr(d2l, "PositionalEncoding", PositionalEncoding)
    encoder = d2l.TransformerEncoder(20, 8, 16, 2, 1, 0)
    assert isinstance(encoder.pos_encoding, PositionalEncoding)
    assert isinstance(encoder.blks[0].attention, MultiHeadAttention)
    tokens = np.array(onp.random.RandomState(0).randint(0, 20, (B, K)))
    assert encoder(tokens, LENS_1D).shape == (B, K, 8)
    assert encoder.attention_weights[0].shape == (B * 2, K, K)


# ------------------------------------------------- positional encoding


def test_positional_encoding_matches_formula_and_d2l():
    """The table is the float64 formula rounded; d2l's is within 1e-4."""
    max_len, num_hiddens = 1000, 32
    P = positional_encoding(max_len, num_hiddens)
    angles = onp.arange(max_len)[:, None] / onp.power(
        10000, onp.arange(0, num_hiddens, 2) / num_hiddens)
    expected = onp.zeros((max_len, num_hiddens))
    expected[:, 0::2], expected[:, 1::2] = onp.sin(angles), onp.cos(angles)
    assert P.dtype == onp.float32
    assert_close(P, expected, atol=1e-7)
    # d2l computes the angles in float32: its error grows with the
    # position, to 3e-5 near position 1000 (6e-5 for num_hiddens 512)
    theirs = d2l.PositionalEncoding(num_hiddens, 0).P[0]
    assert_close(P[:50], theirs[:50], atol=2e-6)
    assert_close(P, theirs, atol=5e-5)


def test_positional_encoding_block_matches_d2l_and_odd_sizes():
    """The block adds P[:num_steps]; odd num_hiddens work (not in d2l)."""
    X, = random_inputs((B, 7, 16))
    assert_close(PositionalEncoding(16, 0)(X),
                 d2l.PositionalEncoding(16, 0)(X), atol=1e-6)
    P = positional_encoding(10, 5).asnumpy()
    assert P.shape == (10, 5) and (P[0] == [0, 1, 0, 1, 0]).all()


# ---------------------------------------------------- wrong variants


def unmasked_softmax(X, valid_lens):
    """Wrong: ignores valid_lens, so padding gets weight."""
    return npx.softmax(X)


def leaky_masked_softmax(X, valid_lens):
    """Wrong: a mild fill (-20) leaves padding a tiny, non-zero weight."""
    if valid_lens is None:
        return npx.softmax(X)
    mask = attention.key_mask(valid_lens, X.shape)
    return npx.softmax(X * mask - 20 * (1 - mask))


def softmax_over_queries(X, valid_lens):
    """Wrong: masks the keys but normalises over the queries axis."""
    if valid_lens is None:
        return npx.softmax(X, axis=1)
    mask = attention.key_mask(valid_lens, X.shape)
    return npx.softmax(X * mask - 1e6 * (1 - mask), axis=1) * mask


def unscaled_attention(queries, keys, values, valid_lens=None):
    """Wrong: forgets the 1/sqrt(d) scale."""
    scores = npx.batch_dot(queries, keys, transpose_b=True)
    return npx.batch_dot(masked_softmax(scores, valid_lens), values)


def split_heads_no_transpose(X, num_heads):
    """Wrong: reshapes straight to (batch*h, n, d), mixing positions."""
    return X.reshape(-1, X.shape[1], X.shape[2] // num_heads)


def merge_heads_no_transpose(X, num_heads):
    """Wrong: the inverse of split_heads_no_transpose."""
    return X.reshape(-1, X.shape[1], X.shape[2] * num_heads)


@pytest.mark.parametrize("check,wrong", [
    (check_masked_softmax, unmasked_softmax),
    (check_masked_softmax, leaky_masked_softmax),
    (check_masked_softmax, softmax_over_queries),
    (check_dot_product, unscaled_attention),
    (check_split_heads, split_heads_no_transpose),
], ids=lambda f: f.__name__)
def test_checks_reject_wrong_variant(check, wrong):
    """Each comparison helper rejects a typical mistake."""
    set_seed()
    with pytest.raises(AssertionError):
        check(wrong)


def test_split_without_transpose_round_trips_but_is_rejected(monkeypatch):
    """A round trip cannot catch the no-transpose split; the per-head
    check on MultiHeadAttention does."""
    set_seed()
    X, = random_inputs((B, K, 8))
    same = merge_heads_no_transpose(split_heads_no_transpose(X, 2), 2)
    assert (same.asnumpy() == X.asnumpy()).all()
    monkeypatch.setattr(attention, "split_heads", split_heads_no_transpose)
    monkeypatch.setattr(attention, "merge_heads", merge_heads_no_transpose)
    mha = MultiHeadAttention(8, 2, 0)
    mha.initialize()
    with pytest.raises(AssertionError):
        check_heads_separately(mha, *random_inputs(
            (B, Q, 5), (B, K, 3), (B, K, 7)), LENS_2D)
