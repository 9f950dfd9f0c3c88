"""Source of the BPTT exercise: solutions/bptt/bptt.ipynb.

A percent-format notebook (the format is in authoring/nbsource.py): each
``# %%`` line starts a cell. Run it as a script to check the solution and
every visible and hidden test: ``python assignments/bptt/source.py``. Then
``make release ASSIGNMENT=bptt`` writes the notebook (``python
authoring/nbsource.py bptt``) and the student version, exercises/bptt/.
"""


# %% [markdown] id="intro"
# # Exercise: backpropagation through time by hand
#
# This assignment goes with the chapter *Backpropagation Through Time* of
# the book. MXNet's autograd computes the gradients of a recurrent network
# for you; here you compute them yourself for the vanilla tanh RNN
#
# $$\mathbf{H}_t = \tanh(\mathbf{X}_t \mathbf{W}_{xh} +
# \mathbf{H}_{t-1} \mathbf{W}_{hh} + \mathbf{b}_h),$$
#
# first for one step, then over a whole sequence with optional truncation,
# and finally you follow a gradient back in time through the product of
# recurrent Jacobians.
#
# **How to work.** Fill in every cell that says `# YOUR CODE HERE` (delete
# the `raise NotImplementedError()` line). Do not rename the functions, and
# do not edit the other cells: the grader restores them. Use MXNet's `np`
# operations and keep the dtype of the inputs: the tests work in
# **float64**. Do not use `autograd` in your answers: the point is to write
# the backward pass yourself.
#
# **How you are graded.** The visible test under each function checks
# shapes and a small hand-made case. The hidden tests compare your
# gradients with MXNet autograd and with centred finite differences
# (`checks.numeric_gradient`) in float64. The tolerances are stated in each
# part: a relative error (largest over the entries, as in CS231n) below
# $10^{-7}$ against numeric gradients and $10^{-10}$ against autograd. A
# correct float64 implementation reaches about $10^{-9}$ and $10^{-15}$; a
# wrong one is off by much more than that.
#
# **Check yourself** before you hand in, from the repository root:
#
# ```
# .venv/bin/nbgrader validate exercises/bptt/bptt.ipynb
# ```
#
# @@PARTS_TABLE@@
#
# Each part's tests are all or nothing. Parts 3 and 5 take the function of
# an earlier part as an argument, so the grader can test each part on its
# own. The whole notebook runs in well under a minute on a 2-core CPU.


# %% locked id="setup"
import numpy as onp
from mxnet import autograd, np, npx

import seqmodels
from seqmodels import checks

seqmodels.set_seed()


def randn64(*shape, scale=1.0):
    """A float64 MXNet array of normal samples."""
    return np.random.normal(size=shape).astype("float64") * scale


# %% [markdown] id="rnn_forward_cache_md"
# ## Part 1 (`rnn_forward_cache`, 2 points): a forward pass that remembers
#
# The backward pass needs, at every step, the values the forward pass
# used. Write `rnn_forward_cache(inputs, H, W_xh, W_hh, b_h)`: `inputs` has
# shape `(num_steps, batch_size, num_inputs)` and `H` (shape `(batch_size,
# num_hiddens)`) is the initial state. Return
#
# * `H_all`, the hidden states of all steps, shape `(num_steps, batch_size,
#   num_hiddens)`;
# * `caches`, a list with one tuple per step `t`:
#   `(X_t, H_prev, W_xh, W_hh, H_t)`, where `H_prev` is the state the step
#   *read* and `H_t` the state it *computed*.
#
# You may use `seqmodels.rnn.rnn_step` for the step itself.


# %% answer id="rnn_forward_cache"
from seqmodels.rnn import rnn_step


