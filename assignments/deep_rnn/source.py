"""Source of the deep RNN exercise: solutions/deep_rnn/deep_rnn.ipynb.

A percent-format notebook (the format is in authoring/nbsource.py): each
``# %%`` line starts a cell. Run it as a script to check the solution and
every visible and hidden test: ``python assignments/deep_rnn/source.py``. Then
``make release ASSIGNMENT=deep_rnn`` writes the notebook (``python
authoring/nbsource.py deep_rnn``) and the student version, exercises/deep_rnn/.
"""


# %% [markdown] id="intro"
# # Exercise: deep (stacked) recurrent networks
#
# This assignment goes with the chapter *Deep Recurrent Networks* of
# the book. You write a stacked recurrent network that works with any cell,
# check it against Gluon's fused layers with `num_layers=2`, read Gluon's
# weights layer by layer, and count what depth costs in parameters.
#
# Every cell here has the interface of the course library
# (`seqmodels.gated`): `step(X, state, *params) -> (H, state)`, where `X`
# has shape `(batch_size, num_inputs)`, `state` is a tuple (`(H,)` for the
# RNN and the GRU, `(H, C)` for the LSTM) and `H` is what the layer passes
# on. A stack is described by a list `layers` of `(step, params)` pairs,
# bottom layer first; its state is a list with one state tuple per layer.
#
# **How to work.** Fill in every cell that says `# YOUR CODE HERE` (delete
# the `raise NotImplementedError()` line). Do not rename the functions, and
# do not edit the other cells: the grader restores them. Run the cell under
# each function: its *visible tests* print what is wrong. The grader also
# runs *hidden tests* that compare your code with Gluon's `rnn.RNN`,
# `rnn.LSTM` and `rnn.GRU` (outputs, states and gradients), so passing the
# visible tests is necessary but not sufficient.
#
# **Check yourself** before you hand in, from the repository root:
#
# ```
# .venv/bin/nbgrader validate exercises/deep_rnn/deep_rnn.ipynb
# ```
#
# @@PARTS_TABLE@@
#
# Each part's tests are all or nothing. The parts are independent: the
# tests of one part never call your functions of another part. The whole
# notebook runs in a few seconds on a CPU.


# %% locked id="setup"
from mxnet import autograd, np
from mxnet.gluon import rnn

import seqmodels
from seqmodels import checks
from seqmodels.gated import (
    GRUScratch,
    LSTMScratch,
    RNNCellScratch,
    copy_to_gluon,
    gru_step,
    lstm_step,
    rnn_cell,
)

seqmodels.set_seed()
SCRATCH = {"rnn": RNNCellScratch, "lstm": LSTMScratch, "gru": GRUScratch}


def reference_stack(kind, num_inputs, num_hiddens, num_layers, sigma=0.3):
    """Scratch layers of the course library (random weights and biases)
    and a fused Gluon layer with ``num_layers`` and the same weights."""
    layers = [SCRATCH[kind](num_inputs if i == 0 else num_hiddens,
                            num_hiddens) for i in range(num_layers)]
    for layer in layers:
        for name in layer.param_names:
            value = getattr(layer, name)
            setattr(layer, name, np.random.normal(0, sigma, value.shape))
    extra = {"activation": "tanh"} if kind == "rnn" else {}
    fused = getattr(rnn, kind.upper())(num_hiddens, num_layers,
                                       input_size=num_inputs, **extra)
    fused.initialize()
    copy_to_gluon(layers, fused)
    return layers, fused


def as_spec(layers):
    """The ``layers`` argument of the stacked functions: (step, params)."""
    return [(layer.cell(), layer.param_values()) for layer in layers]


def random_state(layers, batch_size):
    """A random state: one tuple per layer, one array per state kind."""
    return [tuple(np.random.normal(size=s.shape)
                  for s in layer.begin_state(batch_size))
            for layer in layers]


def to_gluon_state(state):
    """Per-layer tuples -> Gluon's list of (num_layers, batch, hiddens)."""
    return [np.stack([s[k] for s in state]) for k in range(len(state[0]))]


def accumulate(X, state, a):
    """A toy cell for the visible tests: H <- H + a * X."""
    H = state[0] + a * X
    return H, (H,)


