"""Source of the bidirectional RNN exercise: solutions/birnn/birnn.ipynb.

A percent-format notebook (the format is in authoring/nbsource.py): each
``# %%`` line starts a cell. Run it as a script to check the solution and
every visible and hidden test: ``python assignments/birnn/source.py``. Then
``make release ASSIGNMENT=birnn`` writes the notebook (``python
authoring/nbsource.py birnn``) and the student version, exercises/birnn/.
"""


# %% [markdown] id="intro"
# # Exercise: bidirectional recurrent networks
#
# This assignment goes with the chapter *Bidirectional Recurrent Networks*
# of the book. You reverse a sequence in time, wrap any recurrent cell into
# a bidirectional layer, read the two directions' weights out of Gluon's
# fused bidirectional layers, show with autograd that a bidirectional
# output sees the future, and write the forward-backward recursion of a
# hidden Markov model.
#
# **How to work.** Fill in every cell that says `# YOUR CODE HERE` (delete the
# `raise NotImplementedError()` line). Do not rename the functions, and do not
# edit the other cells: the grader restores them. Run the cell under each
# function: its *visible tests* print what is wrong (shape, value, which
# part). The grader also runs *hidden tests* that compare your code with
# Gluon's bidirectional `rnn.GRU` and `rnn.LSTM` (outputs and gradients),
# so passing the visible tests is necessary but not sufficient.
#
# **Each part is graded on its own**: write every function so that it
# works without calling the functions of the other parts.
#
# **Check yourself** before you hand in, from the repository root:
#
# ```
# .venv/bin/nbgrader validate exercises/birnn/birnn.ipynb
# ```
#
# @@PARTS_TABLE@@
#
# Each part's tests are all or nothing. The whole notebook runs in well under
# a minute on a 2-core CPU.
#
# **The course's cell interface.** A recurrent cell is a step function
# `step(X, state, *params) -> (H, state)`: `X` has shape `(batch_size,
# num_inputs)`, `state` is a tuple of arrays (`(H,)` for an RNN or a GRU,
# `(H, C)` for an LSTM), and `H`, of shape `(batch_size, num_hiddens)`, is
# what the layer outputs at that step. Sequences have shape `(num_steps,
# batch_size, ...)`, time first, as in Gluon's recurrent layers.


# %% locked id="setup"
from mxnet import autograd, np
from mxnet.gluon import rnn

import seqmodels
from seqmodels import checks

seqmodels.set_seed()


def counter(X, state, a):
    """A toy cell: the state adds a * X at every step."""
    H = state[0] + a * X
    return H, (H,)


# %% [markdown] id="reverse_time_md"
# ## Part 1 (`reverse_time`, 1 point): turn a sequence around
#
# Return `X` with its time axis (axis 0) reversed: step `t` of the result
# is step `num_steps - 1 - t` of `X`. `X` has shape `(num_steps,
# batch_size, ...)` with any number of trailing axes; the batch and feature
# axes keep their order. Use MXNet's `np` (e.g. `np.flip`, or indexing),
# so that autograd can differentiate through it.


# %% answer id="reverse_time"
def reverse_time(X):
    """Task reverse_time: X with axis 0 (time) reversed."""
    ### BEGIN SOLUTION
    return np.flip(X, axis=0)
    ### END SOLUTION


# %% tests id="reverse_time_tests" points=1
"""reverse_time: shape, and only the time axis is reversed."""
part = "reverse_time"
X = np.arange(24).reshape(4, 3, 2)
R = checks.expect_implemented(part, reverse_time, X)
checks.expect_shape(part, R, (4, 3, 2), "the reversed sequence")
checks.expect_close(part, R[0], X[3], "step 0 of the result (should be "
                    "the last step of X, with batch and features unchanged)")
checks.expect_close(part, R[:, 1], np.stack([X[3 - t, 1]
                                            for t in range(4)]),
                    "batch row 1 (the batch axis must keep its order)")