def rnn_forward_cache(inputs, H, W_xh, W_hh, b_h):
    """Task rnn_forward_cache: returns (H_all, caches)."""
    ### BEGIN SOLUTION
    caches, states = [], []
    for t in range(inputs.shape[0]):
        H_new = rnn_step(inputs[t], H, W_xh, W_hh, b_h)
        caches.append((inputs[t], H, W_xh, W_hh, H_new))
        states.append(H_new)
        H = H_new
    return np.stack(states, axis=0), caches
    ### END SOLUTION


# %% tests id="rnn_forward_cache_tests" points=2
"""rnn_forward_cache: shapes, and each cache holds (X_t, H_prev, .., H_t)."""
part = "rnn_forward_cache"
inputs, H0 = randn64(4, 2, 3), randn64(2, 5)
W_xh, W_hh, b_h = randn64(3, 5), randn64(5, 5, scale=0.5), randn64(5)
H_all, caches = checks.expect_implemented(part, rnn_forward_cache, inputs,
                                          H0, W_xh, W_hh, b_h)
checks.expect_shape(part, H_all, (4, 2, 5), "H_all")
checks.expect(part, len(caches) == 4 and all(len(c) == 5 for c in caches),
              "caches should hold one 5-tuple per time step")
checks.expect(part, H_all.dtype == np.float64,
              f"H_all should keep the float64 dtype, got {H_all.dtype}")
checks.expect_close(part, caches[0][1], H0,
                    "H_prev of step 0 (the initial state)")
checks.expect_close(part, caches[2][1], H_all[1],
                    "H_prev of step 2 (the state of step 1)")
checks.expect_close(part, caches[3][4], H_all[3], "H_t of step 3")
### BEGIN HIDDEN TESTS
# Against Gluon's fused tanh RNN (float32) with the same weights.
from mxnet.gluon import rnn as gluon_rnn

from seqmodels.rnn import from_gluon_layout, gluon_layer_params
from seqmodels.rnn import rnn_step as ref_rnn_step

layer = gluon_rnn.RNN(5, activation="tanh", input_size=3)
layer.initialize()
W_x, W_h, b = from_gluon_layout(gluon_layer_params(layer))
x32, h32 = inputs.astype("float32"), H0.astype("float32")
want, _ = layer(x32, [np.expand_dims(h32, 0)])
got, got_caches = rnn_forward_cache(x32, h32, W_x, W_h, b)
checks.expect_close(part, got, want, "H_all against gluon.rnn.RNN",
                    rtol=1e-4, atol=1e-5)
for t, (X_t, H_prev, Wx, Wh, H_t) in enumerate(caches):
    checks.expect_close(part, X_t, inputs[t], f"X_t of step {t}")
    checks.expect_close(part, H_prev, H_all[t - 1] if t else H0,
                        f"H_prev of step {t}")
    checks.expect_close(part, Wx, W_xh, f"W_xh in the cache of step {t}")
    checks.expect_close(part, Wh, W_hh, f"W_hh in the cache of step {t}")
    checks.expect_close(part, H_t, H_all[t], f"H_t of step {t}")
# Against the tanh RNN in float64 with the notebook's non-zero bias b_h
# (Gluon's biases above start at 0).
H_ref, want_all = H0, []
for t in range(inputs.shape[0]):
    H_ref = ref_rnn_step(inputs[t], H_ref, W_xh, W_hh, b_h)
    want_all.append(H_ref)
checks.expect_close(part, H_all, np.stack(want_all), "H_all against "
                    "tanh(X_t W_xh + H_prev W_hh + b_h) with a non-zero "
                    "bias b_h")
### END HIDDEN TESTS