# %% [markdown] id="init_stack_state_md"
# ## Part 1 (`init_stack_state`, 1 point): one state per layer
#
# A stacked network needs one initial state per layer. Return a **list** of
# `num_layers` tuples; each tuple holds `num_states` arrays of zeros of
# shape `(batch_size, num_hiddens)` (`num_states` is 1 for the RNN and the
# GRU, 2 for the LSTM). The arrays must be distinct objects: changing one
# layer's state in place must not change another's.
#
# Note that this is not Gluon's layout, which keeps `num_states` arrays of
# shape `(num_layers, batch_size, num_hiddens)`.


# %% answer id="init_stack_state"
def init_stack_state(num_layers, batch_size, num_hiddens, num_states=1):
    """Task init_stack_state: a list of num_layers tuples of num_states
    zero arrays of shape (batch_size, num_hiddens)."""
    ### BEGIN SOLUTION
    shape = (batch_size, num_hiddens)
    return [tuple(np.zeros(shape) for _ in range(num_states))
            for _ in range(num_layers)]
    ### END SOLUTION


# %% tests id="init_stack_state_tests" points=1
"""init_stack_state: a list with one tuple of zero arrays per layer."""
part = "init_stack_state"
state = checks.expect_implemented(part, init_stack_state, 3, 4, 5)
checks.expect(part, isinstance(state, list) and len(state) == 3,
              "init_stack_state(3, 4, 5) should be a list of 3 layer "
              f"states, got {type(state).__name__} of length "
              f"{len(state) if hasattr(state, '__len__') else '?'}")
for layer_state in state:
    checks.expect(part, isinstance(layer_state, tuple)
                  and len(layer_state) == 1,
                  "each layer's state should be a tuple of num_states=1 "
                  "array(s)")
    checks.expect_shape(part, layer_state[0], (4, 5), "a layer's H")
    checks.expect_close(part, layer_state[0], np.zeros((4, 5)),
                        "the initial state (zeros)")
### BEGIN HIDDEN TESTS
state = init_stack_state(2, 3, 6, num_states=2)
checks.expect(part, len(state) == 2 and all(
    isinstance(s, tuple) and len(s) == 2 for s in state),
    "an LSTM stack (num_states=2) of 2 layers: 2 tuples of (H, C)")
for layer_state in state:
    for array in layer_state:
        checks.expect_shape(part, array, (3, 6), "an LSTM state array")
        checks.expect_close(part, array, np.zeros((3, 6)), "zeros")
state[0][0][:] = 1.0
state[0][1][:] = 2.0
checks.expect_close(part, state[1][0], np.zeros((3, 6)),
                    "layer 1's H after writing into layer 0's H in place "
                    "(the layers must not share arrays)")
checks.expect_close(part, state[0][1], np.full((3, 6), 2.0),
                    "layer 0's C (H and C must be different arrays)")
checks.expect_close(part, state[1][1], np.zeros((3, 6)),
                    "layer 1's C after writing into layer 0 in place")
# The cells compute with MXNet float32 arrays (like the weights): NumPy
# arrays or float64 zeros cannot be multiplied with them.
for layer_state in init_stack_state(2, 3, 6, num_states=2):
    for array in layer_state:
        checks.expect(part, isinstance(array, np.ndarray),
                      "the state arrays should be MXNet arrays (mxnet.np, "
                      f"the notebook's np), got {type(array).__module__}."
                      f"{type(array).__name__}")
        checks.expect(part, str(array.dtype) == "float32",
                      f"the state arrays have dtype {array.dtype}, expected "
                      "float32 (the dtype of the weights)")
### END HIDDEN TESTS


# %% [markdown] id="stacked_step_md"
# ## Part 2 (`stacked_step`, 2 points): one time step through all layers
#
# For one time step, with inputs `X` of shape `(batch_size, num_inputs)`,
# run the layers from the bottom up: layer 1 reads `X` and its own state,
# layer $l$ reads the new `H` of layer $l-1$ and its own state,
#
# $$\mathbf{H}_t^{(l)} = f_l\big(\mathbf{H}_t^{(l-1)},
# \mathbf{H}_{t-1}^{(l)}\big), \qquad \mathbf{H}_t^{(0)} = \mathbf{X}_t.$$
#
# `layers` is a list of `(step, params)` pairs (call `step(inputs,
# layer_state, *params)`) and `state` a list with one state tuple per
# layer. Return the top layer's `H` and the list of the new layer states.
# A stack with this interface is itself a cell: a loop over time can run it
# like any other step function.


