"""Source of the attention exercise: solutions/attention/attention.ipynb.

A percent-format notebook (the format is in authoring/nbsource.py): each
``# %%`` line starts a cell. Run it as a script to check the solution and
every visible and hidden test: ``python assignments/attention/source.py``. Then
``make release ASSIGNMENT=attention`` writes the notebook (``python
authoring/nbsource.py attention``) and the student version, exercises/attention/.
"""


# %% [markdown] id="intro"
# # Exercise: attention
#
# This assignment goes with the chapter *Encoder-Decoder and Attention*
# of the book. You write the masked softmax, the two classic scoring
# functions (additive and scaled dot-product), multi-head attention, and
# one step of a Bahdanau decoder (a GRU that reads an attention context),
# each checked against the course library `seqmodels.attention`.
#
# **How to work.** Fill in every cell that says `# YOUR CODE HERE` (delete the
# `raise NotImplementedError()` line). Do not rename the functions, and do not
# edit the other cells: the grader restores them. Run the cell under each
# function: its *visible tests* print what is wrong (shape, value, which
# part). The grader also runs *hidden tests* that give your code and the
# library's blocks the same weights and compare outputs and gradients
# (MXNet autograd through your code), so passing the visible tests is
# necessary but not sufficient.
#
# **Each part is graded on its own.** Later parts take the function of an
# earlier part as an argument (`softmax=`, `attention=`) and must call it
# through that argument: the tests pass the library's version, so a mistake
# in one part costs only that part's points.
#
# **Check yourself** before you hand in, from the repository root:
#
# ```
# .venv/bin/nbgrader validate exercises/attention/attention.ipynb
# ```
#
# @@PARTS_TABLE@@
#
# Each part's tests are all or nothing. The whole notebook runs in a few
# seconds on a 2-core CPU.
#
# **Shapes and conventions** (batch first, as in `seqmodels/attention.py`):
#
# | name | shape |
# |---|---|
# | `queries` | `(batch_size, num_queries, query_size)` |
# | `keys` | `(batch_size, num_keys, key_size)` |
# | `values` | `(batch_size, num_keys, value_size)` |
# | `valid_lens` | `None`, `(batch_size,)` or `(batch_size, num_queries)` |
# | attention weights | `(batch_size, num_queries, num_keys)` |
# | output (context) | `(batch_size, num_queries, value_size)` |
#
# Key $j$ of example $b$ is **padding** when $j \ge$ `valid_lens[b]` (1-D
# lengths: the same for every query of the example) or $j \ge$
# `valid_lens[b, i]` (2-D lengths: one per query $i$). Padding keys get
# weight 0 and the weights of each query sum to 1 over its valid keys.
# `valid_lens=None` means no padding. The tests never use a length of 0.
#
# **Weights are explicit arrays in the layout `X @ W`**, so a projection
# of the last axis is `np.dot(X, W)` (no biases anywhere):
# `W_q` has shape `(query_size, num_hiddens)`, `W_k` `(key_size,
# num_hiddens)`, and so on. (Gluon's `nn.Dense` stores the transpose: the
# grader copies `W.T` into the library's layers.) Use MXNet's `np`/`npx`
# operations only, so autograd can differentiate your code.


# %% locked id="setup"
import math

from mxnet import autograd, np, npx

import seqmodels
from seqmodels import checks
from seqmodels.gated import gru_step

seqmodels.set_seed()


# %% [markdown] id="masked_softmax_md"
# ## Part 1 (`masked_softmax`, 2 points): softmax that ignores padding
#
# `X` holds scores of shape `(batch_size, num_queries, num_keys)`. Return
# the softmax over the **last** axis (the keys), where keys at positions
# `>= valid_lens` get weight 0 (exactly, or below $10^{-6}$) and every row
# sums to 1. Accept `valid_lens` as `None`, 1-D `(batch_size,)` or 2-D
# `(batch_size, num_queries)`.
#
# A standard trick: replace the masked scores by a very negative number
# (such as $-10^6$) before `npx.softmax`; `exp` of it underflows to 0.
# (`-inf` also works here but turns a fully masked row into NaN.)
# `np.arange(num_keys)` compared with the lengths, reshaped so that they
# broadcast, gives the mask.


