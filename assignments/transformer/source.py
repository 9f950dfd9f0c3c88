"""Source of the Transformer exercise: solutions/transformer/transformer.ipynb.

A percent-format notebook (the format is in authoring/nbsource.py): each
``# %%`` line starts a cell. Run it as a script to check the solution and
every visible and hidden test: ``python assignments/transformer/source.py``. Then
``make release ASSIGNMENT=transformer`` writes the notebook (``python
authoring/nbsource.py transformer``) and the student version, exercises/transformer/.
"""


# %% [markdown] id="intro"
# # Exercise: a decoder-only Transformer
#
# This assignment goes with the chapter *Self-Attention and the
# Transformer* of the book. You write the sinusoidal positional encoding,
# the causal mask of a language model, the feed-forward network with its
# add & norm, one whole decoder-only block, and you train a small
# Transformer language model on *The Time Machine* within a budget of
# training tokens.
#
# **How to work.** Fill in every cell that says `# YOUR CODE HERE` (delete the
# `raise NotImplementedError()` line). Do not rename the functions, and do not
# edit the other cells: the grader restores them. Run the cell under each
# function: its *visible tests* print what is wrong (shape, value, which
# part). The grader also runs *hidden tests* that compare your code with the
# course library `seqmodels.transformer` given the same weights, outputs
# and gradients, so passing the visible tests is necessary but not
# sufficient.
#
# **Each part is graded on its own.** `decoder_block` takes the functions
# of parts 2 and 3 as arguments (`causal_valid_lens=`, `ffn=`,
# `add_norm=`) and must call them through those arguments: the tests pass
# the library's versions, so a mistake in one part costs only that part's
# points.
#
# **Check yourself** before you hand in, from the repository root:
#
# ```
# .venv/bin/nbgrader validate exercises/transformer/transformer.ipynb
# ```
#
# @@PARTS_TABLE@@
#
# Each part's tests are all or nothing. The notebook runs in well under a
# minute on a 2-core CPU; part 5 trains on at most 480,000 tokens (about
# 6 seconds here, idle).
#
# **Conventions.** Batch first: `X` has shape `(batch_size, num_steps,
# num_hiddens)`. Weights are explicit arrays in the layout `X @ W` (Gluon's
# `nn.Dense` stores the transpose; the grader copies `W.T` into the
# library's layers). Use MXNet's `np`/`npx` operations only, so autograd
# can differentiate your code.


# %% locked id="setup"
import math

from mxnet import autograd, np, npx

import seqmodels
from seqmodels import checks
from seqmodels.attention import masked_softmax
from seqmodels.data import TimeMachine

seqmodels.set_seed()
device = seqmodels.try_device()


def random_block_params(num_hiddens, ffn_num_hiddens, scale=0.5):
    """Random arrays for every weight of a decoder block (X @ W layout)."""
    d, f = num_hiddens, ffn_num_hiddens
    shapes = {"W_q": (d, d), "W_k": (d, d), "W_v": (d, d), "W_o": (d, d),
              "gamma1": (d,), "beta1": (d,), "W1": (d, f), "b1": (f,),
              "W2": (f, d), "b2": (d,), "gamma2": (d,), "beta2": (d,)}
    params = {k: np.random.normal(scale=scale, size=s)
              for k, s in shapes.items()}
    params["gamma1"] += 1
    params["gamma2"] += 1
    return params


# %% [markdown] id="positional_encoding_md"
# ## Part 1 (`positional_encoding`, 2 points): the sinusoidal table
#
# Return the float32 array $\mathbf{P}$ of shape `(max_len, num_hiddens)`
# (`num_hiddens` is even) with
#
# $$P_{i, 2j} = \sin\left(\frac{i}{10000^{2j/d}}\right), \qquad
# P_{i, 2j+1} = \cos\left(\frac{i}{10000^{2j/d}}\right),$$
#
# where $i$ is the position, $d$ = `num_hiddens` and
# $j = 0, \ldots, d/2 - 1$: even columns hold sines, odd columns cosines of
# the same angle. (Computing the angles in float64 and rounding the table
# at the end is the most accurate; the tests allow $10^{-4}$.)


