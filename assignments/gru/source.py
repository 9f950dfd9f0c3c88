"""Source of the GRU exercise: solutions/gru/gru.ipynb.

A percent-format notebook (the format is in authoring/nbsource.py): each
``# %%`` line starts a cell. Run it as a script to check the solution and
every visible and hidden test: ``python assignments/gru/source.py``. Then
``make release ASSIGNMENT=gru`` writes the notebook (``python
authoring/nbsource.py gru``) and the student version, exercises/gru/.
"""


# %% [markdown] id="intro"
# # Exercise: gated recurrent units
#
# This assignment goes with the chapter *Gated Recurrent Units* of the book.
# You write a GRU cell in both of its published forms, run it over a
# sequence, and count the parameters of recurrent layers, all checked
# against Gluon's fused `rnn.GRU`.
#
# **How to work.** Fill in every cell that says `# YOUR CODE HERE` (delete the
# `raise NotImplementedError()` line). Do not rename the functions, and do not
# edit the other cells: the grader restores them. Run the cell under each
# function: its *visible tests* print what is wrong (shape, value, which
# part). The grader also runs *hidden tests* that compare your code with
# Gluon's `rnn.GRU`, MXNet's autograd and numeric gradients, so passing the
# visible tests is necessary but not sufficient.
#
# **Each part is graded on its own**: write every function so that it
# works without calling the functions of the other parts.
#
# **Check yourself** before you hand in, from the repository root:
#
# ```
# .venv/bin/nbgrader validate exercises/gru/gru.ipynb
# ```
#
# @@PARTS_TABLE@@
#
# Each part's tests are all or nothing. The whole notebook runs in well under
# a minute on a 2-core CPU.
#
# **Parameters, laid out as in Gluon.** A GRU layer with `num_inputs` inputs
# and `num_hiddens` hidden units has four arrays, each holding three blocks
# of `num_hiddens` rows in the order reset gate (r), update gate (z),
# candidate ("new", n):
#
# | name | shape | blocks |
# |---|---|---|
# | `i2h_weight` | `(3 * num_hiddens, num_inputs)` | $\mathbf{W}_{xr}^\top, \mathbf{W}_{xz}^\top, \mathbf{W}_{xn}^\top$ stacked |
# | `h2h_weight` | `(3 * num_hiddens, num_hiddens)` | $\mathbf{W}_{hr}^\top, \mathbf{W}_{hz}^\top, \mathbf{W}_{hn}^\top$ stacked |
# | `i2h_bias` | `(3 * num_hiddens,)` | $\mathbf{b}_{xr}, \mathbf{b}_{xz}, \mathbf{b}_{xn}$ |
# | `h2h_bias` | `(3 * num_hiddens,)` | $\mathbf{b}_{hr}, \mathbf{b}_{hz}, \mathbf{b}_{hn}$ |
#
# So the input part of all three blocks is `X @ i2h_weight.T + i2h_bias`,
# of shape `(batch_size, 3 * num_hiddens)`.


# %% locked id="setup"
import math

from mxnet import autograd, np, npx
from mxnet.gluon import rnn

import seqmodels
from seqmodels import checks

seqmodels.set_seed()


def sigmoid(x):
    return 1 / (1 + math.exp(-x))


# %% [markdown] id="gru_gates_md"
# ## Part 1 (`gru_gates`, 2 points): the two gates
#
# With inputs $\mathbf{X}_t$ of shape `(batch_size, num_inputs)` and the
# previous state $\mathbf{H}_{t-1}$ of shape `(batch_size, num_hiddens)`,
# return the pair `(R, Z)`:
#
# $$\mathbf{R}_t = \sigma(\mathbf{X}_t \mathbf{W}_{xr} + \mathbf{b}_{xr} +
# \mathbf{H}_{t-1} \mathbf{W}_{hr} + \mathbf{b}_{hr}),\qquad
# \mathbf{Z}_t = \sigma(\mathbf{X}_t \mathbf{W}_{xz} + \mathbf{b}_{xz} +
# \mathbf{H}_{t-1} \mathbf{W}_{hz} + \mathbf{b}_{hz}),$$
#
# each of shape `(batch_size, num_hiddens)`, with the parameters in the
# layout of the table above (reset block first, then update). Use MXNet's
# `np`/`npx` operations (`npx.sigmoid` exists), so autograd can
# differentiate your code.