# %% answer id="stacked_step"
def stacked_step(X, state, layers):
    """Task stacked_step: returns (H_top, new_state), new_state a list
    with one state tuple per layer."""
    ### BEGIN SOLUTION
    below, updated = X, []
    for index, (step, params) in enumerate(layers):
        below, layer_state = step(below, tuple(state[index]), *params)
        updated.append(layer_state)
    return below, updated
    ### END SOLUTION


# %% tests id="stacked_step_tests" points=2
"""stacked_step: each layer reads the layer below and keeps its state."""
part = "stacked_step"
toy = [(accumulate, (1.0,)), (accumulate, (10.0,))]
state = [(np.full((1, 1), 5.0),), (np.full((1, 1), 7.0),)]
result = checks.expect_implemented(part, stacked_step, np.ones((1, 1)),
                                   state, toy)
checks.expect(part, isinstance(result, tuple) and len(result) == 2,
              "stacked_step should return a pair (H_top, new_state)")
H, new_state = result
checks.expect(part, isinstance(new_state, list) and len(new_state) == 2,
              "new_state should be a list with one state per layer")
checks.expect_close(part, new_state[0][0], np.full((1, 1), 6.0),
                    "layer 1's new H (5 + 1 * X with X = 1)")
checks.expect_close(part, new_state[1][0], np.full((1, 1), 67.0),
                    "layer 2's new H (7 + 10 * layer 1's new H = 67): "
                    "does layer 2 read layer 1's output and its own state?")
checks.expect_close(part, H, np.full((1, 1), 67.0),
                    "H_top (the top layer's new H)")
### BEGIN HIDDEN TESTS
# One step of a 3-layer stack (the visible test has 2) against Gluon; the
# state list given to stacked_step must be left as it was.
num_steps, batch_size, num_inputs, num_hiddens = 6, 3, 5, 4
scratch, fused = reference_stack("lstm", num_inputs, num_hiddens, 3)
X = np.random.normal(size=(1, batch_size, num_inputs))
state = random_state(scratch, batch_size)
given = [tuple(s.copy() for s in layer_state) for layer_state in state]
want, want_state = fused(X, to_gluon_state(state))
H, new_state = stacked_step(X[0], state, as_spec(scratch))
checks.expect(part, isinstance(new_state, list) and len(new_state) == 3,
              "a 3-layer stack: new_state should be a list of 3 layer "
              "states (does your code run every layer of `layers`?)")
checks.expect_close(part, H, want[0], "H_top of a 3-layer lstm vs Gluon",
                    rtol=1e-4, atol=1e-5)
for got, expected in zip(to_gluon_state(new_state), want_state):
    checks.expect_close(part, got, expected,
                        "new state of a 3-layer lstm vs Gluon",
                        rtol=1e-4, atol=1e-5)
checks.expect(part, isinstance(state, list) and len(state) == 3,
              "stacked_step changed the length of the `state` list it was "
              "given")
for index, (old, kept) in enumerate(zip(given, state)):
    for a, b in zip(old, kept):
        checks.expect_close(part, b, a, f"layer {index}'s state in the "
                            "`state` list you were given, after the call "
                            "(return a new list; do not write the new "
                            "states into the caller's)")
# A loop over time around stacked_step against Gluon's fused layers with
# num_layers=2 and the same weights, from a random state.
for kind in ("rnn", "lstm", "gru"):
    scratch, fused = reference_stack(kind, num_inputs, num_hiddens, 2)
    inputs = np.random.normal(size=(num_steps, batch_size, num_inputs))
    state = random_state(scratch, batch_size)
    want, want_state = fused(inputs, to_gluon_state(state))
    outputs = []
    for X in inputs:
        H, state = stacked_step(X, state, as_spec(scratch))
        outputs.append(H)
    checks.expect_close(part, np.stack(outputs), want,
                        f"outputs of a 2-layer {kind} against Gluon",
                        rtol=1e-4, atol=1e-5)
    for got, expected in zip(to_gluon_state(state), want_state):
        checks.expect_close(part, got, expected,
                            f"last state of a 2-layer {kind} vs Gluon",
                            rtol=1e-4, atol=1e-5)
### END HIDDEN TESTS


