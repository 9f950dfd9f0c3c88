"""Source of the RNN exercise: solutions/rnn/rnn.ipynb.

A percent-format notebook (the format is in authoring/nbsource.py): each
``# %%`` line starts a cell. Run it as a script to check the solution and
every visible and hidden test: ``python assignments/rnn/source.py``. Then
``make release ASSIGNMENT=rnn`` writes the notebook (``python
authoring/nbsource.py rnn``) and the student version, exercises/rnn/.
"""


# %% [markdown] id="intro"
# # Exercise: recurrent neural networks
#
# This assignment goes with the chapter *Recurrent Neural Networks* of the
# book. You implement the pieces of a character-level RNN language model and
# train one on *The Time Machine*.
#
# **How to work.** Fill in every cell that says `# YOUR CODE HERE` (delete the
# `raise NotImplementedError()` line). Do not rename the functions, and do not
# edit the other cells: the grader restores them. Run the cell under each
# function: its *visible tests* print what is wrong (shape, value, which
# part). The grader also runs *hidden tests* that compare your code with
# MXNet's own layers, autograd and numeric gradients, so passing the visible
# tests is necessary but not sufficient.
#
# **Check yourself** before you hand in, from the repository root:
#
# ```
# .venv/bin/nbgrader validate exercises/rnn/rnn.ipynb
# ```
#
# It runs the notebook from top to bottom and lists the tests that fail.
#
# @@PARTS_TABLE@@
#
# Each part's tests are all or nothing. The whole notebook runs in about a
# minute on a 2-core CPU; part 8 trains on at most 1,600,000 tokens
# (about 9 seconds here, idle).


# %% locked id="setup"
import math

from d2l import mxnet as d2l
from mxnet import autograd, np, npx
from mxnet.gluon import rnn

import seqmodels
from seqmodels import checks
from seqmodels.data import TimeMachine, load_corpus

seqmodels.set_seed()
device = seqmodels.try_device()
corpus, vocab = load_corpus()
print(f"{len(corpus)} characters, vocabulary of {len(vocab)} tokens")


# %% [markdown] id="one_hot_md"
# ## Part 1 (`one_hot`, 1 point): one-hot inputs
#
# A minibatch of token indices `X` has shape `(batch_size, num_steps)`. The
# RNN loops over time, so it wants the time axis first: return a float32
# array of shape `(num_steps, batch_size, vocab_size)` whose entry
# `[t, b, X[b, t]]` is 1 and every other entry 0.


# %% answer id="one_hot"
def one_hot(X, vocab_size):
    """Task one_hot: (batch_size, num_steps) -> (num_steps, batch_size,
    vocab_size) float32 one-hot vectors."""
    ### BEGIN SOLUTION
    return npx.one_hot(X.T, vocab_size)
    ### END SOLUTION


# %% tests id="one_hot_tests" points=1
"""one_hot: shape (num_steps, batch_size, vocab_size), a single 1 per row."""
part = "one_hot"
X = np.array([[0, 2, 1], [3, 3, 0]])
O = checks.expect_implemented(part, one_hot, X, 4)
checks.expect_shape(part, O, (3, 2, 4),
                    "one_hot(X, 4) for X of shape (2, 3)")
checks.expect(part, O.dtype == np.float32,
              f"one_hot should return float32, got {O.dtype}")
checks.expect_close(part, O.sum(axis=2), np.ones((3, 2)),
                    "the sum of each one-hot vector")
checks.expect(part, float(O[1, 0, 2]) == 1.0,
              "O[t, b, X[b, t]] should be 1: time step first, then batch")
### BEGIN HIDDEN TESTS
X = np.random.randint(0, 28, size=(5, 7))
expected = np.arange(28).astype(X.dtype).reshape(1, 1, 28) == X.T.reshape(
    7, 5, 1)
O = one_hot(X, 28)
checks.expect(part, isinstance(O, np.ndarray), "one_hot should return an "
              f"MXNet array (the notebook's np), got {type(O).__module__}."
              f"{type(O).__name__}")
checks.expect_close(part, O, expected.astype("float32"),
                    "one_hot of a random (5, 7) batch")
### END HIDDEN TESTS