### BEGIN HIDDEN TESTS
for shape in [(1, 2, 3), (7, 1, 5), (5, 3)]:
    X = np.random.normal(size=shape)
    R = reverse_time(X)
    checks.expect_shape(part, R, shape, f"result for shape {shape}")
    want = np.stack([X[len(X) - 1 - t] for t in range(len(X))])
    checks.expect_close(part, R, want, f"reversal for shape {shape}")
X = np.random.normal(size=(4, 2, 3))
X.attach_grad()
with autograd.record():
    y = (reverse_time(X) * np.arange(4).reshape(4, 1, 1)).sum()
y.backward()
want = np.broadcast_to(np.arange(3, -1, -1).reshape(4, 1, 1), (4, 2, 3))
checks.expect_close(part, X.grad, want.astype(X.dtype),
                    "gradient through reverse_time")
### END HIDDEN TESTS


# %% [markdown] id="birnn_forward_md"
# ## Part 2 (`birnn_forward`, 3 points): a bidirectional layer around any cell
#
# Run two copies of the same kind of cell over `inputs` (shape `(num_steps,
# batch_size, num_inputs)`):
#
# * the **forward** direction calls `step(X, state_f, *params_f)` on steps
#   $1, 2, \dots, T$, starting from `state_f`;
# * the **backward** direction calls `step(X, state_b, *params_b)` on
#   steps $T, T-1, \dots, 1$, starting from `state_b`, with its own
#   parameters and its own state;
# * the output at step $t$ is the forward output at $t$ and the backward
#   output **at the same step $t$** (the backward direction's outputs are
#   put back into the original time order), concatenated on the last axis,
#   forward first: shape `(num_steps, batch_size, 2 * num_hiddens)`.
#
# Return `(outputs, (last_state_f, last_state_b))`, where each last state
# is the tuple the cell returned after its final step (for the backward
# direction: after reading step 1). This is what Gluon's
# `rnn.GRU(..., bidirectional=True)` computes. Call `step`, never a
# particular cell, and do not call `reverse_time` (parts are graded on
# their own).


# %% answer id="birnn_forward"
def birnn_forward(inputs, step, params_f, params_b, state_f, state_b):
    """Task birnn_forward: returns (outputs, (last_state_f, last_state_b));
    outputs has shape (num_steps, batch_size, 2 * num_hiddens)."""
    ### BEGIN SOLUTION
    num_steps = inputs.shape[0]
    f_outputs, b_outputs = [], [None] * num_steps
    for t in range(num_steps):
        H, state_f = step(inputs[t], state_f, *params_f)
        f_outputs.append(H)
    for t in reversed(range(num_steps)):
        H, state_b = step(inputs[t], state_b, *params_b)
        b_outputs[t] = H
    outputs = np.concatenate([np.stack(f_outputs), np.stack(b_outputs)],
                             axis=-1)
    return outputs, (state_f, state_b)
    ### END SOLUTION


# %% tests id="birnn_forward_tests" points=3
"""birnn_forward: with a counting cell, which half is which and in which
order."""
part = "birnn_forward"
inputs = np.arange(1, 5, dtype="float32").reshape(4, 1, 1)  # 1, 2, 3, 4
zeros = (np.zeros((1, 1)),)
result = checks.expect_implemented(part, birnn_forward, inputs, counter,
                                   (1.0,), (10.0,), zeros, zeros)
checks.expect(part, isinstance(result, tuple) and len(result) == 2,
              "birnn_forward should return (outputs, (state_f, state_b))")
outputs, states = result
checks.expect_shape(part, outputs, (4, 1, 2), "outputs")
checks.expect(part, isinstance(states, tuple) and len(states) == 2,
              "the second result should be the pair (state_f, state_b)")
fwd, bwd = outputs[:, 0, 0], outputs[:, 0, 1]
checks.expect_close(part, fwd, np.array([1.0, 3, 6, 10]),
                    "the forward half (features 0..h-1) with a cell that "
                    "sums its inputs: running sums 1, 3, 6, 10")