# %% answer id="positional_encoding"
def positional_encoding(max_len, num_hiddens):
    """Task positional_encoding: (max_len, num_hiddens) float32 table."""
    ### BEGIN SOLUTION
    i = np.arange(max_len, dtype="float64").reshape(-1, 1)
    rates = np.power(10000.0, np.arange(0, num_hiddens, 2,
                                        dtype="float64") / num_hiddens)
    P = np.zeros((max_len, num_hiddens), dtype="float64")
    P[:, 0::2] = np.sin(i / rates)
    P[:, 1::2] = np.cos(i / rates)
    return P.astype("float32")
    ### END SOLUTION


# %% tests id="positional_encoding_tests" points=2
"""positional_encoding: shape, dtype, sines in even and cosines in odd."""
part = "positional_encoding"
P = checks.expect_implemented(part, positional_encoding, 6, 4)
checks.expect_shape(part, P, (6, 4), "P")
checks.expect(part, P.dtype == np.float32, f"P has dtype {P.dtype}, "
              "expected float32")
checks.expect_close(part, P[0], np.array([0.0, 1.0, 0.0, 1.0]),
                    "position 0 (sin 0 = 0, cos 0 = 1)")
checks.expect_close(part, P[3, :2], np.array([math.sin(3), math.cos(3)]),
                    "position 3, columns 0 and 1 (angle 3)", atol=1e-6)
checks.expect_close(part, P[3, 2:], np.array([math.sin(0.03),
                                              math.cos(0.03)]),
                    "position 3, columns 2 and 3 (angle 3 / 100)",
                    atol=1e-6)
### BEGIN HIDDEN TESTS
from seqmodels.attention import positional_encoding as reference_table

for max_len, num_hiddens in ((1000, 32), (50, 6), (200, 128)):
    checks.expect_close(part, positional_encoding(max_len, num_hiddens),
                        reference_table(max_len, num_hiddens),
                        f"the table for max_len={max_len}, num_hiddens="
                        f"{num_hiddens} against the library", rtol=1e-4,
                        atol=1e-4)
### END HIDDEN TESTS


# %% [markdown] id="causal_valid_lens_md"
# ## Part 2 (`causal_valid_lens`, 2 points): a language model must not peek
#
# A language model predicts the token at position $t + 1$ from the tokens
# at positions $0, \ldots, t$. In self-attention every query would see
# every key, including the very tokens it must predict. The library's
# `masked_softmax(scores, valid_lens)` (imported above) ignores the keys
# at positions `>= valid_lens[b, t]` for query `t` of example `b`. Return
# the `valid_lens` array of shape `(batch_size, num_steps)` that lets query
# $t$ see exactly the keys $0, \ldots, t$ (the same for every example),
# as a float32 array.


# %% answer id="causal_valid_lens"
def causal_valid_lens(batch_size, num_steps):
    """Task causal_valid_lens: (batch_size, num_steps) valid lengths."""
    ### BEGIN SOLUTION
    row = np.arange(1, num_steps + 1, dtype="float32")
    return np.broadcast_to(row, (batch_size, num_steps)).copy()
    ### END SOLUTION


# %% tests id="causal_valid_lens_tests" points=2
"""causal_valid_lens: query t sees keys 0..t and nothing after."""
part = "causal_valid_lens"
lens = checks.expect_implemented(part, causal_valid_lens, 2, 4)
checks.expect_shape(part, lens, (2, 4), "valid_lens")
weights = masked_softmax(np.zeros((2, 4, 4)), lens)
checks.expect_close(part, weights[0, 0], np.array([1.0, 0, 0, 0]),
                    "weights of query 0 (it sees only key 0)")
checks.expect_close(part, weights[1, 2], np.array([1 / 3] * 3 + [0.0]),
                    "weights of query 2 (keys 0, 1, 2)")
### BEGIN HIDDEN TESTS
lens = causal_valid_lens(3, 9)
checks.expect_shape(part, lens, (3, 9), "valid_lens")
mask = masked_softmax(np.zeros((3, 9, 9)), lens) > 0
checks.expect(part, bool((mask == (np.tril(np.ones((9, 9))) > 0)).all()),
              "the keys each query may see should form a lower triangle")