# %% [markdown] id="rnn_step_md"
# ## Part 2 (`rnn_step`, 2 points): one step of an RNN
#
# With inputs $\mathbf{X}_t$ of shape `(batch_size, num_inputs)` and the
# previous hidden state $\mathbf{H}_{t-1}$ of shape `(batch_size,
# num_hiddens)`, one step computes
#
# $$\mathbf{H}_t = \tanh(\mathbf{X}_t \mathbf{W}_{xh} +
# \mathbf{H}_{t-1} \mathbf{W}_{hh} + \mathbf{b}_h).$$
#
# Use MXNet's `np` operations only, so autograd can differentiate your step.


# %% answer id="rnn_step"
def rnn_step(X, H, W_xh, W_hh, b_h):
    """Task rnn_step: the next hidden state, shape (batch_size,
    num_hiddens)."""
    ### BEGIN SOLUTION
    pre_activation = np.dot(X, W_xh) + np.dot(H, W_hh) + b_h
    return np.tanh(pre_activation)
    ### END SOLUTION


# %% tests id="rnn_step_tests" points=2
"""rnn_step: shape, range and value on a small hand-checkable case."""
part = "rnn_step"
X, H = np.ones((2, 3)), np.zeros((2, 4))
W_xh, W_hh, b_h = np.full((3, 4), 0.1), np.full((4, 4), 0.5), np.zeros(4)
H1 = checks.expect_implemented(part, rnn_step, X, H, W_xh, W_hh, b_h)
checks.expect_shape(part, H1, (2, 4), "the new hidden state")
checks.expect_close(part, H1, np.full((2, 4), math.tanh(0.3)),
                    "rnn_step with H = 0 (should be tanh(X W_xh + b_h))")
H2 = rnn_step(X, H1, W_xh, W_hh, b_h)
checks.expect_close(part, H2, np.full((2, 4), math.tanh(
    0.3 + 2 * math.tanh(0.3))), "rnn_step with a non-zero H")
### BEGIN HIDDEN TESTS
# Against Gluon's fused tanh RNN with the same weights, for one step.
from seqmodels.rnn import gluon_layer_params

num_inputs, num_hiddens, batch_size = 5, 6, 3
layer = rnn.RNN(num_hiddens, activation="tanh", input_size=num_inputs)
layer.initialize()
X = np.random.normal(size=(1, batch_size, num_inputs))
H0 = np.random.normal(size=(1, batch_size, num_hiddens))
p = gluon_layer_params(layer)
b = p["i2h_bias"] + np.random.normal(size=num_hiddens)
p["h2h_bias"][:] = b - p["i2h_bias"]  # the layer's own array
expected = layer(X, [H0])[0][0]
checks.expect_close(part, rnn_step(X[0], H0[0], p["i2h_weight"].T,
                                   p["h2h_weight"].T, b), expected,
                    "rnn_step against gluon.rnn.RNN(activation='tanh')")
# Gradient with respect to W_hh: autograd through your step vs centred
# numeric differences, both in float64.
X64, H64 = (np.random.normal(size=s).astype("float64")
            for s in [(2, 3), (2, 4)])
W_xh64 = np.random.normal(size=(3, 4)).astype("float64")
b64 = np.random.normal(size=4).astype("float64")


def f(W):
    return (rnn_step(X64, H64, W_xh64, W, b64) ** 2).sum()


W0 = np.random.normal(size=(4, 4)).astype("float64") * 0.5
num = checks.numeric_gradient(f, W0)
auto = checks.autograd_gradient(f, W0)
err = checks.rel_error(auto, num)
checks.expect(part, err < 1e-7, f"d(sum H^2)/dW_hh: autograd vs numeric "
              f"relative error {err:.2e} (should be < 1e-7)")
# Pre-activations of a few hundred, of both signs: tanh saturates at +-1
# (a tanh written with exp overflows to inf / inf = nan).
X_big = np.linspace(-3, 3, 6).reshape(2, 3)
H_big = np.linspace(-1, 1, 8).reshape(2, 4)
W_xh_big = np.linspace(-60, 60, 12).reshape(3, 4)
W_hh_big = np.linspace(-20, 20, 16).reshape(4, 4)
b_big = np.linspace(-5, 5, 4)
expected = np.tanh(np.dot(X_big, W_xh_big) + np.dot(H_big, W_hh_big) + b_big)
checks.expect_close(part, rnn_step(X_big, H_big, W_xh_big, W_hh_big, b_big),
                    expected, "rnn_step with large pre-activations (it should "
                    "saturate at +-1 without overflowing)")