# %% answer id="masked_softmax"
def masked_softmax(X, valid_lens):
    """Task masked_softmax: softmax over the last axis of X (batch_size,
    num_queries, num_keys) with keys >= valid_lens given weight 0."""
    ### BEGIN SOLUTION
    if valid_lens is None:
        return npx.softmax(X)
    lens = valid_lens.astype(X.dtype)
    if lens.ndim == 1:
        lens = lens.reshape(-1, 1, 1)
    else:
        lens = lens.reshape(X.shape[0], X.shape[1], 1)
    keep = np.arange(X.shape[-1]).astype(X.dtype).reshape(1, 1, -1) < lens
    keep = keep.astype(X.dtype)
    return npx.softmax(X * keep - 1e6 * (1 - keep)) * keep
    ### END SOLUTION


# %% tests id="masked_softmax_tests" points=2
"""masked_softmax: padded keys get weight 0, rows sum to 1 (1-D, 2-D)."""
part = "masked_softmax"


def check_padding(W, lens, label):
    """Padded weights are 0, valid ones positive, rows sum to 1."""
    W = W.asnumpy()
    for b in range(W.shape[0]):
        for i in range(W.shape[1]):
            n = int(lens[b] if lens.ndim == 1 else lens[b, i])
            for j in range(n):
                checks.expect(part, W[b, i, j] > 1e-6,
                              f"{label}: weight on valid key {j} of "
                              f"example {b}, query {i} (valid_len {n}) "
                              f"is {W[b, i, j]:.3g}, should be positive")
            for j in range(n, W.shape[2]):
                checks.expect(part, abs(W[b, i, j]) < 1e-6,
                              f"{label}: weight on padded key {j} of "
                              f"example {b}, query {i} (valid_len {n}) "
                              f"is {W[b, i, j]:.3g}, should be 0")
            total = W[b, i].sum()
            checks.expect(part, abs(total - 1) < 1e-5,
                          f"{label}: the weights of example {b}, query "
                          f"{i} sum to {total:.6g}, should sum to 1 over "
                          "the keys (the last axis)")


X = np.random.normal(size=(2, 3, 5))
lens = np.array([2, 4])
W = checks.expect_implemented(part, masked_softmax, X, lens)
checks.expect_shape(part, W, (2, 3, 5), "the weights")
check_padding(W, lens.asnumpy(), "1-D valid_lens [2, 4]")
# The valid keys keep the proportions of an ordinary softmax.
e = np.exp(X[0, 0, :2])
checks.expect_close(part, W[0, 0, :2], e / e.sum(), "weights of the two "
                    "valid keys of example 0, query 0")
lens2 = np.array([[1, 3, 5], [2, 2, 4]])
W = masked_softmax(X, lens2)
checks.expect_shape(part, W, (2, 3, 5), "the weights with 2-D valid_lens")
check_padding(W, lens2.asnumpy(), "2-D valid_lens [[1, 3, 5], [2, 2, 4]]")
W = masked_softmax(X, None)
e = np.exp(X)
checks.expect_close(part, W, e / e.sum(axis=-1, keepdims=True),
                    "valid_lens=None (an ordinary softmax over the keys)")
### BEGIN HIDDEN TESTS
from seqmodels.attention import masked_softmax as reference_softmax

X = np.random.normal(size=(3, 4, 6)) * 5
R = np.random.normal(size=X.shape)
for lens in (np.array([1, 6, 3]),
             np.random.randint(1, 7, size=(3, 4)).astype("float32"),
             None):
    label = "None" if lens is None else f"{lens.ndim}-D valid_lens"
    for fn, X_ in ((masked_softmax, X.copy()),
                   (reference_softmax, X.copy())):
        X_.attach_grad()
        with autograd.record():
            W = fn(X_, lens)
            (W * R).sum().backward()
        if fn is masked_softmax:
            mine, mine_grad = W, X_.grad
        else:
            ref, ref_grad = W, X_.grad
    checks.expect_close(part, mine, ref, f"weights with {label} against "
                        "seqmodels.attention.masked_softmax", rtol=1e-5,
                        atol=1e-6)
    checks.expect_close(part, mine_grad, ref_grad, f"gradient of the "
                        f"scores with {label}", rtol=1e-4, atol=1e-5)