# %% [markdown] id="rnn_step_backward_md"
# ## Part 2 (`rnn_step_backward`, 3 points): one step backwards
#
# Given `dH`, the gradient of the loss with respect to the state $\mathbf{H}_t$
# that a step computed (shape `(batch_size, num_hiddens)`), and that step's
# cache, return the gradients with respect to everything the step read:
#
# `(dX, dH_prev, dW_xh, dW_hh, db_h)`,
#
# each with the shape of the corresponding quantity. Write
# $\mathbf{A}_t = \mathbf{X}_t \mathbf{W}_{xh} + \mathbf{H}_{t-1}
# \mathbf{W}_{hh} + \mathbf{b}_h$ for the pre-activation. You need the
# derivative of tanh expressed through its output, $\tanh'(a) = 1 -
# \tanh(a)^2$, and the rule for a matrix product: if
# $\mathbf{Y} = \mathbf{A} \mathbf{B}$ then the gradient flowing to
# $\mathbf{A}$ is $\partial \mathbf{Y} \, \mathbf{B}^\top$ and the one to
# $\mathbf{B}$ is $\mathbf{A}^\top \partial \mathbf{Y}$. The bias is added
# to every row of the batch.
#
# Tolerance of the hidden tests: relative error below $10^{-10}$ against
# MXNet autograd and below $10^{-7}$ against centred numeric gradients
# (step $10^{-5}$), both in float64.


# %% answer id="rnn_step_backward"
def rnn_step_backward(dH, cache):
    """Task rnn_step_backward: returns (dX, dH_prev, dW_xh, dW_hh, db_h)."""
    X, H_prev, W_xh, W_hh, H = cache
    ### BEGIN SOLUTION
    d_pre = (1 - np.square(H)) * dH  # back through tanh, by its output
    dX = d_pre @ W_xh.T
    dH_prev = d_pre @ W_hh.T
    return dX, dH_prev, X.T @ d_pre, H_prev.T @ d_pre, np.sum(d_pre, 0)
    ### END SOLUTION


# %% tests id="rnn_step_backward_tests" points=3
"""rnn_step_backward: shapes and the hand-checkable case H_t = 0."""
part = "rnn_step_backward"
X, H_prev = randn64(2, 3), randn64(2, 4)
W_xh, W_hh = randn64(3, 4), randn64(4, 4)
# With H_t = 0, tanh'(A) = 1: the step is linear there.
cache = (X, H_prev, W_xh, W_hh, np.zeros((2, 4), dtype="float64"))
dH = randn64(2, 4)
grads = checks.expect_implemented(part, rnn_step_backward, dH, cache)
checks.expect(part, len(grads) == 5,
              "return the 5 gradients (dX, dH_prev, dW_xh, dW_hh, db_h)")
for g, x, name in zip(grads, (X, H_prev, W_xh, W_hh, W_hh[0]),
                      ("dX", "dH_prev", "dW_xh", "dW_hh", "db_h")):
    checks.expect_shape(part, g, x.shape, name)
checks.expect_close(part, grads[4], dH.sum(axis=0), "db_h when H_t = 0")
checks.expect_close(part, grads[2], X.T @ dH, "dW_xh when H_t = 0")
### BEGIN HIDDEN TESTS
from seqmodels.rnn import rnn_step as ref_step

X, H_prev, b_h = randn64(3, 5), randn64(3, 6), randn64(6, scale=0.5)
W_xh, W_hh = randn64(5, 6, scale=0.5), randn64(6, 6, scale=0.5)
C = randn64(3, 6)  # loss = sum(C * H_t), so dL/dH_t = C
H = ref_step(X, H_prev, W_xh, W_hh, b_h)
got = rnn_step_backward(C, (X, H_prev, W_xh, W_hh, H))
inputs_ = [X, H_prev, W_xh, W_hh, b_h]
names = ["dX", "dH_prev", "dW_xh", "dW_hh", "db_h"]
for i, name in enumerate(names):
    def loss(v, i=i):
        args = list(inputs_)
        args[i] = v
        return (ref_step(*args) * C).sum()
    auto = checks.autograd_gradient(loss, inputs_[i])
    err = checks.rel_error(got[i], auto)
    checks.expect(part, err < 1e-10, f"{name}: relative error {err:.2e} "
                  "against autograd (should be < 1e-10)")
    if name in ("dH_prev", "dW_hh"):
        num = checks.numeric_gradient(loss, inputs_[i], eps=1e-5)
        err = checks.norm_rel_error(got[i], num)
        checks.expect(part, err < 1e-7, f"{name}: relative error {err:.2e}"
                      " against numeric gradients (should be < 1e-7)")