### END HIDDEN TESTS


# %% [markdown] id="rnn_forward_md"
# ## Part 3 (`rnn_forward`, 2 points): the whole sequence
#
# Run a step function over every time step of `inputs` (shape `(num_steps,
# batch_size, num_inputs)`), starting from the state `H` (shape `(batch_size,
# num_hiddens)`). `params` is the tuple `(W_xh, W_hh, b_h)`. Return the
# hidden states of all steps stacked into one array of shape `(num_steps,
# batch_size, num_hiddens)`, and the last hidden state.
#
# Call `step(X, H, *params)`, not your `rnn_step` directly: the same loop
# then runs any cell, and the tests can check the loop on its own.


# %% answer id="rnn_forward"
def rnn_forward(inputs, H, params, step=rnn_step):
    """Task rnn_forward: returns (outputs, H_last); outputs has shape
    (num_steps, batch_size, num_hiddens)."""
    ### BEGIN SOLUTION
    outputs = []
    for X in inputs:
        H = step(X, H, *params)
        outputs.append(H)
    return np.stack(outputs), H
    ### END SOLUTION


# %% tests id="rnn_forward_tests" points=2
"""rnn_forward: output shapes, and the state is carried from step to step."""
part = "rnn_forward"
from seqmodels.rnn import rnn_step as reference_step

checks.expect_state_carried(part, rnn_forward)
### BEGIN HIDDEN TESTS
# Against Gluon's fused RNN over 7 steps, from a non-zero initial state,
# forward and gradients of the weights.
from seqmodels.rnn import from_gluon_layout, gluon_layer_params

num_steps, batch_size, num_inputs, num_hiddens = 7, 3, 5, 4
layer = rnn.RNN(num_hiddens, activation="tanh", input_size=num_inputs)
layer.initialize()
X = np.random.normal(size=(num_steps, batch_size, num_inputs))
H0 = np.random.normal(size=(batch_size, num_hiddens))
with autograd.record():
    expected, [H_gluon] = layer(X, [H0.reshape(1, batch_size, -1)])
    (expected ** 2).sum().backward()
W_xh, W_hh, b_h = from_gluon_layout(gluon_layer_params(layer))
grads = gluon_layer_params(layer, what="grad")
for W in (W_xh, W_hh, b_h):
    W.attach_grad()
with autograd.record():
    outputs, H = rnn_forward(X, H0, (W_xh, W_hh, b_h), reference_step)
    (outputs ** 2).sum().backward()
checks.expect_close(part, outputs, expected, "outputs against Gluon's RNN",
                    rtol=1e-5, atol=1e-6)
checks.expect_close(part, H, H_gluon[0], "H_last against Gluon's RNN")
checks.expect_close(part, W_hh.grad, grads["h2h_weight"].T,
                    "gradient of W_hh against Gluon's RNN", atol=1e-5)
checks.expect_close(part, W_xh.grad, grads["i2h_weight"].T,
                    "gradient of W_xh against Gluon's RNN", atol=1e-5)
### END HIDDEN TESTS


# %% [markdown] id="perplexity_md"
# ## Part 4 (`perplexity`, 1 point): perplexity from the loss
#
# Given logits of shape `(batch_size, num_steps, vocab_size)` and integer
# labels `Y` of shape `(batch_size, num_steps)`, return (as a Python float)
# the perplexity
#
# $$\exp\Big(-\frac{1}{n}\sum_{i=1}^n \log \mathrm{softmax}(\mathbf{o}_i)_{y_i}\Big),$$
#
# the exponential of the mean cross-entropy over all $n$ predicted tokens.
# Compute the log-softmax in a numerically stable way: logits can be large.


# %% answer id="perplexity"
def perplexity(logits, Y):
    """Task perplexity: exp(mean cross-entropy) as a Python float."""
    ### BEGIN SOLUTION
    log_probs = npx.log_softmax(logits, axis=-1)
    picked = npx.pick(log_probs, Y, axis=-1)
    return math.exp(-float(picked.mean()))
    ### END SOLUTION