# The weights keep the dtype of the scores (float32 in, float32 out).
for lens in (np.array([2, 5, 4]), np.array([[1, 2, 3, 4]] * 3), None):
    W = masked_softmax(X, lens)
    checks.expect(part, W.dtype == X.dtype, f"the weights have dtype "
                  f"{W.dtype} for float32 scores, expected float32 (did a "
                  "mask become float64?)")
# Large scores: exp(X) overflows unless the largest score is subtracted
# first (npx.softmax does so).
X = np.random.normal(size=(2, 3, 5)) * 200
for lens in (np.array([3, 5]), None):
    label = "None" if lens is None else "1-D valid_lens"
    checks.expect_close(part, masked_softmax(X, lens),
                        reference_softmax(X, lens), f"weights of large "
                        f"scores (up to about 600) with {label}: exp of a "
                        "large score overflows to inf", rtol=1e-5,
                        atol=1e-6)
### END HIDDEN TESTS


# %% [markdown] id="additive_attention_md"
# ## Part 2 (`additive_attention`, 2 points): Bahdanau's scoring function
#
# The score of query $\mathbf{q}$ and key $\mathbf{k}$ is
#
# $$a(\mathbf{q}, \mathbf{k}) = \mathbf{w}_v^\top \tanh(\mathbf{q}\mathbf{W}_q
# + \mathbf{k}\mathbf{W}_k),$$
#
# with `W_q` of shape `(query_size, num_hiddens)`, `W_k` of shape
# `(key_size, num_hiddens)` and `w_v` of shape `(num_hiddens,)`: queries
# and keys may have different sizes. Compute the scores of every query with
# every key, shape `(batch_size, num_queries, num_keys)` (broadcast a
# `(batch, num_queries, 1, num_hiddens)` array against a `(batch, 1,
# num_keys, num_hiddens)` one), turn them into weights with
# `softmax(scores, valid_lens)`, and return the pair `(output, weights)`
# where `output` is the weighted sum of the values, shape `(batch_size,
# num_queries, value_size)` (`npx.batch_dot` multiplies batches of
# matrices).


# %% answer id="additive_attention"
def additive_attention(queries, keys, values, valid_lens, W_q, W_k, w_v,
                       softmax=masked_softmax):
    """Task additive_attention: returns (output, weights) of additive
    attention with explicit weights W_q, W_k, w_v."""
    ### BEGIN SOLUTION
    q = np.expand_dims(np.dot(queries, W_q), axis=2)
    k = np.expand_dims(np.dot(keys, W_k), axis=1)
    scores = np.dot(np.tanh(q + k), w_v)
    weights = softmax(scores, valid_lens)
    return npx.batch_dot(weights, values), weights
    ### END SOLUTION


# %% tests id="additive_attention_tests" points=2
"""additive_attention: hand-checkable scores, shapes and padding."""
part = "additive_attention"
from seqmodels.attention import masked_softmax as library_softmax

# One feature everywhere: the scores are tanh(q + k) = tanh(1), tanh(3).
queries = np.ones((1, 1, 1))
keys = np.array([[[0.0], [2.0], [5.0]]])
values = np.array([[[1.0, 0.0], [0.0, 1.0], [7.0, 7.0]]])
W_q, W_k, w_v = np.ones((1, 1)), np.ones((1, 1)), np.ones(1)
result = checks.expect_implemented(
    part, additive_attention, queries, keys, values, np.array([2]),
    W_q, W_k, w_v, softmax=library_softmax)
out, W = checks.expect_attention_result(
    part, result, "additive_attention", (1, 1, 3), (1, 1, 2),
    padded=((0, 0, 2), 2))
s = np.array([math.tanh(1.0), math.tanh(3.0)])
expected = np.exp(s) / np.exp(s).sum()
checks.expect_close(part, W[0, 0, :2], expected, "weights of the valid "
                    "keys: expected softmax of w_v . tanh(q W_q + k W_k)")