checks.expect(part, lens.dtype == np.float32, f"valid_lens has dtype "
              f"{lens.dtype}, expected float32")
### END HIDDEN TESTS


# %% [markdown] id="add_norm_md"
# ## Part 3 (`add_norm`, 2 points): feed-forward network and add & norm
#
# Write two functions used after the attention of every block:
#
# - `ffn(X, W1, b1, W2, b2)`: the position-wise feed-forward network
#   $\operatorname{relu}(\mathbf{X}\mathbf{W}_1 + \mathbf{b}_1)\mathbf{W}_2
#   + \mathbf{b}_2$, applied to the last axis (the same two layers at
#   every position);
# - `add_norm(X, Y, gamma, beta, eps=1e-5)`: the residual connection
#   followed by layer normalization, $\operatorname{LN}(\mathbf{X} +
#   \mathbf{Y})$, where $\mathbf{Y}$ is the output of a sublayer applied to
#   $\mathbf{X}$. Layer normalization of a vector $\mathbf{z}$ (the
#   features of one position) is $\gamma \odot (\mathbf{z} - \mu) /
#   \sqrt{\sigma^2 + \epsilon} + \beta$ with $\mu$ and $\sigma^2$ the mean
#   and the (biased) variance of the entries of $\mathbf{z}$.


# %% answer id="add_norm"
def ffn(X, W1, b1, W2, b2):
    """Task add_norm (1/2): the position-wise feed-forward network."""
    ### BEGIN SOLUTION
    return np.dot(npx.relu(np.dot(X, W1) + b1), W2) + b2
    ### END SOLUTION


def add_norm(X, Y, gamma, beta, eps=1e-5):
    """Task add_norm (2/2): layer normalization of X + Y."""
    ### BEGIN SOLUTION
    Z = X + Y
    mu = Z.mean(axis=-1, keepdims=True)
    var = ((Z - mu) ** 2).mean(axis=-1, keepdims=True)
    return gamma * (Z - mu) / np.sqrt(var + eps) + beta
    ### END SOLUTION


# %% tests id="add_norm_tests" points=2
"""add_norm: the FFN and LN(X + Y) on small hand cases."""
part = "add_norm"
X = np.array([[[1.0, -2.0], [0.5, 3.0]]])  # (1, 2, 2)
W1, b1 = np.array([[1.0, 0.0, 1.0], [0.0, 1.0, 1.0]]), np.zeros(3)
W2, b2 = np.ones((3, 2)), np.array([0.5, -0.5])
out = checks.expect_implemented(part, ffn, X, W1, b1, W2, b2)
checks.expect_shape(part, out, (1, 2, 2), "ffn(X, ...)")
checks.expect_close(part, out, np.array([[[1.5, 0.5], [7.5, 6.5]]]),
                    "ffn on a hand case (relu drops the negatives)")
X, Y = np.array([[1.0, 2.0, 3.0]]), np.array([[1.0, 0.0, -1.0]])
out = checks.expect_implemented(part, add_norm, X, Y, np.ones(3),
                                np.zeros(3))
checks.expect_close(part, out, np.zeros((1, 3)),
                    "add_norm of X + Y = [2, 2, 2] (a constant vector "
                    "normalizes to 0)")
out = add_norm(np.array([[1.0, 2.0, 3.0]]), np.zeros((1, 3)),
               np.full(3, 2.0), np.full(3, 1.0), 0.0)
z = 1.5 ** 0.5
checks.expect_close(part, out, np.array([[1 - 2 * z, 1.0, 1 + 2 * z]]),
                    "add_norm of [1, 2, 3] with gamma 2 and beta 1",
                    atol=1e-5)
### BEGIN HIDDEN TESTS
from seqmodels.transformer import AddNorm, PositionWiseFFN

# add_norm must leave its arguments as they were (X is the residual the
# caller may use again).
Xc, Yc = np.random.normal(size=(2, 3, 4)), np.random.normal(size=(2, 3, 4))
X0, Y0 = Xc.copy(), Yc.copy()
add_norm(Xc, Yc, np.ones(4), np.zeros(4))
checks.expect(part, bool((Xc == X0).all()) and bool((Yc == Y0).all()),
              "add_norm changed its argument X or Y in place (X += Y?): "
              "compute X + Y as a new array")