# %% tests id="perplexity_tests" points=1
"""perplexity: uniform logits give vocab_size; sure predictions give 1."""
part = "perplexity"
Y = np.array([[0, 1, 2], [3, 4, 0]])
ppl = checks.expect_implemented(part, perplexity, np.zeros((2, 3, 5)), Y)
checks.expect(part, isinstance(ppl, float),
              f"perplexity should return a Python float, got {type(ppl)}")
checks.expect(part, abs(ppl - 5.0) < 1e-4,
              f"uniform logits over 5 tokens: got {ppl:.4f}, expected 5")
sure = npx.one_hot(Y, 5) * 30.0
ppl = perplexity(sure, Y)
checks.expect(part, abs(ppl - 1.0) < 1e-4,
              f"confident correct predictions: got {ppl:.4f}, expected 1")
### BEGIN HIDDEN TESTS
logits = np.random.normal(size=(4, 6, 28)) * 3
Y = np.random.randint(0, 28, size=(4, 6))
loss = d2l.Classifier.loss(None, logits, Y)
checks.expect(part, abs(perplexity(logits, Y) - math.exp(float(loss)))
              < 1e-3, "perplexity against Gluon's SoftmaxCrossEntropyLoss")
Y = np.random.randint(0, 28, size=(2, 3))
confident = npx.one_hot(Y, 28) * 200 + np.random.normal(size=(2, 3, 28))
ppl = perplexity(confident, Y)  # exp(200) overflows float32
checks.expect(part, math.isfinite(ppl) and abs(ppl - 1.0) < 1e-3,
              f"logits around 200 give perplexity {ppl}, expected 1.0: "
              "use a numerically stable log-softmax")
# One token of six confidently wrong (its logit 150 below the top one):
# its probability underflows to 0 in float32, its log-probability is -150.
Y = np.array([[0, 1, 2], [3, 4, 5]])
top = Y.copy()
top[1, 2] = 6
logits = npx.one_hot(top, 28) * 150
expected = math.exp(float(d2l.Classifier.loss(None, logits, Y)))
ppl = perplexity(logits, Y)
checks.expect(part, math.isfinite(ppl) and abs(ppl / expected - 1) < 1e-3,
              f"one token of six with a log-probability of -150: perplexity "
              f"{ppl:.4g}, expected {expected:.4g}: compute the "
              "log-probabilities directly, not as the log of a softmax")
### END HIDDEN TESTS


# %% [markdown] id="grad_clipping_md"
# ## Part 5 (`grad_clipping`, 2 points): clipping by the global norm
#
# `params` is a list of MXNet arrays whose `.grad` holds their gradients.
# Let $\|\mathbf{g}\|$ be the L2 norm of **all** gradients together (as if
# concatenated into one vector). If $\|\mathbf{g}\| > \theta$, scale every
# gradient in place by $\theta / \|\mathbf{g}\|$; otherwise leave them alone.
# Return $\|\mathbf{g}\|$ measured *before* clipping, as a Python float.


# %% answer id="grad_clipping"
def clip_gradients(params, theta):
    """Task grad_clipping: clip in place by the global norm; return the
    norm before clipping."""
    ### BEGIN SOLUTION
    norm = math.sqrt(sum(float((p.grad ** 2).sum()) for p in params))
    if norm > theta:
        for p in params:
            p.grad[:] *= theta / norm
    return norm
    ### END SOLUTION


# %% tests id="grad_clipping_tests" points=2
"""grad_clipping: small gradients unchanged, large ones scaled to theta."""
part = "grad_clipping"
params_with_grads = checks.params_with_grads
ps = params_with_grads(np.array([3.0, 0.0]), np.array([[4.0]]))
norm = checks.expect_implemented(part, clip_gradients, ps, 10.0)
checks.expect(part, isinstance(norm, float) and abs(norm - 5) < 1e-5,
              f"gradients (3, 0) and (4,) have global norm 5, got {norm}")
checks.expect_close(part, ps[0].grad, np.array([3.0, 0.0]),
                    "a gradient whose norm is below theta (unchanged)")