checks.expect(part, not bool(np.abs(bwd - np.array([40.0, 70, 90, 100]))
                             .max() < 1e-4),
              "the backward half is in the order in which the backward "
              "direction produced it: put it back into the original time "
              "order (output t must be the step that read input t)")
checks.expect_close(part, bwd, np.array([100.0, 90, 70, 40]),
                    "the backward half (features h..2h-1): 10 * sums of "
                    "inputs t..T, i.e. 100, 90, 70, 40 (forward first, "
                    "then backward, each with its own params)")
checks.expect_close(part, states[0][0], np.array([[10.0]]),
                    "the forward direction's last state")
checks.expect_close(part, states[1][0], np.array([[100.0]]),
                    "the backward direction's last state (after reading "
                    "step 1)")
outputs, _ = birnn_forward(inputs, counter, (1.0,), (1.0,),
                           (np.full((1, 1), 5.0),), zeros)
checks.expect_close(part, outputs[:, 0, 1], np.array([10.0, 9, 7, 4]),
                    "the backward half when only the forward state starts "
                    "at 5: each direction must start from its own state")
### BEGIN HIDDEN TESTS
# Against Gluon's bidirectional GRU and LSTM, random weights and initial
# states: outputs, last states and the gradients of all eight arrays.
from seqmodels.gated import gru_step, lstm_step
from seqmodels.rnn import GLUON_KEYS, gluon_layer_params


def gru_cell(X, state, Wi, Wh, bi, bh):
    return gru_step(X, state, Wi.T, Wh.T, bi, bh)


def lstm_cell(X, state, Wi, Wh, bi, bh):
    return lstm_step(X, state, Wi.T, Wh.T, bi + bh)


T, d, h, n = 5, 4, 3, 2
for make, cell in [(rnn.GRU, gru_cell), (rnn.LSTM, lstm_cell)]:
    layer = make(h, input_size=d, bidirectional=True)
    layer.initialize()
    for prm in layer.collect_params().values():
        prm.set_data(np.random.normal(0, 0.6, prm.shape))
    g = {f"{p}0_{k}": v for p in "lr" for k, v in
         gluon_layer_params(layer, 0, p, what="param").items()}
    X = np.random.normal(size=(T, n, d))
    begin = [np.random.normal(size=(2, n, h)) * 0.7
             for _ in layer.begin_state(n)]
    with autograd.record():
        expected, last = layer(X, begin)
        (expected ** 2 * np.arange(1, 2 * h + 1)).sum().backward()
    names = [f"{p}0_{k}" for p in "lr" for k in GLUON_KEYS]
    mine = [g[k].data().copy() for k in names]
    for a in mine:
        a.attach_grad()
    name = make.__name__
    sf = tuple(s[0] for s in begin)
    sb = tuple(s[1] for s in begin)
    with autograd.record():
        out, (lf, lb) = birnn_forward(X, cell, tuple(mine[:4]),
                                      tuple(mine[4:]), sf, sb)
        (out ** 2 * np.arange(1, 2 * h + 1)).sum().backward()
    checks.expect_close(part, out, expected, f"outputs against Gluon's "
                        f"bidirectional {name}", rtol=1e-5, atol=1e-6)
    for i, s in enumerate(last):
        checks.expect_close(part, lf[i], s[0], f"last forward state {i} "
                            f"against {name}", rtol=1e-5, atol=1e-6)
        checks.expect_close(part, lb[i], s[1], f"last backward state {i} "
                            f"against {name}", rtol=1e-5, atol=1e-6)
    for k, a in zip(names, mine):
        checks.expect_close(part, a.grad, g[k].grad(), f"gradient of {k} "
                            f"against {name}", rtol=1e-4, atol=1e-5)
### END HIDDEN TESTS