checks.expect_close(part, out[0, 0], expected, "the output (the weighted "
                    "sum of the values)")
# Different sizes: query_size 3, key_size 2, num_hiddens 4.
out, W = additive_attention(
    np.ones((2, 5, 3)), np.ones((2, 6, 2)), np.ones((2, 6, 7)),
    np.array([3, 6]), np.ones((3, 4)), np.ones((2, 4)), np.ones(4),
    softmax=library_softmax)
checks.expect_shape(part, W, (2, 5, 6), "the weights (batch 2, 5 queries "
                    "of size 3, 6 keys of size 2)")
checks.expect_shape(part, out, (2, 5, 7), "the output (values of size 7)")
### BEGIN HIDDEN TESTS
from seqmodels.attention import AdditiveAttention

b, nq, nk, dq, dk, dv, h = 2, 3, 5, 4, 6, 3, 8
W_q = np.random.normal(size=(dq, h)) * 0.5
W_k = np.random.normal(size=(dk, h)) * 0.5
w_v = np.random.normal(size=h)
block = AdditiveAttention(h, dropout=0)
block.initialize()
data = [np.random.normal(size=s) for s in
        [(b, nq, dq), (b, nk, dk), (b, nk, dv)]]
block(*data, None)  # Gluon sizes its weights now
block.W_q.weight.set_data(W_q.T)
block.W_k.weight.set_data(W_k.T)
block.w_v.weight.set_data(w_v.reshape(1, -1))
checks.expect_same_attention(
    part, lambda q, k, v, lens: additive_attention(
        q, k, v, lens, W_q, W_k, w_v, softmax=library_softmax),
    block, data, (np.array([2, 5]), np.array([[1, 3, 5], [4, 2, 1]]), None),
    "AdditiveAttention")
### END HIDDEN TESTS


# %% [markdown] id="scaled_dot_product_attention_md"
# ## Part 3 (`scaled_dot_product_attention`, 2 points)
#
# When queries and keys have the same size $d$, the score can be their dot
# product, divided by $\sqrt{d}$ so that its variance stays near 1 whatever
# $d$ is:
#
# $$a(\mathbf{q}, \mathbf{k}) = \mathbf{q}^\top\mathbf{k} / \sqrt{d}.$$
#
# Compute all scores at once (`npx.batch_dot(queries, keys,
# transpose_b=True)`), turn them into weights with `softmax(scores,
# valid_lens)` and return `(output, weights)` as in part 2. There are no
# weights to learn.


# %% answer id="scaled_dot_product_attention"
def scaled_dot_product_attention(queries, keys, values, valid_lens,
                                 softmax=masked_softmax):
    """Task scaled_dot_product_attention: returns (output, weights) with
    scores q . k / sqrt(d)."""
    ### BEGIN SOLUTION
    d = queries.shape[-1]
    scores = npx.batch_dot(queries, keys, transpose_b=True) / math.sqrt(d)
    weights = softmax(scores, valid_lens)
    return npx.batch_dot(weights, values), weights
    ### END SOLUTION


# %% tests id="scaled_dot_product_attention_tests" points=2
"""scaled_dot_product_attention: hand-checkable scores and padding."""
part = "scaled_dot_product_attention"
from seqmodels.attention import masked_softmax as library_softmax

# d = 4: the scores of the first two keys are 0 and 4 / sqrt(4) = 2.
queries = np.ones((1, 1, 4))
keys = np.array([[[0.0] * 4, [1.0] * 4, [9.0] * 4]])
values = np.array([[[1.0, 0.0], [0.0, 1.0], [7.0, 7.0]]])
result = checks.expect_implemented(
    part, scaled_dot_product_attention, queries, keys, values,
    np.array([2]), softmax=library_softmax)
out, W = checks.expect_attention_result(
    part, result, "scaled_dot_product_attention", (1, 1, 3), (1, 1, 2),
    padded=((0, 0, 2), 2))
expected = np.array([1.0, math.exp(2.0)]) / (1 + math.exp(2.0))
checks.expect_close(part, W[0, 0, :2], expected, "weights of the valid "
                    "keys: scores 0 and 4 / sqrt(4) = 2 expected (did you "
                    "divide by sqrt(d)?)")