X = np.random.normal(size=(2, 5, 6))
Y = np.random.normal(size=(2, 5, 6)) * 3
block = PositionWiseFFN(10, 6)
block.initialize()
block(X)
for p in block.collect_params().values():
    p.set_data(np.random.normal(size=p.shape))
with autograd.record():
    expected = block(X)
    (expected ** 2).sum().backward()
arrays = [block.dense1.weight.data().T.copy(), block.dense1.bias.data(),
          block.dense2.weight.data().T.copy(), block.dense2.bias.data()]
arrays = [a.copy() for a in arrays]
for a in arrays:
    a.attach_grad()
with autograd.record():
    out = ffn(X, *arrays)
    (out ** 2).sum().backward()
checks.expect_close(part, out, expected, "ffn against the library's "
                    "PositionWiseFFN", rtol=1e-4, atol=1e-5)
checks.expect_close(part, arrays[0].grad, block.dense1.weight.grad().T,
                    "gradient of W1 against PositionWiseFFN", rtol=1e-4,
                    atol=1e-4)
an = AddNorm(0)
an.initialize()
an(X, Y)
gamma, beta = np.random.normal(size=6), np.random.normal(size=6)
an.ln.gamma.set_data(gamma)
an.ln.beta.set_data(beta)
Xg, Yg = X.copy(), Y.copy()
for a in (Xg, Yg, gamma, beta):
    a.attach_grad()
with autograd.record():
    expected = an(X, Y)
    (expected ** 3).sum().backward()
with autograd.record():
    out = add_norm(Xg, Yg, gamma, beta)
    (out ** 3).sum().backward()
checks.expect_close(part, out, expected, "add_norm against the library's "
                    "AddNorm (nn.LayerNorm)", rtol=1e-4, atol=1e-5)
checks.expect_close(part, Yg.grad, Xg.grad, "the gradients with respect "
                    "to X and Y (the same, since only X + Y matters)",
                    rtol=1e-4, atol=1e-4)
checks.expect_close(part, gamma.grad, an.ln.gamma.grad(),
                    "gradient of gamma against nn.LayerNorm", rtol=1e-4,
                    atol=1e-3)
# Nearly constant rows: their variance (about 1e-6) is below eps, so the
# place of eps (under the square root) matters.
Xs = np.random.normal(size=(2, 3, 6)) * 1e-3
Ys = np.random.normal(size=(2, 3, 6)) * 1e-3
checks.expect_close(part, add_norm(Xs, Ys, gamma, beta), an(Xs, Ys),
                    "add_norm of rows whose variance is below eps against "
                    "nn.LayerNorm (eps goes under the square root)",
                    rtol=1e-4, atol=1e-4)
### END HIDDEN TESTS


# %% [markdown] id="decoder_block_md"
# ## Part 4 (`decoder_block`, 3 points): one decoder-only block
#
# `params` is a dict of arrays (see `random_block_params` above for the
# names and shapes: `d` = `num_hiddens`, `f` = the FFN width). For `X` of
# shape `(batch_size, num_steps, d)` compute:
#
# 1. **causal multi-head self-attention**: $\mathbf{Q} = \mathbf{X}
#    \mathbf{W}_q$, $\mathbf{K} = \mathbf{X} \mathbf{W}_k$, $\mathbf{V} =
#    \mathbf{X}\mathbf{W}_v$; split the last axis of each into `num_heads`
#    heads of `d // num_heads` features (head $i$ holds features
#    $i \cdot d/h$ to $(i + 1) \cdot d/h - 1$); in each head, scaled
#    dot-product attention, the scores divided by
#    $\sqrt{d / \text{num\_heads}}$ and masked with
#    `masked_softmax(scores, lens)` where `lens` comes from
#    `causal_valid_lens`; concatenate the heads' outputs (in head order)
#    and multiply by $\mathbf{W}_o$ (no biases in the attention);
# 2. $\mathbf{Y} = $ `add_norm(X, attention, gamma1, beta1)`;
# 3. the result is `add_norm(Y, ffn(Y, W1, b1, W2, b2), gamma2, beta2)`.
#
# Call `causal_valid_lens`, `ffn` and `add_norm` through the arguments of
# `decoder_block`. `npx.batch_dot(A, B, transpose_b=True)` multiplies
# batches of matrices; `masked_softmax` expects 3-D scores, so put the heads
# on the batch axis.