# %% [markdown] id="stacked_forward_md"
# ## Part 3 (`stacked_forward`, 3 points): a whole sequence, layer by layer
#
# Now process a whole sequence `inputs` of shape `(num_steps, batch_size,
# num_inputs)` **layer by layer**, as fused layers do: run layer 1 over
# all time steps, starting from its state in `state`; stack its outputs
# into `(num_steps, batch_size, num_hiddens)`; they are the inputs of
# layer 2, which runs over all steps from its own state; and so on. Return
# the outputs of the **top** layer, shape `(num_steps, batch_size,
# num_hiddens)`, and the list of the last state of each layer.
#
# `layers` and `state` are as in part 2. Write the loops here; do not call
# your `stacked_step` (the grader tests each part on its own).


# %% answer id="stacked_forward"
def stacked_forward(inputs, state, layers):
    """Task stacked_forward: returns (outputs of the top layer, list of
    the last state of each layer)."""
    ### BEGIN SOLUTION
    sequence, last_states = inputs, []
    for (step, params), carried in zip(layers, state):
        carried, hiddens = tuple(carried), []
        for t in range(sequence.shape[0]):
            H_t, carried = step(sequence[t], carried, *params)
            hiddens.append(H_t)
        sequence = np.stack(hiddens)
        last_states.append(carried)
    return sequence, last_states
    ### END SOLUTION


# %% tests id="stacked_forward_tests" points=3
"""stacked_forward: shapes, inputs of layer 2, states kept per layer."""
part = "stacked_forward"
toy = [(accumulate, (1.0,)), (accumulate, (10.0,))]
state = [(np.full((2, 1), 100.0),), (np.zeros((2, 1)),)]
result = checks.expect_implemented(part, stacked_forward,
                                   np.ones((3, 2, 1)), state, toy)
checks.expect(part, isinstance(result, tuple) and len(result) == 2,
              "stacked_forward should return a pair (outputs, new_state)")
outputs, new_state = result
checks.expect_shape(part, outputs, (3, 2, 1), "outputs")
checks.expect(part, isinstance(new_state, list) and len(new_state) == 2,
              "new_state should be a list with one state per layer")
checks.expect_close(part, new_state[0][0], np.full((2, 1), 103.0),
                    "layer 1's last H (100, then + 1 per step)")
checks.expect_close(part, outputs[:, 0, 0],
                    np.array([1010.0, 2030.0, 3060.0]),
                    "outputs: layer 2 sums 10 * layer 1's outputs "
                    "(101, 102, 103) from its own zero state; are they "
                    "the top layer's, and does layer 2 read layer 1's?")
checks.expect_close(part, new_state[1][0], outputs[-1],
                    "layer 2's last H (the last output)")
### BEGIN HIDDEN TESTS
# Against Gluon's fused layers with num_layers=2 and the same weights:
# outputs, last states, and gradients of every weight and bias.
from seqmodels.rnn import gluon_layer_params

num_steps, batch_size, num_inputs, num_hiddens = 7, 3, 5, 4
# First a 3-layer stack (the visible test has 2); the state list given to
# stacked_forward must be left as it was.
scratch, fused = reference_stack("lstm", num_inputs, num_hiddens, 3)
inputs = np.random.normal(size=(num_steps, batch_size, num_inputs))
state = random_state(scratch, batch_size)
given = [tuple(s.copy() for s in layer_state) for layer_state in state]
want, want_state = fused(inputs, to_gluon_state(state))
outputs, new_state = stacked_forward(inputs, state, as_spec(scratch))
checks.expect(part, isinstance(new_state, list) and len(new_state) == 3,
              "a 3-layer stack: new_state should be a list of 3 layer "
              "states (does your code run every layer of `layers`?)")
checks.expect_close(part, outputs, want,
                    "outputs of a 3-layer lstm against Gluon",
                    rtol=1e-4, atol=1e-5)
for got, expected in zip(to_gluon_state(new_state), want_state):
    checks.expect_close(part, got, expected,
                        "last state of a 3-layer lstm vs Gluon",
                        rtol=1e-4, atol=1e-5)
checks.expect(part, isinstance(state, list) and len(state) == 3,
              "stacked_forward changed the length of the `state` list it "
              "was given")
for index, (old, kept) in enumerate(zip(given, state)):
    for a, b in zip(old, kept):
        checks.expect_close(part, b, a, f"layer {index}'s state in the "
                            "`state` list you were given, after the call "
                            "(return a new list; do not write the last "
                            "states into the caller's)")