checks.expect_close(part, out[0, 0], expected, "the output (the weighted "
                    "sum of the values)")
out, W = scaled_dot_product_attention(
    np.ones((2, 5, 3)), np.ones((2, 6, 3)), np.ones((2, 6, 7)), None,
    softmax=library_softmax)
checks.expect_shape(part, W, (2, 5, 6), "the weights (batch 2, 5 queries, "
                    "6 keys)")
checks.expect_shape(part, out, (2, 5, 7), "the output (values of size 7)")
### BEGIN HIDDEN TESTS
from seqmodels.attention import DotProductAttention

b, nq, nk, d, dv = 3, 4, 6, 8, 5
block = DotProductAttention(dropout=0)
data = [np.random.normal(size=s) for s in
        [(b, nq, d), (b, nk, d), (b, nk, dv)]]
checks.expect_same_attention(
    part, lambda q, k, v, lens: scaled_dot_product_attention(
        q, k, v, lens, softmax=library_softmax),
    block, data, (np.array([2, 6, 1]),
                  np.random.randint(1, 7, size=(b, nq)).astype("float32"),
                  None), "DotProductAttention")
### END HIDDEN TESTS


# %% [markdown] id="multi_head_attention_md"
# ## Part 4 (`multi_head_attention`, 3 points)
#
# Multi-head attention projects the queries, keys and values to
# `num_hiddens` features with `W_q`, `W_k`, `W_v` (shapes `(query_size,
# num_hiddens)`, `(key_size, num_hiddens)`, `(value_size, num_hiddens)`),
# cuts each projection into `num_heads` heads of `d = num_hiddens //
# num_heads` features, runs scaled dot-product attention in every head, and
# concatenates the heads' outputs before a last projection `W_o` of shape
# `(num_hiddens, num_hiddens)`. All heads run as one batch:
#
# * `split_heads(X, num_heads)`: `(batch_size, n, num_heads * d)` to
#   `(batch_size * num_heads, n, d)`, where row `b * num_heads + i` holds
#   head `i` of example `b`, i.e. the features `i * d` to `(i + 1) * d` of
#   every position. (A single `reshape` does not do this: reshape to 4
#   axes, move the heads axis next to the batch axis, then merge them.)
# * `merge_heads(X, num_heads)`: the inverse, `(batch_size * num_heads, n,
#   d)` to `(batch_size, n, num_heads * d)`.
# * `multi_head_attention(...)`: returns the output of shape
#   `(batch_size, num_queries, num_hiddens)`. Call `attention(queries,
#   keys, values, valid_lens)` (it returns `(output, weights)`) on the split
#   heads; every head of example `b` uses the valid lengths of example `b`,
#   so repeat each row of `valid_lens` `num_heads` times in a row
#   (`valid_lens.repeat(num_heads, axis=0)`).


# %% answer id="multi_head_attention"
def split_heads(X, num_heads):
    """(batch_size, n, num_heads * d) -> (batch_size * num_heads, n, d)."""
    ### BEGIN SOLUTION
    b, n, _ = X.shape
    X = X.reshape(b, n, num_heads, -1).transpose(0, 2, 1, 3)
    return X.reshape(b * num_heads, n, -1)
    ### END SOLUTION


def merge_heads(X, num_heads):
    """(batch_size * num_heads, n, d) -> (batch_size, n, num_heads * d)."""
    ### BEGIN SOLUTION
    _, n, d = X.shape
    X = X.reshape(-1, num_heads, n, d).transpose(0, 2, 1, 3)
    return X.reshape(-1, n, num_heads * d)
    ### END SOLUTION


def multi_head_attention(queries, keys, values, valid_lens, num_heads,
                         W_q, W_k, W_v, W_o,
                         attention=scaled_dot_product_attention):
    """Task multi_head_attention: the output (batch_size, num_queries,
    num_hiddens) of multi-head attention with explicit weights."""
    ### BEGIN SOLUTION
    q = split_heads(np.dot(queries, W_q), num_heads)
    k = split_heads(np.dot(keys, W_k), num_heads)
    v = split_heads(np.dot(values, W_v), num_heads)
    if valid_lens is not None:
        valid_lens = valid_lens.repeat(num_heads, axis=0)
    out, _ = attention(q, k, v, valid_lens)
    return np.dot(merge_heads(out, num_heads), W_o)
    ### END SOLUTION