# %% answer id="decoder_block"
def decoder_block(X, params, num_heads, causal_valid_lens=causal_valid_lens,
                  ffn=ffn, add_norm=add_norm):
    """Task decoder_block: (batch_size, num_steps, d) -> same shape."""
    ### BEGIN SOLUTION
    batch_size, num_steps, d = X.shape

    def heads(A):  # (b, n, d) -> (b * heads, n, d / heads)
        A = A.reshape(batch_size, num_steps, num_heads, -1)
        return A.transpose(0, 2, 1, 3).reshape(
            batch_size * num_heads, num_steps, -1)

    Q, K, V = (heads(np.dot(X, params[k])) for k in ("W_q", "W_k", "W_v"))
    scores = npx.batch_dot(Q, K, transpose_b=True) / math.sqrt(Q.shape[-1])
    lens = causal_valid_lens(batch_size, num_steps).repeat(num_heads,
                                                           axis=0)
    A = npx.batch_dot(masked_softmax(scores, lens), V)
    A = A.reshape(batch_size, num_heads, num_steps, -1).transpose(
        0, 2, 1, 3).reshape(batch_size, num_steps, d)
    Y = add_norm(X, np.dot(A, params["W_o"]), params["gamma1"],
                 params["beta1"])
    Z = ffn(Y, params["W1"], params["b1"], params["W2"], params["b2"])
    return add_norm(Y, Z, params["gamma2"], params["beta2"])
    ### END SOLUTION


# %% tests id="decoder_block_tests" points=3
"""decoder_block: shape, and no position sees a later one."""
part = "decoder_block"
from seqmodels import transformer as lib

params = random_block_params(8, 12)
X = np.random.normal(size=(2, 5, 8))
kwargs = dict(causal_valid_lens=lib.causal_valid_lens, ffn=lib.ffn,
              add_norm=lib.add_norm)
out = checks.expect_implemented(part, decoder_block, X, params, 2,
                                **kwargs)
checks.expect_shape(part, out, (2, 5, 8), "decoder_block(X, ...)")
X2 = X.copy()
X2[:, 3:] = np.random.normal(size=(2, 2, 8))  # change positions 3 and 4
out2 = decoder_block(X2, params, 2, **kwargs)
checks.expect_close(part, out2[:, :3], out[:, :3], "outputs at positions "
                    "0-2 after changing only positions 3 and 4 (a "
                    "language model must not see the future)", atol=1e-5)
### BEGIN HIDDEN TESTS
# Against the library's Gluon block with the same weights: forward and
# the gradients of every weight and of the input.
num_hiddens, ffn_hiddens, num_heads = 8, 12, 4
block = lib.DecoderBlock(num_hiddens, ffn_hiddens, num_heads)
block.initialize()
X = np.random.normal(size=(3, 6, num_hiddens))
block(X)
params = random_block_params(num_hiddens, ffn_hiddens)
lib.load_block_params(block, params)
Xb = X.copy()
Xb.attach_grad()
with autograd.record():
    expected = block(Xb)
    (expected ** 3).sum().backward()
expected_grads = lib.block_grads(block)
mine = {k: v.copy() for k, v in params.items()}
for a in mine.values():
    a.attach_grad()
Xm = X.copy()
Xm.attach_grad()
with autograd.record():
    out = decoder_block(Xm, mine, num_heads, **kwargs)
    (out ** 3).sum().backward()
checks.expect_close(part, out, expected, "the block's output against the "
                    "library's DecoderBlock", rtol=1e-4, atol=1e-4)
checks.expect_close(part, Xm.grad, Xb.grad, "gradient of X against "
                    "DecoderBlock", rtol=1e-3, atol=1e-3)