# Then 2-layer stacks of each cell, with gradients.
for kind in ("rnn", "lstm", "gru"):
    scratch, fused = reference_stack(kind, num_inputs, num_hiddens, 2)
    for layer in scratch:
        for value in layer.param_values():
            value.attach_grad()
    inputs = np.random.normal(size=(num_steps, batch_size, num_inputs))
    state = random_state(scratch, batch_size)
    with autograd.record():
        want, want_state = fused(inputs, to_gluon_state(state))
        (want ** 2).sum().backward()
    with autograd.record():
        outputs, new_state = stacked_forward(inputs, state, as_spec(scratch))
        (outputs ** 2).sum().backward()
    checks.expect_close(part, outputs, want,
                        f"outputs of a 2-layer {kind} against Gluon",
                        rtol=1e-4, atol=1e-5)
    for got, expected in zip(to_gluon_state(new_state), want_state):
        checks.expect_close(part, got, expected,
                            f"last state of a 2-layer {kind} vs Gluon",
                            rtol=1e-4, atol=1e-5)
    for i, layer in enumerate(scratch):
        grads = gluon_layer_params(fused, i, what="grad")
        values = layer.param_values()
        pairs = [(values[0].grad.T, "i2h_weight"),
                 (values[1].grad.T, "h2h_weight"),
                 (values[2].grad, "i2h_bias")]
        if kind == "gru":
            pairs.append((values[3].grad, "h2h_bias"))
        for got, key in pairs:
            checks.expect_close(part, got, grads[key],
                                f"gradient of layer {i}'s {key} ({kind})",
                                rtol=1e-3, atol=1e-4)
### END HIDDEN TESTS


# %% [markdown] id="gluon_weights_for_layer_md"
# ## Part 4 (`gluon_weights_for_layer`, 2 points): reading Gluon's weights
#
# A fused Gluon layer `fused` (`rnn.RNN`, `rnn.LSTM` or `rnn.GRU`) names
# the parameters of layer `i` (counting from 0) `..._l{i}_i2h_weight`,
# `..._l{i}_h2h_weight`, `..._l{i}_i2h_bias` and `..._l{i}_h2h_bias` (see
# `fused.collect_params()`). Gluon multiplies `W @ x`, so its weights have
# shape `(G * num_hiddens, inputs)`; our cells multiply `X @ W`. Return the
# `params` tuple that the cell of kind `kind` needs for layer `i`:
#
# * `"rnn"` (`rnn_cell`) and `"lstm"` (`lstm_step`): `(W_x, W_h, b)` with
#   `b` the sum of the two biases (they are added together anyway);
# * `"gru"` (`gru_step`): `(W_x, W_h, b_x, b_h)` with the two biases kept
#   apart: Gluon's GRU multiplies the reset gate into `H W_hn + b_hn`, so
#   the recurrent bias is not interchangeable with the input bias.
#
# The gate blocks are already in the order the cells expect.


# %% answer id="gluon_weights_for_layer"
def gluon_weights_for_layer(fused, i, kind):
    """Task gluon_weights_for_layer: the params tuple of layer i in the
    X @ W layout of seqmodels.gated's cells."""
    ### BEGIN SOLUTION
    found = {}
    for name, param in fused.collect_params().items():
        _, marker, key = name.partition(f"_l{i}_")
        if marker:
            found[key] = param.data()
    weights = (found["i2h_weight"].T, found["h2h_weight"].T)
    if kind == "gru":
        return weights + (found["i2h_bias"], found["h2h_bias"])
    return weights + (found["i2h_bias"] + found["h2h_bias"],)
    ### END SOLUTION


# %% tests id="gluon_weights_for_layer_tests" points=2
"""gluon_weights_for_layer: shapes of both layers of a 2-layer GRU."""
part = "gluon_weights_for_layer"
_, fused = reference_stack("gru", 3, 4, 2)
params = checks.expect_implemented(part, gluon_weights_for_layer, fused,
                                   0, "gru")
checks.expect(part, isinstance(params, tuple) and len(params) == 4,
              "a GRU layer needs (W_x, W_h, b_x, b_h)")
for value, shape, what in zip(params, [(3, 12), (4, 12), (12,), (12,)],
                              ["W_x", "W_h", "b_x", "b_h"]):
    checks.expect_shape(part, value, shape, f"layer 0's {what}")