# %% tests id="multi_head_attention_tests" points=3
"""multi_head_attention: head layout of split/merge, and a hand-checkable
forward pass."""
part = "multi_head_attention"
from seqmodels.attention import DotProductAttention

library_attention = DotProductAttention(dropout=0)


def library_dot(queries, keys, values, valid_lens):
    out = library_attention(queries, keys, values, valid_lens)
    return out, library_attention.attention_weights


# 2 examples, 3 positions, 2 heads of 2 features: X[b, t, f] = 100b+10t+f
X = (100 * np.arange(2).reshape(2, 1, 1) + 10 * np.arange(3).reshape(
    1, 3, 1) + np.arange(4).reshape(1, 1, 4)).astype("float32")
S = checks.expect_implemented(part, split_heads, X, 2)
checks.expect_shape(part, S, (4, 3, 2), "split_heads(X, 2) of X with "
                    "shape (2, 3, 4)")
for b in range(2):
    for i in range(2):
        got = S[b * 2 + i].asnumpy()
        want = X[b, :, 2 * i:2 * i + 2].asnumpy()
        checks.expect(part, (got == want).all(), f"split_heads: row "
                      f"{b * 2 + i} should be head {i} of example {b}, "
                      f"i.e. X[{b}, :, {2 * i}:{2 * i + 2}] = "
                      f"{want.tolist()}, got {got.tolist()} (a reshape "
                      "alone mixes positions: transpose the heads axis)")
heads = np.stack([X[b, :, 2 * i:2 * i + 2] for b in range(2)
                  for i in range(2)])  # head i of example b: row 2b + i
M = checks.expect_implemented(part, merge_heads, heads, 2)
checks.expect_shape(part, M, (2, 3, 4), "merge_heads of shape (4, 3, 2)")
checks.expect(part, (M.asnumpy() == X.asnumpy()).all(), "merge_heads "
              "should undo split_heads: the heads of example b, position "
              "t, concatenated in head order")
# Zero W_q, W_k: every valid key gets the same weight, so each head
# outputs the mean of its valid (projected) values.
values = np.random.normal(size=(2, 4, 3))
W_v, W_o = np.random.normal(size=(3, 4)), np.random.normal(size=(4, 4))
lens = np.array([1, 3])
out = checks.expect_implemented(
    part, multi_head_attention, np.ones((2, 5, 2)), np.ones((2, 4, 3)),
    values, lens, 2, np.zeros((2, 4)), np.zeros((3, 4)), W_v, W_o,
    attention=library_dot)
checks.expect_shape(part, out, (2, 5, 4), "the output (batch 2, 5 "
                    "queries, num_hiddens 4)")
for b in range(2):
    n = int(lens[b])
    mean = np.dot(values[b, :n], W_v).mean(axis=0)
    checks.expect_close(part, out[b], np.tile(np.dot(mean, W_o), (5, 1)),
                        f"output of example {b} (valid_len {n}) with "
                        "W_q = W_k = 0, where every head averages its "
                        f"{n} valid values: are the heads split, merged "
                        "and the valid lengths repeated in the right order?")
### BEGIN HIDDEN TESTS
from seqmodels import attention as library
from seqmodels.attention import MultiHeadAttention

Z = np.random.normal(size=(3, 4, 12))
checks.expect_close(part, split_heads(Z, 3), library.split_heads(Z, 3),
                    "split_heads against the library")
Z = np.random.normal(size=(6, 4, 5))
checks.expect_close(part, merge_heads(Z, 3), library.merge_heads(Z, 3),
                    "merge_heads against the library")
b, nq, nk, dq, dk, dv, h, heads = 2, 3, 5, 4, 6, 7, 8, 4
W = [np.random.normal(size=s) * 0.5 for s in
     [(dq, h), (dk, h), (dv, h), (h, h)]]