# %% [markdown] id="gluon_bidirectional_weights_md"
# ## Part 3 (`gluon_bidirectional_weights`, 2 points): Gluon's directions
#
# A fused Gluon layer such as `rnn.GRU(h, bidirectional=True)` stores
# each direction's four arrays under names that end in `l0_i2h_weight`,
# `l0_h2h_weight`, `l0_i2h_bias`, `l0_h2h_bias` (the forward, "left to
# right" direction of layer 0) and `r0_...` (the backward, "right to left"
# one); the start of each name is a prefix such as `gru0_` that changes
# from layer to layer. Print `layer.collect_params()` to see them.
#
# Return `(params_f, params_b)`: each a tuple of the four arrays
# `(i2h_weight, h2h_weight, i2h_bias, h2h_bias)` (the values, `p.data()`)
# of layer 0 of that direction. The layer may have more than one stacked
# layer (`l1_...`, `r1_...`): ignore those.


# %% answer id="gluon_bidirectional_weights"
def gluon_bidirectional_weights(layer):
    """Task gluon_bidirectional_weights: ((i2h_weight, h2h_weight,
    i2h_bias, h2h_bias) of l0_, the same of r0_)."""
    ### BEGIN SOLUTION
    params = layer.collect_params()
    keys = ("i2h_weight", "h2h_weight", "i2h_bias", "h2h_bias")

    def direction(prefix):
        found = {}
        for name, p in params.items():
            for key in keys:
                if name.endswith(f"_{prefix}0_{key}"):
                    found[key] = p.data()
        return tuple(found[key] for key in keys)
    return direction("l"), direction("r")
    ### END SOLUTION


# %% tests id="gluon_bidirectional_weights_tests" points=2
"""gluon_bidirectional_weights: a bidirectional RNN whose arrays hold
their own position."""
part = "gluon_bidirectional_weights"
layer = rnn.RNN(2, input_size=3, bidirectional=True)
layer.initialize()
order = sorted(layer.collect_params().items())
for i, (name, p) in enumerate(order):
    p.set_data(np.full(p.shape, float(i)))
result = checks.expect_implemented(part, gluon_bidirectional_weights, layer)
checks.expect(part, isinstance(result, tuple) and len(result) == 2,
              "return the pair (params_f, params_b)")
f, b = result
checks.expect(part, len(f) == 4 and len(b) == 4,
              "each direction is a tuple of four arrays")
value = {name: float(p.data().reshape(-1)[0]) for name, p in order}
for params, prefix in [(f, "l0_"), (b, "r0_")]:
    for arr, key in zip(params, ["i2h_weight", "h2h_weight", "i2h_bias",
                                 "h2h_bias"]):
        [name] = [k for k in value if k.endswith(prefix + key)]
        got = float(arr.reshape(-1)[0])
        checks.expect(part, got == value[name], f"{prefix}{key}: got the "
                      f"array filled with {got}, which is not {name}")
### BEGIN HIDDEN TESTS
# A two-layer bidirectional LSTM and GRU: layer 0 only, exact values.
from seqmodels.rnn import GLUON_KEYS, gluon_layer_params

for make in (rnn.LSTM, rnn.GRU):
    layer = make(3, num_layers=2, input_size=4, bidirectional=True)
    layer.initialize()
    layer(np.zeros((2, 1, 4)))
    for p in layer.collect_params().values():
        p.set_data(np.random.normal(size=p.shape))
    f, b = gluon_bidirectional_weights(layer)
    for got_dir, direction in [(f, "l"), (b, "r")]:
        want = gluon_layer_params(layer, 0, direction)
        for arr, key in zip(got_dir, GLUON_KEYS):
            checks.expect(part, isinstance(arr, type(want[key])) and
                          arr.dtype == want[key].dtype,
                          f"{direction}0_{key}: got a "
                          f"{type(arr).__module__}.{type(arr).__name__} of "
                          f"dtype {getattr(arr, 'dtype', None)}, expected "
                          f"the layer's own MXNet array (p.data(), "
                          f"{want[key].dtype})")
            checks.expect_close(part, arr, want[key],
                                f"{direction}0_{key} of a 2-layer "
                                f"{make.__name__}", rtol=0, atol=0)
### END HIDDEN TESTS