W_x = gluon_weights_for_layer(fused, 1, "gru")[0]
checks.expect_shape(part, W_x, (4, 12),
                    "layer 1's W_x (it reads the 4 states of layer 0)")
H, _ = gru_step(np.ones((1, 3)), (np.zeros((1, 4)),), *params)
checks.expect_shape(part, H, (1, 4), "gru_step with your params")
### BEGIN HIDDEN TESTS
# Against the course library's own reader (copy_from_gluon), and through
# the cell: one step with the returned params equals Gluon's one step.
from seqmodels.gated import copy_from_gluon

cells = {"rnn": rnn_cell, "lstm": lstm_step, "gru": gru_step}
for kind in ("rnn", "lstm", "gru"):
    scratch, fused = reference_stack(kind, 5, 3, 3)
    for param in fused.collect_params().values():  # distinct biases
        param.set_data(np.random.normal(size=param.shape))
    readers = [SCRATCH[kind](5 if i == 0 else 3, 3) for i in range(3)]
    copy_from_gluon(fused, readers)
    for i in range(3):
        got = gluon_weights_for_layer(fused, i, kind)
        want = readers[i].param_values()
        checks.expect(part, isinstance(got, tuple) and len(got) == len(
            want), f"{kind}: a tuple of {len(want)} arrays")
        for g, w, name in zip(got, want, readers[i].param_names):
            checks.expect_close(part, g, w, f"layer {i}'s {name} ({kind})")
    X = np.random.normal(size=(1, 2, 5))
    state = random_state(readers, 2)
    want, _ = fused(X, to_gluon_state(state))
    H = X[0]
    for i in range(3):
        H, _ = cells[kind](H, state[i], *gluon_weights_for_layer(
            fused, i, kind))
    checks.expect_close(part, H, want[0], f"one step of a 3-layer {kind} "
                        "with your params vs Gluon", rtol=1e-4, atol=1e-5)
### END HIDDEN TESTS


# %% [markdown] id="count_params_md"
# ## Part 5 (`count_params`, 2 points): what depth costs
#
# Return, as an `int`, how many numbers a fused Gluon layer with
# `num_layers` stacked layers stores, for cells with `gates` gate blocks
# (1 for the RNN, 4 for the LSTM, 3 for the GRU): per layer an input
# weight, a recurrent weight and two bias vectors (`i2h` and `h2h`). Which
# layers read `num_inputs` features, and which read `num_hiddens`?


# %% answer id="count_params"
def count_params(num_inputs, num_hiddens, num_layers, gates):
    """Task count_params: the number of parameters of a fused Gluon
    layer (int)."""
    ### BEGIN SOLUTION
    rows = gates * num_hiddens
    bottom = rows * (num_inputs + num_hiddens + 2)
    upper = rows * (2 * num_hiddens + 2)
    return int(bottom + (num_layers - 1) * upper)
    ### END SOLUTION


# %% tests id="count_params_tests" points=2
"""count_params: the GRU stacks of the book (h = 32, 28 inputs)."""
part = "count_params"
n = checks.expect_implemented(part, count_params, 28, 32, 1, 3)
checks.expect(part, isinstance(n, int),
              f"count_params should return an int, got {type(n).__name__}")
checks.expect(part, n == 5952,
              f"one GRU layer, 28 inputs, 32 hidden units: got {n}, "
              "expected 5952")
n = count_params(28, 32, 2, 3)
checks.expect(part, n == 12288,
              f"two GRU layers: got {n}, expected 12288 (what does the "
              "second layer read?)")
### BEGIN HIDDEN TESTS
# Against what Gluon allocates, for every cell and several shapes.
gates = {"rnn": 1, "lstm": 4, "gru": 3}
for kind, G in gates.items():
    for num_inputs, num_hiddens, num_layers in [(7, 5, 1), (7, 5, 3),
                                                (3, 11, 4), (40, 2, 2)]:
        extra = {"activation": "tanh"} if kind == "rnn" else {}
        fused = getattr(rnn, kind.upper())(num_hiddens, num_layers,
                                           input_size=num_inputs, **extra)
        fused.initialize()
        want = sum(p.data().size for p in fused.collect_params().values())
        got = count_params(num_inputs, num_hiddens, num_layers, G)
        checks.expect(part, got == want,
                      f"{kind}, {num_inputs} inputs, {num_hiddens} hidden, "
                      f"{num_layers} layers: got {got}, Gluon has {want}")
### END HIDDEN TESTS