block = MultiHeadAttention(h, heads, dropout=0)
block.initialize()
data = [np.random.normal(size=s) for s in
        [(b, nq, dq), (b, nk, dk), (b, nk, dv)]]
block(*data, None)  # Gluon sizes its weights now
for layer, w in zip([block.W_q, block.W_k, block.W_v, block.W_o], W):
    layer.weight.set_data(w.T)
checks.expect_same_attention(
    part, lambda q, k, v, lens: multi_head_attention(
        q, k, v, lens, heads, *W, attention=library_dot),
    block, data, (np.array([2, 5]), np.array([[1, 3, 5], [4, 2, 1]]), None),
    "MultiHeadAttention", weights=False)
### END HIDDEN TESTS


# %% [markdown] id="bahdanau_decoder_step_md"
# ## Part 5 (`bahdanau_decoder_step`, 2 points): a decoder that attends
#
# At every step, a Bahdanau decoder asks the encoder where to look. With
# the decoder's previous hidden state `H` (shape `(batch_size,
# num_hiddens)`) as the single query, the encoder outputs `enc_outputs`
# (shape `(batch_size, num_steps, num_hiddens)`) as keys **and** values,
# and `enc_valid_lens` (shape `(batch_size,)`) as the valid lengths:
#
# 1. call `attention(query, enc_outputs, enc_outputs, enc_valid_lens,
#    *attn_params)` with the query of shape `(batch_size, 1, num_hiddens)`;
#    `attn_params` is `(W_q, W_k, w_v)` and `attention` returns `(output,
#    weights)`, the output being the context of shape `(batch_size, 1,
#    num_hiddens)`;
# 2. concatenate the context (first) and the input embedding `X` (shape
#    `(batch_size, embed_size)`) along the features, as d2l's decoder does;
# 3. run one GRU step on it: `gru_step(inputs, (H,), *gru_params)` from
#    `seqmodels.gated` (parameters in that module's layout, `W_x` of shape
#    `(num_hiddens + embed_size, 3 * num_hiddens)`); it returns `(H_new,
#    (H_new,))`.
#
# Return the pair `(H_new, context)`, both of shape `(batch_size,
# num_hiddens)`.


# %% answer id="bahdanau_decoder_step"
def bahdanau_decoder_step(X, H, enc_outputs, enc_valid_lens, attn_params,
                          gru_params, attention=additive_attention):
    """Task bahdanau_decoder_step: returns (H_new, context), each of
    shape (batch_size, num_hiddens)."""
    ### BEGIN SOLUTION
    query = np.expand_dims(H, axis=1)
    context, _ = attention(query, enc_outputs, enc_outputs, enc_valid_lens,
                           *attn_params)
    context = context[:, 0, :]
    inputs = np.concatenate([context, X], axis=-1)
    H_new, _ = gru_step(inputs, (H,), *gru_params)
    return H_new, context
    ### END SOLUTION


# %% tests id="bahdanau_decoder_step_tests" points=2
"""bahdanau_decoder_step: what attention receives, and the GRU input."""
part = "bahdanau_decoder_step"
batch, steps, h, e = 2, 4, 3, 2
calls = []


def fake_attention(queries, keys, values, valid_lens, W_q, W_k, w_v):
    """Records its arguments; the context is the mean of the valid
    values, so it differs from every single encoder state."""
    calls.append((queries, keys, values, valid_lens))
    ctx = np.stack([values[b, :int(valid_lens[b])].mean(axis=0)
                    for b in range(values.shape[0])])
    return np.expand_dims(ctx, 1), None


X = np.random.normal(size=(batch, e))
H = np.random.normal(size=(batch, h))
enc = np.random.normal(size=(batch, steps, h))
lens = np.array([2, 3])
attn_params = (np.ones((h, 5)), np.ones((h, 5)), np.ones(5))
gru_params = (np.random.normal(size=(h + e, 3 * h)),
              np.random.normal(size=(h, 3 * h)),
              np.random.normal(size=3 * h), np.random.normal(size=3 * h))
result = checks.expect_implemented(
    part, bahdanau_decoder_step, X, H, enc, lens, attn_params, gru_params,
    attention=fake_attention)