### END HIDDEN TESTS


# %% [markdown] id="rnn_backward_md"
# ## Part 3 (`rnn_backward`, 3 points): through time, full or truncated
#
# `dH_all` (shape `(num_steps, batch_size, num_hiddens)`) holds the gradient
# that reaches each $\mathbf{H}_t$ *directly* from the loss (through the
# output layer at step $t$). The state $\mathbf{H}_t$ also feeds step
# $t+1$, so the total gradient at $\mathbf{H}_t$ is `dH_all[t]` plus what
# step $t+1$ sends back as its `dH_prev`. Walk the steps from last to first,
# call `step_backward(dH, caches[t])` (do not call your Part 2 function
# directly), and **accumulate** the parameter gradients over all steps: the
# same weights serve every step.
#
# Return `(dX_all, dH0, dW_xh, dW_hh, db_h)`: `dX_all` stacked to the shape
# of the inputs, `dH0` the gradient with respect to the initial state.
#
# **Truncation.** `truncation=None` is full BPTT. With `truncation=k` the
# sequence is cut into chunks of `k` steps, starting at step 0: steps
# `0..k-1`, `k..2k-1`, ... At the start of every chunk except the first,
# the forward pass would have detached the state (`H.detach()`), so no
# gradient flows from step $jk$ back into step $jk-1$. Within a chunk the
# gradient flows as usual, and the first chunk still reaches `H0`. (This is
# `seqmodels.bptt.truncated_forward`'s rule.)
#
# Tolerance of the hidden tests: relative error below $10^{-10}$ against
# MXNet autograd through a forward pass with `detach()` at the same places,
# in float64.


# %% answer id="rnn_backward"
def rnn_backward(dH_all, caches, truncation=None,
                 step_backward=rnn_step_backward):
    """Task rnn_backward: returns (dX_all, dH0, dW_xh, dW_hh, db_h)."""
    ### BEGIN SOLUTION
    num_steps = len(caches)
    totals, dX_all = None, [None] * num_steps
    from_later = np.zeros_like(dH_all[0])
    for t in range(num_steps - 1, -1, -1):
        dX_t, dH0, *param_grads = step_backward(dH_all[t] + from_later,
                                                caches[t])
        dX_all[t] = dX_t
        totals = param_grads if totals is None else [
            a + b for a, b in zip(totals, param_grads)]
        chunk_start = truncation is not None and t % truncation == 0
        from_later = dH0 * 0 if chunk_start else dH0
    return (np.stack(dX_all), dH0, *totals)
    ### END SOLUTION


# %% tests id="rnn_backward_tests" points=3
"""rnn_backward: the loop on a toy step that halves the carried gradient."""
part = "rnn_backward"


def halving_step_backward(dH, cache):
    """A toy step: dX = dH, dH_prev = dH / 2, parameter gradients count."""
    X, H_prev, W_xh, W_hh, H = cache
    return (dH, dH / 2, np.ones_like(W_xh) * dH.sum(),
            np.ones_like(W_hh), dH.sum(axis=0))


def toy_expected(num_steps, truncation):
    """What the toy gives for dH_all = ones (one example, one unit)."""
    total, carry = [0.0] * num_steps, 0.0
    for t in reversed(range(num_steps)):
        total[t] = 1 + carry
        cut = truncation is not None and t % truncation == 0
        carry = 0.0 if cut else total[t] / 2
    return total