# %% [markdown] id="dependent_positions_md"
# ## Part 4 (`dependent_positions`, 2 points): what does output $t$ read?
#
# A language model must predict character $t+1$ from characters $1..t$
# only. Here you measure which inputs an output actually depends on.
#
# `layer_fn(inputs)` maps inputs of shape `(num_steps, batch_size,
# num_inputs)` to outputs of shape `(num_steps, batch_size, features)`.
# Return the sorted Python list of the time positions `s` whose inputs
# `inputs[s]` receive a non-zero gradient from the sum of the outputs at
# step `t`, `layer_fn(inputs)[t].sum()`. Use MXNet's autograd
# (`attach_grad`, `autograd.record()`, `backward()`), not a guess about
# what the layer is: the tests give you unidirectional and bidirectional
# layers, and layers that read only part of the sequence.


# %% answer id="dependent_positions"
def dependent_positions(layer_fn, inputs, t):
    """Task dependent_positions: sorted list of the steps s whose inputs
    change output t (non-zero gradient)."""
    ### BEGIN SOLUTION
    X = inputs.copy()
    X.attach_grad()
    with autograd.record():
        out = layer_fn(X)[t].sum()
    out.backward()
    per_step = np.abs(X.grad).reshape(X.shape[0], -1).sum(axis=1)
    return [s for s in range(X.shape[0]) if float(per_step[s]) > 0]
    ### END SOLUTION


# %% tests id="dependent_positions_tests" points=2
"""dependent_positions: running sums, forward and backward."""
part = "dependent_positions"
X = np.random.normal(size=(6, 2, 3))


def cumsum(X):
    """Output t reads inputs 0..t."""
    return np.cumsum(X, axis=0)


got = checks.expect_implemented(part, dependent_positions, cumsum, X, 2)
checks.expect(part, isinstance(got, list),
              f"return a list, got {type(got).__name__}")
checks.expect(part, got == [0, 1, 2], f"a running sum's output at step 2 "
              f"depends on steps [0, 1, 2], got {got}")


def suffix(X):
    """Output t reads inputs t..T-1."""
    return np.flip(np.cumsum(np.flip(X, axis=0), axis=0), axis=0)


got = dependent_positions(suffix, X, 2)
checks.expect(part, got == [2, 3, 4, 5], f"a reversed running sum's "
              f"output at step 2 depends on steps [2, 3, 4, 5] (the "
              f"future!), got {got}")
### BEGIN HIDDEN TESTS
# Gluon layers with random weights, and a layer that skips steps; the
# inputs are not the notebook's X (of another length), so a function that
# reads a global X instead of its argument fails.
T, d, h = 7, 3, 4
X_hidden = np.random.normal(size=(T, 2, d))
for bidirectional in (False, True):
    layer = rnn.GRU(h, input_size=d, bidirectional=bidirectional)
    layer.initialize()
    for t in (0, 3, 6):
        got = dependent_positions(layer, X_hidden, t)
        want = list(range(T)) if bidirectional else list(range(t + 1))
        checks.expect(part, got == want, f"GRU (bidirectional="
                      f"{bidirectional}), output {t}: got {got}, "
                      f"expected {want}")


def window(X):
    """Output t reads inputs t and t + 1."""
    return X[1:] * X[:-1]


got = dependent_positions(window, X_hidden, 2)
checks.expect(part, got == [2, 3], f"a layer whose output t reads inputs "
              f"t and t+1: got {got}")
got = dependent_positions(lambda X: X * np.arange(T).reshape(T, 1, 1),
                          X_hidden, 0)
checks.expect(part, got == [], f"output 0 multiplied by zero: got {got}")
### END HIDDEN TESTS