norm = clip_gradients(ps, 1.0)
checks.expect_close(part, ps[0].grad, np.array([0.6, 0.0]),
                    "first gradient after clipping norm 5 to theta = 1")
checks.expect_close(part, ps[1].grad, np.array([[0.8]]),
                    "second gradient after clipping norm 5 to theta = 1")
### BEGIN HIDDEN TESTS
# Each gradient alone is below theta, together they are above: only the
# global norm catches this.
ps = params_with_grads(np.array([0.8]), np.array([0.8]))
norm = clip_gradients(ps, 1.0)
checks.expect(part, abs(norm - math.sqrt(1.28)) < 1e-5,
              "the norm must be the global norm over all parameters")
checks.expect_close(part, ps[0].grad, np.array([0.8 / math.sqrt(1.28)]),
                    "clipping must use the global norm, not each one's")
shapes = [(3, 4), (4,), (4, 4), (2, 3, 2)]
grads = [np.random.normal(size=s) * 10 for s in shapes]
ps = params_with_grads(*grads)
total = math.sqrt(sum(float((g ** 2).sum()) for g in grads))
norm = clip_gradients(ps, 2.5)
checks.expect(part, abs(norm - total) < 1e-3 * total,
              "return the norm measured before clipping")
for p, g in zip(ps, grads):
    checks.expect_close(part, p.grad, g * 2.5 / total,
                        "clipped gradient (direction must not change)")
### END HIDDEN TESTS


# %% [markdown] id="predict_md"
# ## Part 6 (`predict`, 2 points): generating text with warm-up
#
# A trained language model is given to you as a function
# `step_fn(token, state) -> (logits, state)`: it reads one token index and
# returns the logits of the next token (shape `(vocab_size,)`) and its new
# state. The first call gets `state=None`.
#
# Write `predict(prefix, num_preds, step_fn, vocab)`: first *warm up* by
# feeding the characters of `prefix` one at a time (their predictions are
# ignored, but the state absorbs the prefix), then generate `num_preds`
# characters greedily (argmax), each fed back as the next input. Return the
# prefix followed by the generated characters. Use `vocab[ch]` for a
# character's index and `vocab.idx_to_token[i]` for the inverse.


# %% answer id="predict"
def predict(prefix, num_preds, step_fn, vocab):
    """Task predict: prefix + num_preds greedily generated characters."""
    ### BEGIN SOLUTION
    state, outputs = None, [vocab[prefix[0]]]
    for i in range(len(prefix) + num_preds - 1):
        logits, state = step_fn(outputs[-1], state)
        if i < len(prefix) - 1:  # warm-up: the next input is given
            outputs.append(vocab[prefix[i + 1]])
        else:
            outputs.append(int(logits.argmax()))
    return "".join(vocab.idx_to_token[i] for i in outputs)
    ### END SOLUTION


# %% tests id="predict_tests" points=2
"""predict: a toy model whose output depends on every token it has read."""
part = "predict"
letters = d2l.Vocab(list("abcdefgh"))  # '<unk>' is 0, 'a' is 1, ...


def toy_step(token, state):
    """Counts the tokens read; predicts (token + count) % 8 + 1."""
    count = 1 if state is None else state + 1
    return npx.one_hot(np.array([(token + count) % 8 + 1]), 9)[0], count


text = checks.expect_implemented(part, predict, "ab", 3, toy_step, letters)
checks.expect(part, isinstance(text, str),
              f"predict should return a str, got {type(text).__name__}")
checks.expect(part, text.startswith("ab") and len(text) == 5,
              f"predict('ab', 3, ...) should be 'ab' plus 3 characters, "
              f"got {text!r}")
checks.expect(part, text == "abeaf",
              f"predict('ab', 3, toy_step, letters) returned {text!r}, "
              "expected 'abeaf': is every prefix character fed to the "
              "model once, in order, before the first prediction?")
### BEGIN HIDDEN TESTS
checks.expect(part, predict("hgfedc", 4, toy_step, letters) == "hgfedcbbce",
              "a longer prefix (warm-up of 5 steps)")
checks.expect(part, predict("c", 2, toy_step, letters) == "ceh",
              "a one-character prefix (no warm-up)")
from seqmodels.rnn import RNNLMScratch, RNNScratch, lm_step_fn