# %% answer id="gru_gates"
def gru_gates(X, H, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
    """Task gru_gates: the reset and update gates (R, Z), each of shape
    (batch_size, num_hiddens)."""
    ### BEGIN SOLUTION
    h = H.shape[-1]
    from_x = np.dot(X, i2h_weight[:2 * h].T) + i2h_bias[:2 * h]
    from_h = np.dot(H, h2h_weight[:2 * h].T) + h2h_bias[:2 * h]
    both = npx.sigmoid(from_x + from_h)
    return both[:, :h], both[:, h:]
    ### END SOLUTION


# %% tests id="gru_gates_tests" points=2
"""gru_gates: shapes, and which block is the reset and which the update."""
part = "gru_gates"
X, H = np.ones((2, 3)), np.full((2, 4), 0.5)
Wi, Wh = np.zeros((12, 3)), np.zeros((12, 4))
bi = np.concatenate([np.full(4, 0.5), np.full(4, 2.0), np.zeros(4)])
bh = np.concatenate([np.full(4, -1.0), np.full(4, 1.0), np.zeros(4)])
result = checks.expect_implemented(part, gru_gates, X, H, Wi, Wh, bi, bh)
checks.expect(part, isinstance(result, tuple) and len(result) == 2,
              "gru_gates should return a pair (R, Z)")
R, Z = result
checks.expect_shape(part, R, (2, 4), "R")
checks.expect_shape(part, Z, (2, 4), "Z")
checks.expect_close(part, R, np.full((2, 4), sigmoid(-0.5)),
                    "R with zero weights (the first block of the biases)")
checks.expect_close(part, Z, np.full((2, 4), sigmoid(3.0)),
                    "Z with zero weights (the second block of the biases)")
### BEGIN HIDDEN TESTS
from seqmodels.gated import gru_gates as reference_gates

d, h, n = 5, 3, 4
Wi, Wh = np.random.normal(size=(3 * h, d)), np.random.normal(size=(3 * h, h))
bi, bh = np.random.normal(size=3 * h), np.random.normal(size=3 * h)
X, H = np.random.normal(size=(n, d)), np.random.normal(size=(n, h))
R_ref, Z_ref, _, _ = reference_gates(X, H, Wi.T, Wh.T, bi, bh)
R, Z = gru_gates(X, H, Wi, Wh, bi, bh)
checks.expect_close(part, R, R_ref, "R with random parameters")
checks.expect_close(part, Z, Z_ref, "Z with random parameters")
# Gradient with respect to h2h_weight: autograd vs numeric, float64.
X64, H64 = X.astype("float64"), H.astype("float64")
Wi64, bi64, bh64 = (a.astype("float64") for a in (Wi, bi, bh))


def f(W):
    R, Z = gru_gates(X64, H64, Wi64, W, bi64, bh64)
    return (R * Z + Z ** 2).sum()


W0 = np.random.normal(size=(3 * h, h)).astype("float64")
err = checks.norm_rel_error(checks.autograd_gradient(f, W0),
                       checks.numeric_gradient(f, W0))
checks.expect(part, err < 1e-6, f"gradient of the gates with respect to "
              f"h2h_weight: relative error {err:.2e} (should be < 1e-6)")
# Large pre-activations (float32): the gates must stay finite (a sigmoid
# written as exp(x) / (1 + exp(x)) overflows to inf / inf = nan).
X, H = np.ones((2, 3)), np.zeros((2, 4))
Wi, Wh = np.zeros((12, 3)), np.zeros((12, 4))
bi = np.array([100.0, -100.0, 100.0, -100.0, -100.0, 100.0, -100.0, 100.0,
               0.0, 0.0, 0.0, 0.0])
R, Z = gru_gates(X, H, Wi, Wh, bi, np.zeros(12))
checks.expect_close(part, R, npx.sigmoid(np.tile(bi[:4], (2, 1))),
                    "R for pre-activations of +-100 (an overflow in exp?)")
checks.expect_close(part, Z, npx.sigmoid(np.tile(bi[4:8], (2, 1))),
                    "Z for pre-activations of +-100 (an overflow in exp?)")
### END HIDDEN TESTS


# %% [markdown] id="gru_cell_md"
# ## Part 2 (`gru_cell`, 2 points): one step, as Gluon computes it
#
# Gluon's `rnn.GRU` (like cuDNN) applies the reset gate **after** the
# recurrent matrix product:
#
# $$\tilde{\mathbf{H}}_t = \tanh\big(\mathbf{X}_t \mathbf{W}_{xn} +
# \mathbf{b}_{xn} + \mathbf{R}_t \odot (\mathbf{H}_{t-1} \mathbf{W}_{hn} +
# \mathbf{b}_{hn})\big),\qquad
# \mathbf{H}_t = \mathbf{Z}_t \odot \mathbf{H}_{t-1} + (1 - \mathbf{Z}_t)
# \odot \tilde{\mathbf{H}}_t.$$
#
# Return the new state $\mathbf{H}_t$, shape `(batch_size, num_hiddens)`.
# Compute the gates inside this function (do not call `gru_gates`).


# %% answer id="gru_cell"
def gru_cell(X, H, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
    """Task gru_cell: the next state of Gluon's GRU (reset gate applied
    after the recurrent product)."""
    ### BEGIN SOLUTION
    h = H.shape[-1]
    a = np.dot(X, i2h_weight.T) + i2h_bias
    b = np.dot(H, h2h_weight.T) + h2h_bias
    reset = npx.sigmoid(a[:, :h] + b[:, :h])
    update = npx.sigmoid(a[:, h:2 * h] + b[:, h:2 * h])
    candidate = np.tanh(a[:, 2 * h:] + reset * b[:, 2 * h:])
    return candidate + update * (H - candidate)
    ### END SOLUTION


# %% tests id="gru_cell_tests" points=2
"""gru_cell: a hand-checkable step with zero weights and chosen biases."""
part = "gru_cell"
X, H = np.ones((2, 3)), np.full((2, 4), 0.5)
Wi, Wh = np.zeros((12, 3)), np.zeros((12, 4))
bi = np.concatenate([np.zeros(4), np.full(4, 1.0), np.full(4, 0.2)])
bh = np.concatenate([np.zeros(4), np.zeros(4), np.full(4, 0.6)])
H1 = checks.expect_implemented(part, gru_cell, X, H, Wi, Wh, bi, bh)
checks.expect_shape(part, H1, (2, 4), "the new state")
z, n = sigmoid(1.0), math.tanh(0.2 + 0.5 * 0.6)  # R = sigmoid(0) = 0.5
checks.expect_close(part, H1, np.full((2, 4), z * 0.5 + (1 - z) * n),
                    "gru_cell with zero weights: expected Z * H + (1 - Z) "
                    "* tanh(b_xn + R * b_hn)")
### BEGIN HIDDEN TESTS
# One step of Gluon's rnn.GRU with random weights and biases, forward
# and gradients of all four parameters.
from seqmodels.rnn import GLUON_KEYS, gluon_layer_params

d, h, n = 5, 4, 3
layer = rnn.GRU(h, input_size=d)
layer.initialize()
g = gluon_layer_params(layer, what="param")
for prm in g.values():
    prm.set_data(np.random.normal(0, 0.7, prm.shape))
X = np.random.normal(size=(1, n, d))
H0 = np.random.normal(size=(1, n, h)) * 0.8
with autograd.record():
    out_gluon = layer(X, [H0])[0]
    (out_gluon * out_gluon).sum().backward()
mine = [g[k].data().copy() for k in GLUON_KEYS]
for a in mine:
    a.attach_grad()
with autograd.record():
    out = gru_cell(X[0], H0[0], *mine)
    (out * out).sum().backward()
checks.expect_close(part, out, out_gluon[0], "the new state against "
                    "gluon.rnn.GRU", rtol=1e-5, atol=1e-6)
for k, a in zip(GLUON_KEYS, mine):
    checks.expect_close(part, a.grad, g[k].grad(), f"gradient of {k} "
                        "against gluon.rnn.GRU", rtol=1e-4, atol=1e-5)
# Another size (2 hidden units), against the course library's Gluon-form
# step: nothing may depend on the sizes of the tests above.
from seqmodels.gated import gru_step

d, h, n = 3, 2, 5
Wi, Wh = np.random.normal(size=(3 * h, d)), np.random.normal(size=(3 * h, h))
bi, bh = np.random.normal(size=3 * h), np.random.normal(size=3 * h)
X, H = np.random.normal(size=(n, d)), np.random.normal(size=(n, h))
checks.expect_close(part, gru_cell(X, H, Wi, Wh, bi, bh),
                    gru_step(X, (H,), Wi.T, Wh.T, bi, bh)[0],
                    "the new state with 2 hidden units and random "
                    "parameters", rtol=1e-5, atol=1e-5)
### END HIDDEN TESTS


# %% [markdown] id="gru_cell_textbook_md"
# ## Part 3 (`gru_cell_textbook`, 2 points): one step, as in the textbook
#
# Cho et al. (2014) and d2l apply the reset gate to the state **before**
# the recurrent product:
#
# $$\tilde{\mathbf{H}}_t = \tanh\big(\mathbf{X}_t \mathbf{W}_{xn} +
# \mathbf{b}_{xn} + (\mathbf{R}_t \odot \mathbf{H}_{t-1}) \mathbf{W}_{hn} +
# \mathbf{b}_{hn}\big),$$
#
# and the gates and the final mix are as in part 2. Same arguments, same
# parameter layout; return the new state. Again, do not call the functions
# of the other parts.


# %% answer id="gru_cell_textbook"
def gru_cell_textbook(X, H, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
    """Task gru_cell_textbook: the next state of the textbook GRU (reset
    gate applied to H before the recurrent product)."""
    ### BEGIN SOLUTION
    Wr, Wz, Wn = np.split(i2h_weight, 3, axis=0)
    Ur, Uz, Un = np.split(h2h_weight, 3, axis=0)
    br, bz, bn = np.split(i2h_bias, 3)
    cr, cz, cn = np.split(h2h_bias, 3)
    reset = npx.sigmoid(np.dot(X, Wr.T) + br + np.dot(H, Ur.T) + cr)
    keep = npx.sigmoid(np.dot(X, Wz.T) + bz + np.dot(H, Uz.T) + cz)
    new = np.tanh(np.dot(X, Wn.T) + bn + np.dot(reset * H, Un.T) + cn)
    return keep * H + (1 - keep) * new
    ### END SOLUTION


# %% tests id="gru_cell_textbook_tests" points=2
"""gru_cell_textbook: a hand-checkable step where the reset placement
matters."""
part = "gru_cell_textbook"
X, H = np.ones((2, 3)), np.full((2, 4), 0.5)
Wi, Wh = np.zeros((12, 3)), np.zeros((12, 4))
bi = np.concatenate([np.zeros(4), np.full(4, 1.0), np.full(4, 0.2)])
bh = np.concatenate([np.zeros(4), np.zeros(4), np.full(4, 0.6)])
H1 = checks.expect_implemented(part, gru_cell_textbook, X, H, Wi, Wh, bi,
                               bh)
checks.expect_shape(part, H1, (2, 4), "the new state")
z, n = sigmoid(1.0), math.tanh(0.2 + 0.6)  # (R * H) W_hn = 0 here
checks.expect_close(part, H1, np.full((2, 4), z * 0.5 + (1 - z) * n),
                    "gru_cell_textbook with zero weights: expected Z * H "
                    "+ (1 - Z) * tanh(b_xn + b_hn)")
### BEGIN HIDDEN TESTS
from seqmodels.gated import gru_step_textbook as reference_step

d, h, n = 4, 5, 3
Wi, Wh = np.random.normal(size=(3 * h, d)), np.random.normal(size=(3 * h, h))
bi, bh = np.random.normal(size=3 * h), np.random.normal(size=3 * h)
X, H = np.random.normal(size=(n, d)), np.random.normal(size=(n, h))
expected, _ = reference_step(X, (H,), Wi.T, Wh.T, bi, bh)
checks.expect_close(part, gru_cell_textbook(X, H, Wi, Wh, bi, bh),
                    expected, "the new state with random parameters "
                    "against the textbook GRU")
# Gradient with respect to h2h_weight: autograd vs numeric, float64.
X64, H64 = X.astype("float64"), H.astype("float64")
Wi64, bi64, bh64 = (a.astype("float64") for a in (Wi, bi, bh))


def f(W):
    return (gru_cell_textbook(X64, H64, Wi64, W, bi64, bh64) ** 2).sum()


W0 = np.random.normal(size=(3 * h, h)).astype("float64")
err = checks.norm_rel_error(checks.autograd_gradient(f, W0),
                       checks.numeric_gradient(f, W0))
checks.expect(part, err < 1e-6, f"gradient with respect to h2h_weight: "
              f"relative error {err:.2e} (should be < 1e-6)")
### END HIDDEN TESTS


# %% [markdown] id="gru_forward_md"
# ## Part 4 (`gru_forward`, 2 points): the whole sequence
#
# Run a step function over every time step of `inputs` (shape `(num_steps,
# batch_size, num_inputs)`), starting from the state `H` (shape
# `(batch_size, num_hiddens)`). `params` is the tuple `(i2h_weight,
# h2h_weight, i2h_bias, h2h_bias)`. Return the states of all steps stacked
# into one array of shape `(num_steps, batch_size, num_hiddens)`, and the
# last state.
#
# Call `step(X, H, *params)`, never `gru_cell` directly: the same loop then
# runs either GRU form, and the tests check the loop on its own with the
# course library's cell.


# %% answer id="gru_forward"
def gru_forward(inputs, H, params, step=gru_cell):
    """Task gru_forward: returns (outputs, H_last); outputs has shape
    (num_steps, batch_size, num_hiddens)."""
    ### BEGIN SOLUTION
    states = []
    for t in range(inputs.shape[0]):
        H = step(inputs[t], H, *params)
        states.append(H)
    return np.stack(states, axis=0), states[-1]
    ### END SOLUTION


# %% tests id="gru_forward_tests" points=2
"""gru_forward: output shapes, and the state is carried from step to step."""
part = "gru_forward"
checks.expect_state_carried(part, gru_forward)
### BEGIN HIDDEN TESTS
# Against Gluon's rnn.GRU over 6 steps from a non-zero state, with the
# library's Gluon-form cell as the step: forward and weight gradients.
from seqmodels.gated import gru_step
from seqmodels.rnn import GLUON_KEYS, gluon_layer_params


def library_step(X, H, Wi, Wh, bi, bh):
    return gru_step(X, (H,), Wi.T, Wh.T, bi, bh)[0]


T, d, h, n = 6, 5, 4, 3
layer = rnn.GRU(h, input_size=d)
layer.initialize()
g = gluon_layer_params(layer, what="param")
for prm in g.values():
    prm.set_data(np.random.normal(0, 0.5, prm.shape))
X = np.random.normal(size=(T, n, d))
H0 = np.random.normal(size=(n, h)) * 0.5
with autograd.record():
    expected, [H_gluon] = layer(X, [H0.reshape(1, n, h)])
    (expected ** 2).sum().backward()
mine = [g[k].data().copy() for k in GLUON_KEYS]
for a in mine:
    a.attach_grad()
with autograd.record():
    outputs, H = gru_forward(X, H0, tuple(mine), library_step)
    (outputs ** 2).sum().backward()
checks.expect_close(part, outputs, expected, "outputs against Gluon's GRU",
                    rtol=1e-5, atol=1e-6)
checks.expect_close(part, H, H_gluon[0], "H_last against Gluon's GRU")
for k, a in zip(GLUON_KEYS, mine):
    checks.expect_close(part, a.grad, g[k].grad(), f"gradient of {k} "
                        "against Gluon's GRU", rtol=1e-4, atol=1e-5)
### END HIDDEN TESTS


# %% [markdown] id="count_params_md"
# ## Part 5 (`count_params`, 2 points): how big is a recurrent layer?
#
# Return the number of trainable numbers in a fused Gluon recurrent layer
# (`rnn.RNN`, `rnn.LSTM` or `rnn.GRU`, one direction) with `num_layers`
# stacked layers, for `kind` in `"rnn"`, `"lstm"`, `"gru"`. Each layer has
# `i2h_weight`, `h2h_weight`, `i2h_bias` and `h2h_bias`, with one block
# per gate or candidate (1 for the RNN, 4 for the LSTM, 3 for the GRU); the
# first layer reads `num_inputs` features, each higher layer the
# `num_hiddens` outputs of the layer below. Return a Python `int`.


# %% answer id="count_params"
def count_params(kind, num_inputs, num_hiddens, num_layers=1):
    """Task count_params: trainable numbers of a Gluon rnn.RNN, rnn.LSTM
    or rnn.GRU layer."""
    ### BEGIN SOLUTION
    blocks = {"rnn": 1, "lstm": 4, "gru": 3}[kind] * num_hiddens
    sizes = [num_inputs] + [num_hiddens] * (num_layers - 1)
    return sum(blocks * (width + num_hiddens + 2) for width in sizes)
    ### END SOLUTION


# %% tests id="count_params_tests" points=2
"""count_params: one-layer counts that can be checked by hand."""
part = "count_params"
n = checks.expect_implemented(part, count_params, "rnn", 3, 2)
checks.expect(part, isinstance(n, int),
              f"count_params should return an int, got {type(n).__name__}")
checks.expect(part, n == 14, f"an RNN with 3 inputs and 2 hidden units "
              f"has 2*3 + 2*2 + 2 + 2 = 14 parameters, got {n}")
n = count_params("gru", 3, 2)
checks.expect(part, n == 42, f"a GRU with 3 inputs and 2 hidden units: "
              f"got {n}, expected 3 times the RNN's 14")
### BEGIN HIDDEN TESTS
layers = {"rnn": rnn.RNN, "lstm": rnn.LSTM, "gru": rnn.GRU}
for kind, make in layers.items():
    for d, h, L in [(28, 32, 1), (5, 7, 2), (10, 3, 3)]:
        layer = make(h, num_layers=L)
        layer.initialize()
        layer(np.zeros((2, 1, d)))  # Gluon sizes its weights now
        want = sum(int(v.data().size)
                   for v in layer.collect_params().values())
        got = count_params(kind, d, h, L)
        checks.expect(part, got == want, f"{kind} with num_inputs={d}, "
                      f"num_hiddens={h}, num_layers={L}: got {got}, "
                      f"Gluon has {want}")
### END HIDDEN TESTS