# %% [markdown] id="forward_backward_md"
# ## Part 5 (`forward_backward`, 2 points): the probabilistic analogue
#
# A hidden Markov model with $K$ hidden states has an initial distribution
# `pi` (shape `(K,)`), transitions `A` with `A[i, j]` $= P(h_{t+1} = j
# \mid h_t = i)$ and emissions `B` (shape `(K, M)`) with `B[k, x]` $=
# P(x_t = x \mid h_t = k)$. For observed symbols `obs` $= (x_1, \dots,
# x_T)$ (a list of ints) return the `(T, K)` numpy array of the posterior
# marginals $P(h_t = k \mid x_1, \dots, x_T)$, each row summing to 1,
# computed with the forward-backward recursions:
#
# $$\alpha_1(k) = \pi_k B_{k, x_1},\quad
# \alpha_{t}(j) = B_{j, x_t} \sum_i \alpha_{t-1}(i) A_{ij},\qquad
# \beta_T(k) = 1,\quad
# \beta_t(i) = \sum_j A_{ij} B_{j, x_{t+1}} \beta_{t+1}(j),$$
#
# and $P(h_t = k \mid x_{1..T}) \propto \alpha_t(k)\, \beta_t(k)$. Use
# plain numpy (imported below as `onp`); the inputs may be lists. The
# tests use sequences short enough that no rescaling is needed.


# %% locked id="forward_backward_setup"
import numpy as onp


# %% answer id="forward_backward"
def forward_backward(pi, A, B, obs):
    """Task forward_backward: (T, K) posterior marginals of the hidden
    states given all observations."""
    ### BEGIN SOLUTION
    pi, A, B = (onp.asarray(a, dtype=float) for a in (pi, A, B))
    T, K = len(obs), len(pi)
    alpha, beta = onp.zeros((T, K)), onp.ones((T, K))
    alpha[0] = pi * B[:, obs[0]]
    for t in range(1, T):
        alpha[t] = (alpha[t - 1] @ A) * B[:, obs[t]]
    for t in range(T - 2, -1, -1):
        beta[t] = A @ (B[:, obs[t + 1]] * beta[t + 1])
    joint = alpha * beta
    return joint / joint.sum(axis=1, keepdims=True)
    ### END SOLUTION


# %% tests id="forward_backward_tests" points=2
"""forward_backward: shape, rows sum to 1, a case computable by hand."""
part = "forward_backward"
pi, A = [0.5, 0.5], [[0.9, 0.1], [0.1, 0.9]]
B = [[1.0, 0.0], [0.5, 0.5]]  # symbol 1 is only emitted by state 1
got = checks.expect_implemented(part, forward_backward, pi, A, B, [0, 1])
got = onp.asarray(got)
checks.expect(part, got.shape == (2, 2), f"shape {got.shape}, expected "
              f"(T, K) = (2, 2)")
checks.expect(part, onp.allclose(got.sum(axis=1), 1), "each row (step) "
              "should sum to 1: normalise alpha * beta per step")
checks.expect(part, onp.allclose(got[1], [0, 1]), f"at step 2 the state "
              f"must be 1 (only it emits symbol 1), got {got[1]}")
# step 1: P(h1=0 | x) is prop. to 0.5 * 1 * (0.1 * 0.5) = 0.025 and
# P(h1=1 | x) to 0.5 * 0.5 * (0.9 * 0.5) = 0.1125
want = onp.array([0.025, 0.1125]) / 0.1375
checks.expect(part, onp.allclose(got[0], want), f"step 1 should use the "
              f"future (x_2 = 1 makes state 1 likely): expected "
              f"{want.round(3)}, got {got[0].round(3)}")
### BEGIN HIDDEN TESTS
from seqmodels.birnn import hmm_brute_force_marginals

rng = onp.random.RandomState(3)
for K, M, T in [(2, 3, 4), (3, 2, 5), (4, 4, 1)]:
    pi = rng.dirichlet(onp.ones(K))
    A = rng.dirichlet(onp.ones(K), size=K)
    B = rng.dirichlet(onp.ones(M), size=K)
    obs = [int(x) for x in rng.randint(0, M, T)]
    got = onp.asarray(forward_backward(pi, A, B, obs))
    want = hmm_brute_force_marginals(pi, A, B, obs)
    checks.expect(part, got.shape == want.shape and onp.allclose(got, want),
                  f"K={K}, T={T}: marginals differ from summing over all "
                  f"paths")
### END HIDDEN TESTS