seqmodels.set_seed(7)
lm = RNNLMScratch(RNNScratch(len(vocab), 16, sigma=0.5), len(vocab))
for prefix in ["time traveller ", "it"]:
    expected = lm.predict(prefix, 12, vocab, device)
    got = predict(prefix, 12, lm_step_fn(lm, device), vocab)
    checks.expect(part, got == expected,
                  f"on an RNN language model: got {got!r}, expected "
                  f"{expected!r}")
### END HIDDEN TESTS


# %% [markdown] id="sequential_partition_md"
# ## Part 7 (`sequential_partition`, 2 points): sequential minibatches
#
# Write a generator `seq_data_iter_sequential(corpus, batch_size, num_steps,
# offset)` over a list of token indices. Drop the first `offset` tokens, keep
# the largest number of the remaining tokens that leaves room for the shifted
# labels and divides by `batch_size`, and split them into `batch_size` rows
# laid side by side. Then yield `(X, Y)` pairs of shape `(batch_size,
# num_steps)`, walking along the rows `num_steps` columns at a time, where
# `Y` is `X` shifted one token ahead in the text. Row `i` of minibatch `k+1`
# must continue row `i` of minibatch `k`, so a hidden state can be carried
# across minibatches. Drop a last, shorter minibatch.


# %% answer id="sequential_partition"
def seq_data_iter_sequential(corpus, batch_size, num_steps, offset):
    """Task sequential_partition: yield (X, Y) minibatches in order."""
    ### BEGIN SOLUTION
    num_tokens = (len(corpus) - offset - 1) // batch_size * batch_size
    Xs = np.array(corpus[offset:offset + num_tokens])
    Ys = np.array(corpus[offset + 1:offset + 1 + num_tokens])
    Xs, Ys = Xs.reshape(batch_size, -1), Ys.reshape(batch_size, -1)
    for i in range(0, Xs.shape[1] // num_steps * num_steps, num_steps):
        yield Xs[:, i:i + num_steps], Ys[:, i:i + num_steps]
    ### END SOLUTION


# %% tests id="sequential_partition_tests" points=2
"""sequential_partition: batches of range(35), in order, labels shifted."""
part = "sequential_partition"
batches = checks.expect_implemented(
    part, lambda: list(seq_data_iter_sequential(list(range(35)), 2, 5, 0)),
    name="seq_data_iter_sequential")
checks.expect(part, len(batches) == 3,
              f"35 tokens, batch_size 2, num_steps 5: expected 3 "
              f"minibatches, got {len(batches)}")
X, Y = batches[0]
checks.expect_close(part, X, np.array([[0, 1, 2, 3, 4],
                                       [17, 18, 19, 20, 21]]),
                    "X of the first minibatch")
for k, (X, Y) in enumerate(batches):
    checks.expect_close(part, Y, X + 1,
                        f"Y of minibatch {k} (X shifted by one token)")
checks.expect_close(part, batches[1][0][:, 0], batches[0][0][:, -1] + 1,
                    "first column of minibatch 1 (continues minibatch 0)")
### BEGIN HIDDEN TESTS
from seqmodels.data import seq_data_iter_sequential as reference_iter

tokens = [int(t) for t in np.random.randint(0, 28, size=1000)]
# (4, 7, 19): rows of 245 tokens, exactly 35 windows of 7.
for batch_size, num_steps, offset in [(4, 7, 0), (4, 7, 6), (3, 10, 2),
                                      (4, 7, 19)]:
    got = list(seq_data_iter_sequential(tokens, batch_size, num_steps,
                                        offset))
    want = list(reference_iter(tokens, batch_size, num_steps, offset))
    checks.expect(part, len(got) == len(want),
                  f"{len(got)} minibatches, expected {len(want)} "
                  f"(batch_size={batch_size}, num_steps={num_steps}, "
                  f"offset={offset})")
    for (X, Y), (X_ref, Y_ref) in zip(got, want):
        checks.expect(part, isinstance(X, np.ndarray) and isinstance(
            Y, np.ndarray), "X and Y should be MXNet arrays (the notebook's "
            f"np), got {type(X).__module__}.{type(X).__name__}")
        checks.expect_close(part, X, X_ref, f"X with offset {offset}")
        checks.expect_close(part, Y, Y_ref, f"Y with offset {offset}")
### END HIDDEN TESTS


# %% [markdown] id="train_lm_md"
# ## Part 8 (`train_lm`, 3 points): a language model within a budget
#
# Train a character-level language model on *The Time Machine* (the
# course's `TimeMachine` data: 10,000 training windows of 32 characters, the
# next 5,000 windows for validation) so that its **validation perplexity is
# at most 8.0** after at most **1,600,000 training tokens** (five passes over
# the 320,000 training characters). The budget counts the characters the
# model is trained to predict, not seconds, so it is the same on a busy
# machine as on an idle one: the trainer below stops at the minibatch that
# reaches it, in the middle of an epoch if need be, then measures the
# validation perplexity. (The reference solution trains in about 9 seconds
# here on an idle 2-core CPU; training is cut, and fails, only after 120
# seconds.)
#
# The settings of the book's from-scratch RNN (32 hidden units, batch size
# 1024, learning rate 1) reach a validation perplexity of 15.3 within this
# budget: not enough. Choose a model (any recurrent layer of
# `mxnet.gluon.rnn` or `d2l`, wrapped in `seqmodels.rnn.RNNLM`) and
# hyperparameters that do better. Think about the batch size (how many
# updates fit in the budget?), the cell type, the width, the learning rate,
# and when the model starts to overfit the 10,000 training characters.


# %% locked id="train_lm_budget"
TRAIN_BUDGET_TOKENS, TARGET_PPL = 1_600_000, 8.0
SAFETY_SECONDS = 120  # stops a runaway model only, never a good one


# %% answer id="train_lm"
from seqmodels.rnn import GluonRNN, RNNLM  # noqa: F401, I001 (for your model)

### BEGIN SOLUTION
HPARAMS = dict(batch_size=128, num_hiddens=96, lr=4.0, max_epochs=10,
               gradient_clip_val=1.0)


def make_model(vocab_size, num_hiddens, lr):
    """Task train_lm: a d2l language model to train."""
    return RNNLM(d2l.GRU(num_hiddens, num_layers=1), vocab_size, lr=lr)
### END SOLUTION


# %% locked id="train_lm_run"
from seqmodels.train import LMTrainer

seqmodels.set_seed()
lm_data = TimeMachine(HPARAMS["batch_size"], 32, num_train=10000,
                      num_val=5000)
lm = make_model(len(lm_data.vocab), HPARAMS["num_hiddens"], HPARAMS["lr"])
lm_trainer = LMTrainer(HPARAMS["max_epochs"], HPARAMS["gradient_clip_val"],
                       device=device, label="your model",
                       max_seconds=SAFETY_SECONDS,
                       max_tokens=TRAIN_BUDGET_TOKENS)
lm_history = lm_trainer.fit(lm, lm_data)


# %% locked id="train_lm_sample"
# What your model writes after "time traveller " (with your `predict`).
print(predict("time traveller ", 40, seqmodels.rnn.lm_step_fn(lm, device),
              lm_data.vocab))


# %% tests id="train_lm_tests" points=3
"""train_lm: validation perplexity <= 8.0 within 1,600,000 tokens."""
part = "train_lm"
checks.expect(part, "lm_history" in globals(),
              "the training cell did not run: check HPARAMS and make_model")
val_ppl = lm_history.val_ppl[-1]
checks.expect(part, val_ppl <= TARGET_PPL,
              f"validation perplexity {val_ppl:.2f} is above the target "
              f"{TARGET_PPL}")
### BEGIN HIDDEN TESTS
# The grader builds the model that make_model describes from the
# library's classes, trains it within the budget and measures it itself.
from seqmodels.gated import GluonGRU, GluonLSTM

remeasured_ppl = checks.expect_retrained_within_budget(
    part, HPARAMS, lm, TRAIN_BUDGET_TOKENS, TARGET_PPL,
    {seqmodels.rnn.RNNLM: (seqmodels.rnn.GluonRNN, d2l.RNN, d2l.GRU,
                           GluonGRU, GluonLSTM)}, device=device,
    safety_seconds=SAFETY_SECONDS)
### END HIDDEN TESTS