z = np.zeros((1, 1), dtype="float64")
toy_caches = [(z, z, z, z, z) for _ in range(6)]
ones = np.ones((6, 1, 1), dtype="float64")
for k in (None, 4, 2):
    out = checks.expect_implemented(part, rnn_backward, ones, toy_caches,
                                    k, halving_step_backward)
    checks.expect(part, len(out) == 5, "return 5 gradients")
    want = toy_expected(6, k)
    checks.expect_close(part, out[0].reshape(-1), np.array(want),
                        f"dX_all with truncation={k} (toy step)")
    checks.expect_close(part, out[3], np.array([[6.0]]),
                        f"dW_hh with truncation={k}: accumulate all steps")
    checks.expect_close(part, out[4], np.array([sum(want)]),
                        f"db_h with truncation={k}")
### BEGIN HIDDEN TESTS
from seqmodels.rnn import rnn_step as ref_step


def ref_step_backward(dH, cache):
    """Autograd through one step: the reference of Part 2."""
    X, H_prev, W_xh, W_hh, H = cache
    xs = [v.copy() for v in (X, H_prev, W_xh, W_hh)]
    # The bias that reproduces the cached H_t (one row per example).
    b = np.arctanh(H) - np.dot(X, W_xh) - np.dot(H_prev, W_hh)
    for v in xs + [b]:
        v.attach_grad()
    with autograd.record():
        out = (ref_step(*xs, b) * dH).sum()
    out.backward()
    return tuple(v.grad for v in xs) + (b.grad.sum(axis=0),)


def ref_caches(inputs, H, W_xh, W_hh, b_h):
    result = []
    for X_t in inputs:
        H_next = ref_step(X_t, H, W_xh, W_hh, b_h)
        result.append((X_t, H, W_xh, W_hh, H_next))
        H = H_next
    return result


def autograd_bptt(inputs, H0, W_xh, W_hh, b_h, dH_all, truncation):
    """Gradients of sum(dH_all * H_all), detaching where truncation cuts."""
    vs = [v.copy() for v in (inputs, H0, W_xh, W_hh, b_h)]
    for v in vs:
        v.attach_grad()
    with autograd.record():
        H, states = vs[1], []
        for t in range(inputs.shape[0]):
            if truncation and t and t % truncation == 0:
                H = H.detach()
            H = ref_step(vs[0][t], H, vs[2], vs[3], vs[4])
            states.append(H)
        loss = (np.stack(states) * dH_all).sum()
    loss.backward()
    return [v.grad for v in vs]


T, B, I, N = 9, 3, 4, 5
inputs, H0 = randn64(T, B, I), randn64(B, N)
W_xh, W_hh, b_h = randn64(I, N), randn64(N, N, scale=0.6), randn64(N)
dH_all = randn64(T, B, N)
caches = ref_caches(inputs, H0, W_xh, W_hh, b_h)
names = ["dX_all", "dH0", "dW_xh", "dW_hh", "db_h"]
for k in (None, 1, 3, 4, 9):
    got = rnn_backward(dH_all, caches, k, ref_step_backward)
    want = autograd_bptt(inputs, H0, W_xh, W_hh, b_h, dH_all, k)
    for g, w, name in zip(got, want, names):
        err = checks.rel_error(g, w)
        checks.expect(part, err < 1e-10,
                      f"{name} with truncation={k}: relative error "
                      f"{err:.2e} against autograd (should be < 1e-10)")
### END HIDDEN TESTS


# %% [markdown] id="recurrent_jacobian_md"
# ## Part 4 (`recurrent_jacobian`, 1 point): one factor of the product
#
# The gradient travels from $\mathbf{H}_t$ to $\mathbf{H}_{t-1}$ through the
# Jacobian $\partial \mathbf{H}_t / \partial \mathbf{H}_{t-1}$, whose entry
# $(i, j)$ is $\partial H_{t,i} / \partial H_{t-1,j}$. For the tanh RNN it
# is $\operatorname{diag}(1 - \mathbf{H}_t^2)\, \mathbf{W}_{hh}^\top$.
# Write `recurrent_jacobian(H, W_hh)` for a batch: `H` (shape `(batch_size,
# num_hiddens)`) is the state the step computed; return an array of shape
# `(batch_size, num_hiddens, num_hiddens)` with one Jacobian per example.
#
# Tolerance of the hidden tests: relative error below $10^{-10}$ against
# the Jacobian assembled from MXNet autograd, in float64.