checks.expect(part, isinstance(result, tuple) and len(result) == 2,
              "bahdanau_decoder_step should return a pair (H_new, context)")
checks.expect(part, len(calls) == 1, f"attention should be called once, "
              f"it was called {len(calls)} times")
q, k, v, vl = calls[0]
checks.expect_shape(part, q, (batch, 1, h), "the query passed to attention "
                    "(the previous state H with a num_queries axis)")
checks.expect_close(part, q[:, 0], H, "the query passed to attention "
                    "(should be the previous decoder state H)")
checks.expect_close(part, k, enc, "the keys passed to attention (should "
                    "be enc_outputs)")
checks.expect_close(part, v, enc, "the values passed to attention "
                    "(should be enc_outputs)")
checks.expect(part, vl is not None and (vl.asnumpy() == lens.asnumpy())
              .all(), "attention should get enc_valid_lens")
H_new, context = result
ctx = fake_attention(q, k, v, vl, *attn_params)[0][:, 0]
checks.expect_shape(part, context, (batch, h), "the context")
checks.expect_close(part, context, ctx, "the context (should be the "
                    "output of attention, not an encoder state)")
want, _ = gru_step(np.concatenate([ctx, X], axis=-1), (H,), *gru_params)
checks.expect_shape(part, H_new, (batch, h), "H_new")
checks.expect_close(part, H_new, want, "H_new: expected gru_step on "
                    "[context, X] (context first) from the state H")
### BEGIN HIDDEN TESTS
# Against a decoder step assembled from the library: AdditiveAttention
# with the same weights, then seqmodels.gated.gru_step.
from seqmodels.attention import AdditiveAttention

batch, steps, h, e, a = 3, 5, 4, 3, 6
W_q, W_k = (np.random.normal(size=(h, a)) * 0.5 for _ in range(2))
w_v = np.random.normal(size=a)
block = AdditiveAttention(a, dropout=0)
block.initialize()
X = np.random.normal(size=(batch, e))
H = np.random.normal(size=(batch, h))
enc = np.random.normal(size=(batch, steps, h))
lens = np.array([5, 2, 3])
block(np.expand_dims(H, 1), enc, enc, lens)  # sizes its weights
block.W_q.weight.set_data(W_q.T)
block.W_k.weight.set_data(W_k.T)
block.w_v.weight.set_data(w_v.reshape(1, -1))


def library_additive(queries, keys, values, valid_lens, W_q, W_k, w_v):
    return block(queries, keys, values, valid_lens), None


gru_params = (np.random.normal(size=(h + e, 3 * h)) * 0.5,
              np.random.normal(size=(h, 3 * h)) * 0.5,
              np.random.normal(size=3 * h), np.random.normal(size=3 * h))
R1, R2 = np.random.normal(size=(batch, h)), np.random.normal(size=(batch, h))
mine, ref = [H.copy(), enc.copy()], [H.copy(), enc.copy()]
for t in mine + ref:
    t.attach_grad()
with autograd.record():
    ctx = block(np.expand_dims(ref[0], 1), ref[1], ref[1], lens)[:, 0]
    want, _ = gru_step(np.concatenate([ctx, X], axis=-1), (ref[0],),
                       *gru_params)
    ((want * R1).sum() + (ctx * R2).sum()).backward()
with autograd.record():
    H_new, context = bahdanau_decoder_step(
        X, mine[0], mine[1], lens, (W_q, W_k, w_v), gru_params,
        attention=library_additive)
    ((H_new * R1).sum() + (context * R2).sum()).backward()
checks.expect_close(part, context, ctx, "the context against the "
                    "library's AdditiveAttention", rtol=1e-5, atol=1e-6)
checks.expect_close(part, H_new, want, "H_new against AdditiveAttention "
                    "+ gru_step", rtol=1e-5, atol=1e-6)
for name, t, r in zip(("H", "enc_outputs"), mine, ref):
    checks.expect_close(part, t.grad, r.grad, f"gradient of {name} "
                        "against AdditiveAttention + gru_step", rtol=1e-4,
                        atol=1e-5)
### END HIDDEN TESTS