for name in lib.BLOCK_PARAM_NAMES:
    checks.expect_close(part, mine[name].grad, expected_grads[name],
                        f"gradient of {name} against DecoderBlock",
                        rtol=1e-3, atol=1e-3)
### END HIDDEN TESTS


# %% [markdown] id="train_transformer_md"
# ## Part 5 (`train_transformer`, 3 points): a Transformer language model
# within a budget
#
# Train a character-level decoder-only **Transformer** language model on
# *The Time Machine* (10,000 training windows of 32 characters, the next
# 5,000 windows for validation) so that its **validation perplexity is at
# most 9.2** after at most **480,000 training tokens** (one and a half
# passes over the 320,000 training characters). The budget counts the
# characters the model is trained to predict, not seconds, so it is the
# same on a busy machine as on an idle one: the trainer below stops at the
# minibatch that reaches it, in the middle of an epoch if need be. (The
# reference solution trains in about 6 seconds here on an idle 2-core CPU;
# training is cut, and fails, only after 120 seconds.)
# `make_model(vocab_size)` must return a `seqmodels.transformer.
# TransformerLM` (its arguments: `vocab_size, num_hiddens, num_heads,
# num_layers, ffn_num_hiddens, dropout, lr`; it trains with Adam).
#
# The book's settings (minibatches of 1,024 windows, 32 hidden units, one
# block, learning rate 0.01) reach only 10.6 within this budget. Think about
# how many parameter updates fit in the budget (the batch size), the
# learning rate, and the cost of each block.


# %% locked id="train_transformer_budget"
TRAIN_BUDGET_TOKENS, TARGET_PPL = 480_000, 9.2
SAFETY_SECONDS = 120  # stops a runaway model only, never a good one


# %% answer id="train_transformer"
from seqmodels.transformer import TransformerLM

### BEGIN SOLUTION
HPARAMS = dict(batch_size=64, max_epochs=10, gradient_clip_val=1.0)


def make_model(vocab_size):
    """Task train_transformer: a decoder-only Transformer LM."""
    return TransformerLM(vocab_size, num_hiddens=32, num_heads=4,
                         num_layers=1, ffn_num_hiddens=64, lr=0.02)
### END SOLUTION


# %% locked id="train_transformer_run"
from seqmodels.train import LMTrainer, generate

seqmodels.set_seed()
tf_data = TimeMachine(HPARAMS["batch_size"], 32, num_train=10000,
                      num_val=5000)
tf_lm = make_model(len(tf_data.vocab))
tf_trainer = LMTrainer(HPARAMS["max_epochs"], HPARAMS["gradient_clip_val"],
                       device=device, label="your Transformer",
                       max_seconds=SAFETY_SECONDS,
                       max_tokens=TRAIN_BUDGET_TOKENS)
tf_history = tf_trainer.fit(tf_lm, tf_data)
print(generate(tf_lm, "time traveller ", 20, tf_data.vocab, device))


# %% tests id="train_transformer_tests" points=3
"""train_transformer: validation perplexity <= 9.2 in 480,000 tokens."""
part = "train_transformer"
# The library's class, whatever the cell above imports or defines.
from seqmodels.transformer import TransformerLM as LibraryTransformerLM

checks.expect(part, "tf_history" in globals(),
              "the training cell did not run: check HPARAMS and make_model")
checks.expect(part, checks.type_name(tf_lm) == "TransformerLM",
              f"make_model returned a {checks.type_name(tf_lm)}, not a "
              "TransformerLM")
val_ppl = tf_history.val_ppl[-1]
checks.expect(part, val_ppl <= TARGET_PPL,
              f"validation perplexity {val_ppl:.2f} is above the target "
              f"{TARGET_PPL}")
### BEGIN HIDDEN TESTS
# The grader builds the model that make_model describes from the
# library's class, trains it within the budget and measures it itself.
remeasured_ppl = checks.expect_retrained_within_budget(
    part, HPARAMS, tf_lm, TRAIN_BUDGET_TOKENS, TARGET_PPL,
    {LibraryTransformerLM: None}, device=device,
    safety_seconds=SAFETY_SECONDS)
### END HIDDEN TESTS