# %% answer id="recurrent_jacobian"
def recurrent_jacobian(H, W_hh):
    """Task recurrent_jacobian: (batch_size, num_hiddens, num_hiddens)."""
    ### BEGIN SOLUTION
    gain = 1 - H * H
    return gain[:, :, None] * np.transpose(W_hh)[None, :, :]
    ### END SOLUTION


# %% tests id="recurrent_jacobian_tests" points=1
"""recurrent_jacobian: shape, and W_hh^T where the state is 0."""
part = "recurrent_jacobian"
W_hh = randn64(3, 3)
J = checks.expect_implemented(part, recurrent_jacobian,
                              np.zeros((2, 3), dtype="float64"), W_hh)
checks.expect_shape(part, J, (2, 3, 3), "the Jacobians of 2 examples")
checks.expect_close(part, J[1], W_hh.T,
                    "the Jacobian at H_t = 0 (entry (i, j) is dH_i/dH_j)")
### BEGIN HIDDEN TESTS
from seqmodels.rnn import rnn_step as ref_step

B, N = 3, 4
X, W_xh = randn64(B, 2), randn64(2, N)
W_hh, b_h, H_prev = randn64(N, N), randn64(N, scale=0.5), randn64(B, N)
H = ref_step(X, H_prev, W_xh, W_hh, b_h)
rows = []
for i in range(N):  # row i: gradient of unit i of H_t w.r.t. H_{t-1}
    rows.append(checks.autograd_gradient(
        lambda h, i=i: ref_step(X, h, W_xh, W_hh, b_h)[:, i].sum(),
        H_prev))
want = np.stack(rows, axis=1)
err = checks.rel_error(recurrent_jacobian(H, W_hh), want)
checks.expect(part, err < 1e-10, f"relative error {err:.2e} against "
              "autograd (should be < 1e-10)")
### END HIDDEN TESTS


# %% [markdown] id="gradient_norms_md"
# ## Part 5 (`gradient_norms`, 2 points): a gradient travelling back
#
# This is how the book measures vanishing gradients. `dH_last` (shape
# `(batch_size, num_hiddens)`) is the gradient of a loss with respect to the
# last state $\mathbf{H}_{T}$ of a sequence, and `caches` are the caches of
# the forward pass (Part 1's format; only `W_hh` and `H_t` are needed).
# Carry the gradient back one step at a time with the chain rule,
# $\partial L / \partial \mathbf{H}_{t-1} = \partial L / \partial
# \mathbf{H}_t \; \partial \mathbf{H}_t / \partial \mathbf{H}_{t-1}$ (one row
# vector per example), using `jacobian(H_t, W_hh)` (do not call your Part 4
# function directly).
#
# Return a **numpy** array (`.asnumpy()`) of length `num_steps`: entry `k` is
# the mean over the batch of the Euclidean norm of the gradient with
# respect to the state `k` steps before the last. Entry 0 is the norm of
# `dH_last` itself; entry `num_steps - 1` is the gradient at the state
# computed by step 0 (not the initial state).
#
# Tolerance of the hidden tests: relative error below $10^{-4}$ against
# `seqmodels.bptt.state_gradient_norms` (float32, MXNet autograd) and
# $10^{-10}$ against autograd in float64.


# %% answer id="gradient_norms"
def gradient_norms(dH_last, caches, jacobian=recurrent_jacobian):
    """Task gradient_norms: numpy array (num_steps,) of mean norms."""
    ### BEGIN SOLUTION
    g, result = dH_last, []
    for step in range(len(caches) - 1, -1, -1):
        result.append(float(np.linalg.norm(g, axis=1).mean()))
        *_, W_hh, H_t = caches[step]
        g = np.einsum("bi,bij->bj", g, jacobian(H_t, W_hh))
    return onp.array(result)
    ### END SOLUTION


# %% tests id="gradient_norms_tests" points=2
"""gradient_norms: a toy Jacobian 0.5 * I halves the norm at every step."""
part = "gradient_norms"


def half_identity(H, W_hh):
    return 0.5 * np.broadcast_to(np.eye(H.shape[1], dtype=H.dtype),
                                 (H.shape[0], H.shape[1], H.shape[1]))


W, Z = np.ones((2, 2), dtype="float64"), np.zeros((2, 2), dtype="float64")
toy_caches = [(Z, Z, W, W, Z)] * 4
dH_last = np.array([[3.0, 4.0], [0.0, 1.0]], dtype="float64")
norms = checks.expect_implemented(part, gradient_norms, dH_last,
                                  toy_caches, half_identity)
checks.expect(part, isinstance(norms, onp.ndarray),
              f"return a numpy array, got {type(norms).__name__}")
checks.expect_close(part, norms, onp.array([3.0, 1.5, 0.75, 0.375]),
                    "norms with Jacobians 0.5 I (mean of 5 and 1 is 3)")
### BEGIN HIDDEN TESTS
from seqmodels.bptt import state_gradient_norms
from seqmodels.gated import RNNCellScratch
from seqmodels.rnn import rnn_step as ref_step


def ref_jacobian(H, W_hh):
    return np.einsum("bi,ji->bij", 1 - H ** 2, W_hh)


# 1. Against autograd in float64, with probes on every state.
T, B, I, N = 7, 3, 4, 5
inputs, W_xh = randn64(T, B, I), randn64(I, N)
W_hh, b_h = randn64(N, N, scale=0.7), randn64(N, scale=0.3)
C = randn64(B, N)  # loss = sum(C * H_T)
H = np.zeros((B, N), dtype="float64")
probes = [np.zeros((B, N), dtype="float64") for _ in range(T)]
for pr in probes:
    pr.attach_grad()
caches = []
with autograd.record():
    for t in range(T):
        H_next = ref_step(inputs[t], H, W_xh, W_hh, b_h) + probes[t]
        caches.append((inputs[t], H, W_xh, W_hh, H_next))
        H = H_next
    loss = (H * C).sum()
loss.backward()
want = onp.array([float(np.linalg.norm(pr.grad, axis=1).mean())
                  for pr in probes[::-1]])
got = gradient_norms(C, caches, ref_jacobian)
checks.expect(part, got.shape == (T,), f"shape {got.shape}, want ({T},)")
err = checks.rel_error(got, want)
checks.expect(part, err < 1e-10, f"relative error {err:.2e} against "
              "autograd (should be < 1e-10)")
# 2. Against the book's measurement, float32: the cross-entropy of the
# last prediction of a small language model.
seqmodels.set_seed(3)
V = 6
layer = RNNCellScratch(V, N, sigma=0.6)
W_hq = np.random.normal(size=(N, V))


def output_layer(S):
    return np.swapaxes(np.dot(S, W_hq), 0, 1)


tokens = np.random.randint(0, V, size=(T, B))
labels = np.random.randint(0, V, size=(B,))
xs = npx.one_hot(tokens, V)
want = state_gradient_norms(layer, output_layer, xs, labels)[:, 0]
H, caches = np.zeros((B, N)), []
for t in range(T):
    H_next = ref_step(xs[t], H, layer.W_xh, layer.W_hh, layer.b_h)
    caches.append((xs[t], H, layer.W_xh, layer.W_hh, H_next))
    H = H_next
dH_last = (npx.softmax(np.dot(H, W_hq)) - npx.one_hot(labels, V)) @ W_hq.T
got = gradient_norms(dH_last, caches, ref_jacobian)
err = checks.rel_error(got, want)
checks.expect(part, err < 1e-4, f"relative error {err:.2e} against "
              "seqmodels.bptt.state_gradient_norms (should be < 1e-4)")
### END HIDDEN TESTS
