"""Source of the LSTM exercise: solutions/lstm/lstm.ipynb.

A percent-format notebook (the format is in authoring/nbsource.py): each
``# %%`` line starts a cell. Run it as a script to check the solution and
every visible and hidden test: ``python assignments/lstm/source.py``. Then
``make release ASSIGNMENT=lstm`` writes the notebook (``python
authoring/nbsource.py lstm``) and the student version, exercises/lstm/.
"""


# %% [markdown] id="intro"
# # Exercise: long short-term memory
#
# This assignment goes with the chapter *Long Short-Term Memory* of
# the book. You write an LSTM layer yourself, with its parameters laid out
# exactly like those of Gluon's fused `rnn.LSTM`, and train an LSTM language
# model on *The Time Machine* within a budget of training tokens.
#
# **How to work.** Fill in every cell that says `# YOUR CODE HERE` (delete the
# `raise NotImplementedError()` line). Do not rename the functions, and do not
# edit the other cells: the grader restores them. Run the cell under each
# function: its *visible tests* print what is wrong (shape, value, which
# part). The grader also runs *hidden tests* that compare your code with
# Gluon's `rnn.LSTM` given the same weights, forward and gradients, so
# passing the visible tests is necessary but not sufficient.
#
# **Check yourself** before you hand in, from the repository root:
#
# ```
# .venv/bin/nbgrader validate exercises/lstm/lstm.ipynb
# ```
#
# **Parameter layout (Gluon's).** With $d$ inputs and $h$ hidden units, an
# LSTM layer has four arrays: `W_i2h` of shape `(4h, d)`, `W_h2h` of shape
# `(4h, h)`, and two biases `b_i2h`, `b_h2h` of shape `(4h,)`. Along the
# first axis they hold four blocks of $h$ rows, in the order **input gate,
# forget gate, candidate, output gate**. For inputs $\mathbf{X}$ of shape
# `(batch_size, d)` the pre-activation of all four layers at once is
#
# $$\mathbf{Z} = \mathbf{X} \mathbf{W}_{i2h}^\top + \mathbf{b}_{i2h} +
# \mathbf{H}_{t-1} \mathbf{W}_{h2h}^\top + \mathbf{b}_{h2h},$$
#
# of shape `(batch_size, 4h)`, its columns in the same four blocks.
#
# @@PARTS_TABLE@@
#
# Each part's tests are all or nothing. The whole notebook runs in well
# under a minute on a 2-core CPU; part 5 trains on at most 640,000 tokens
# (about 5 seconds here, idle).


# %% locked id="setup"
import math

from d2l import mxnet as d2l
from mxnet import autograd, np, npx
from mxnet.gluon import rnn

import seqmodels
from seqmodels import checks
from seqmodels.data import TimeMachine
from seqmodels.rnn import GLUON_KEYS, gluon_layer_params

seqmodels.set_seed()
device = seqmodels.try_device()


def gluon_lstm_layer(num_inputs, num_hiddens):
    """A fused Gluon LSTM with random weights and random biases."""
    layer = rnn.LSTM(num_hiddens, input_size=num_inputs)
    layer.initialize(init="normal")
    for param in layer.collect_params().values():
        param.set_data(np.random.normal(scale=0.5, size=param.shape))
    return layer


def gluon_arrays(layer):
    """(W_i2h, W_h2h, b_i2h, b_h2h) of layer 0 of a Gluon LSTM."""
    params = gluon_layer_params(layer)
    return tuple(params[key] for key in GLUON_KEYS)


# %% [markdown] id="lstm_gates_md"
# ## Part 1 (`lstm_gates`, 2 points): from pre-activation to gates
#
# Given the pre-activation $\mathbf{Z}$ of shape `(batch_size, 4h)`, return
# the tuple `(I, F, C_tilde, O)`, each of shape `(batch_size, h)`:
#
# $$\mathbf{I} = \sigma(\mathbf{Z}_{\text{input}}), \quad
# \mathbf{F} = \sigma(\mathbf{Z}_{\text{forget}}), \quad
# \tilde{\mathbf{C}} = \tanh(\mathbf{Z}_{\text{candidate}}), \quad
# \mathbf{O} = \sigma(\mathbf{Z}_{\text{output}}),$$
#
# where $\mathbf{Z}_{\text{input}}$ are the first $h$ columns, and so on in
# Gluon's order. Use MXNet's `np`/`npx` operations so autograd can
# differentiate through your code.


# %% answer id="lstm_gates"
def lstm_gates(Z):
    """Task lstm_gates: (batch_size, 4h) -> (I, F, C_tilde, O), each
    (batch_size, h)."""
    ### BEGIN SOLUTION
    h = Z.shape[-1] // 4
    blocks = [Z[..., k * h:(k + 1) * h] for k in range(4)]
    squash = (npx.sigmoid, npx.sigmoid, np.tanh, npx.sigmoid)
    return tuple(f(block) for f, block in zip(squash, blocks))
    ### END SOLUTION


# %% tests id="lstm_gates_tests" points=2
"""lstm_gates: four (batch, h) gates, in Gluon's order, right nonlinearity."""
part = "lstm_gates"
Z = np.concatenate([np.full((2, 3), float(k)) for k in (1, 2, 3, 4)],
                   axis=1)  # blocks filled with 1, 2, 3 and 4
gates = checks.expect_implemented(part, lstm_gates, Z)
checks.expect(part, isinstance(gates, (tuple, list)) and len(gates) == 4,
              "lstm_gates should return a tuple (I, F, C_tilde, O)")
for name, gate in zip(("I", "F", "C_tilde", "O"), gates):
    checks.expect_shape(part, gate, (2, 3), name)


def sig(x):
    return 1 / (1 + math.exp(-x))


for name, gate, value in zip(("I (block 1)", "F (block 2)",
                              "C_tilde (block 3)", "O (block 4)"), gates,
                             (sig(1), sig(2), math.tanh(3), sig(4))):
    checks.expect_close(part, gate, np.full((2, 3), value),
                        f"{name} for a block filled with its number")
### BEGIN HIDDEN TESTS
# Against Gluon's rnn.LSTM: the student's gates, combined by the cell
# formula, must give Gluon's H and C for one step from a non-zero state.
num_inputs, num_hiddens, batch_size = 5, 4, 3
layer = gluon_lstm_layer(num_inputs, num_hiddens)
W_i2h, W_h2h, b_i2h, b_h2h = gluon_arrays(layer)
X = np.random.normal(size=(1, batch_size, num_inputs))
H0 = np.random.normal(size=(1, batch_size, num_hiddens))
C0 = np.random.normal(size=(1, batch_size, num_hiddens)) * 2
_, [H_ref, C_ref] = layer(X, [H0, C0])
Z = np.dot(X[0], W_i2h.T) + b_i2h + np.dot(H0[0], W_h2h.T) + b_h2h
I, F, C_tilde, O = lstm_gates(Z)
C1 = F * C0[0] + I * C_tilde
checks.expect_close(part, C1, C_ref[0], "the memory cell computed from "
                    "your gates against gluon.rnn.LSTM", atol=1e-5)
checks.expect_close(part, O * np.tanh(C1), H_ref[0], "the hidden state "
                    "computed from your gates against gluon.rnn.LSTM",
                    atol=1e-5)
# Differentiable with MXNet autograd: against numeric gradients (float64).
weights = np.random.normal(size=(4, 2, 2)).astype("float64")


def f(Z):
    return sum((w * g).sum() for w, g in zip(weights, lstm_gates(Z)))


Z0 = np.random.normal(size=(2, 8)).astype("float64")
err = checks.norm_rel_error(checks.autograd_gradient(f, Z0),
                       checks.numeric_gradient(f, Z0))
checks.expect(part, err < 1e-6, f"gradient of the gates: autograd vs "
              f"numeric relative error {err:.2e} (should be < 1e-6)")
# Large pre-activations (float32, h = 2): every gate must stay finite
# (a sigmoid or tanh written with exp overflows to inf / inf = nan).
Z = np.array([[100.0, -100.0, -100.0, 100.0, 100.0, -100.0, -100.0, 100.0],
              [-100.0, 100.0, 100.0, -100.0, -100.0, 100.0, 100.0, -100.0]])
expected = (npx.sigmoid(Z[:, :2]), npx.sigmoid(Z[:, 2:4]),
            np.tanh(Z[:, 4:6]), npx.sigmoid(Z[:, 6:]))
for name, gate, value in zip(("I", "F", "C_tilde", "O"), lstm_gates(Z),
                             expected):
    checks.expect_close(part, gate, value, f"{name} for pre-activations "
                        "of +-100 (an overflow in exp?)")
### END HIDDEN TESTS


# %% [markdown] id="lstm_cell_md"
# ## Part 2 (`lstm_cell`, 3 points): one LSTM step
#
# `state` is the pair `(H, C)` of the previous step, each of shape
# `(batch_size, h)`. Compute $\mathbf{Z}$ (see the layout at the top), the
# gates with the function `gates` you are given, and
#
# $$\mathbf{C}_t = \mathbf{F} \odot \mathbf{C}_{t-1} + \mathbf{I} \odot
# \tilde{\mathbf{C}}, \qquad \mathbf{H}_t = \mathbf{O} \odot
# \tanh(\mathbf{C}_t).$$
#
# Return `(H_t, (H_t, C_t))`: the output of the step and the new state.
# Call `gates(Z)`, not your `lstm_gates` directly: the tests then check the
# cell on its own.


# %% answer id="lstm_cell"
def lstm_cell(X, state, W_i2h, W_h2h, b_i2h, b_h2h, gates=lstm_gates):
    """Task lstm_cell: one step; returns (H, (H, C))."""
    ### BEGIN SOLUTION
    H_prev, C_prev = state
    Z = (np.dot(X, W_i2h.T) + b_i2h) + (np.dot(H_prev, W_h2h.T) + b_h2h)
    I, F, C_tilde, O = gates(Z)
    C_new = F * C_prev + I * C_tilde
    H_new = O * np.tanh(C_new)
    return H_new, (H_new, C_new)
    ### END SOLUTION


# %% tests id="lstm_cell_tests" points=3
"""lstm_cell: pre-activation, cell update and output on a hand case."""
part = "lstm_cell"
seen = []


def constant_gates(Z):
    """Test gates: records Z, returns I=0.8, F=0.3, C_tilde=-0.5, O=0.6."""
    seen.append(Z)
    ones = np.ones((Z.shape[0], Z.shape[1] // 4))
    return 0.8 * ones, 0.3 * ones, -0.5 * ones, 0.6 * ones


X, H0, C0 = np.ones((2, 3)), np.full((2, 2), 0.5), np.full((2, 2), 2.0)
W_i2h, W_h2h = np.full((8, 3), 0.1), np.full((8, 2), 0.2)
b_i2h, b_h2h = np.full(8, 0.05), np.full(8, 0.1)
result = checks.expect_implemented(part, lstm_cell, X, (H0, C0), W_i2h,
                                   W_h2h, b_i2h, b_h2h, constant_gates)
checks.expect(part, isinstance(result, tuple) and len(result) == 2
              and len(result[1]) == 2,
              "lstm_cell should return (H, (H, C))")
H1, (H1_state, C1) = result
checks.expect(part, len(seen) == 1, "call gates(Z) exactly once per step")
checks.expect_shape(part, seen[0], (2, 8), "Z (the argument of gates)")
checks.expect_close(part, seen[0], np.full((2, 8), 0.65),
                    "Z = X W_i2h^T + b_i2h + H W_h2h^T + b_h2h")
checks.expect_close(part, C1, np.full((2, 2), 0.3 * 2.0 + 0.8 * -0.5),
                    "C_t = F * C_{t-1} + I * C_tilde")
checks.expect_close(part, H1, np.full((2, 2), 0.6 * math.tanh(0.2)),
                    "H_t = O * tanh(C_t)")
checks.expect_close(part, H1_state, H1, "the H in the returned state")
### BEGIN HIDDEN TESTS
def reference_gates(Z):
    n = Z.shape[-1] // 4
    return (npx.sigmoid(Z[:, :n]), npx.sigmoid(Z[:, n:2 * n]),
            np.tanh(Z[:, 2 * n:3 * n]), npx.sigmoid(Z[:, 3 * n:]))


# Against Gluon's rnn.LSTM with the same weights: one step from a non-zero
# state, forward values and gradients of every parameter.
num_inputs, num_hiddens, batch_size = 5, 4, 3
layer = gluon_lstm_layer(num_inputs, num_hiddens)
X = np.random.normal(size=(1, batch_size, num_inputs))
H0 = np.random.normal(size=(1, batch_size, num_hiddens))
C0 = np.random.normal(size=(1, batch_size, num_hiddens)) * 2
with autograd.record():
    out, [H_ref, C_ref] = layer(X, [H0, C0])
    ((out ** 2).sum() + (C_ref ** 2).sum()).backward()
arrays = [a.copy() for a in gluon_arrays(layer)]
for a in arrays:
    a.attach_grad()
with autograd.record():
    H1, (_, C1) = lstm_cell(X[0], (H0[0], C0[0]), *arrays,
                            gates=reference_gates)
    ((H1 ** 2).sum() + (C1 ** 2).sum()).backward()
checks.expect_close(part, H1, H_ref[0], "H against gluon.rnn.LSTM",
                    atol=1e-5)
checks.expect_close(part, C1, C_ref[0], "C against gluon.rnn.LSTM",
                    atol=1e-5)
grads = gluon_layer_params(layer, what="grad")
for a, key in zip(arrays, GLUON_KEYS):
    checks.expect_close(part, a.grad, grads[key],
                        f"gradient of {key} against gluon.rnn.LSTM",
                        rtol=1e-4, atol=1e-5)
### END HIDDEN TESTS


# %% [markdown] id="lstm_forward_md"
# ## Part 3 (`lstm_forward`, 2 points): the whole sequence
#
# Run a cell over every time step of `inputs` (shape `(num_steps,
# batch_size, d)`), starting from `state = (H, C)`. `params` is the tuple of
# the cell's parameters, passed as `cell(X, state, *params)`; the cell
# returns `(H, new_state)`. Return the outputs of all steps stacked into an
# array of shape `(num_steps, batch_size, h)` and the last state `(H, C)`.


# %% answer id="lstm_forward"
def lstm_forward(inputs, state, params, cell=lstm_cell):
    """Task lstm_forward: returns (outputs, (H, C)); outputs has shape
    (num_steps, batch_size, num_hiddens)."""
    ### BEGIN SOLUTION
    hs = []
    for t in range(inputs.shape[0]):
        out, state = cell(inputs[t], state, *params)
        hs.append(out)
    return np.stack(hs, axis=0), tuple(state)
    ### END SOLUTION


# %% tests id="lstm_forward_tests" points=2
"""lstm_forward: shapes, and both H and C are carried from step to step."""
part = "lstm_forward"


def accumulating_cell(X, state, a):
    """Test cell: C adds a * X each step, H = 2 C."""
    H, C = state
    C = C + a * X
    return 2 * C, (2 * C, C)


inputs = np.ones((3, 2, 1))
result = checks.expect_implemented(part, lstm_forward, inputs,
                                   (np.zeros((2, 1)), np.zeros((2, 1))),
                                   (1.0,), accumulating_cell)
checks.expect(part, isinstance(result, tuple) and len(result) == 2
              and len(result[1]) == 2,
              "lstm_forward should return (outputs, (H, C))")
outputs, (H, C) = result
checks.expect_shape(part, outputs, (3, 2, 1), "outputs")
checks.expect_close(part, outputs[:, 0, 0], np.array([2.0, 4.0, 6.0]),
                    "outputs of a cell whose memory adds 1 per step")
checks.expect_close(part, C, np.full((2, 1), 3.0), "the last C")
checks.expect_close(part, H, outputs[-1], "the last H (outputs[-1])")
### BEGIN HIDDEN TESTS
# Against Gluon's fused LSTM over 7 steps from a non-zero state, with the
# course library's step as the cell: forward and weight gradients.
from seqmodels.gated import lstm_step as reference_step

num_steps, batch_size, num_inputs, num_hiddens = 7, 3, 5, 4
layer = gluon_lstm_layer(num_inputs, num_hiddens)
X = np.random.normal(size=(num_steps, batch_size, num_inputs))
H0 = np.random.normal(size=(batch_size, num_hiddens))
C0 = np.random.normal(size=(batch_size, num_hiddens))
with autograd.record():
    expected, [H_ref, C_ref] = layer(X, [H0[None], C0[None]])
    ((expected ** 2).sum() + C_ref.sum()).backward()
W_i2h, W_h2h, b_i2h, b_h2h = gluon_arrays(layer)
W_x, W_h, b = W_i2h.T, W_h2h.T, b_i2h + b_h2h
for a in (W_x, W_h, b):
    a.attach_grad()
with autograd.record():
    outputs, (H, C) = lstm_forward(X, (H0, C0), (W_x, W_h, b),
                                   reference_step)
    ((outputs ** 2).sum() + C.sum()).backward()
checks.expect_close(part, outputs, expected, "outputs against Gluon's "
                    "LSTM", rtol=1e-4, atol=1e-5)
checks.expect_close(part, H, H_ref[0], "the last H against Gluon's LSTM",
                    rtol=1e-4, atol=1e-5)
checks.expect_close(part, C, C_ref[0], "the last C against Gluon's LSTM",
                    rtol=1e-4, atol=1e-5)
grads = gluon_layer_params(layer, what="grad")
checks.expect_close(part, W_h.grad, grads["h2h_weight"].T,
                    "gradient of W_h2h against Gluon's LSTM",
                    rtol=1e-4, atol=1e-4)
checks.expect_close(part, b.grad, grads["i2h_bias"],
                    "gradient of the bias against Gluon's LSTM",
                    rtol=1e-4, atol=1e-4)
### END HIDDEN TESTS


# %% [markdown] id="init_lstm_params_md"
# ## Part 4 (`init_lstm_params`, 1 point): parameters and the forget bias
#
# Create the four parameters in Gluon's layout (see the top): weights drawn
# from $\mathcal{N}(0, \sigma^2)$ with `np.random.normal`, biases zero,
# **except** the forget-gate block of `b_i2h`, which is set to
# `forget_bias`. A forget bias of 1 makes $\mathbf{F} \approx 0.73$ at
# the start of training, so the memory is kept rather than wiped while the
# other weights are still random (Jozefowicz et al., 2015). Attach a
# gradient to every array (`.attach_grad()`) and return
# `(W_i2h, W_h2h, b_i2h, b_h2h)`.


# %% answer id="init_lstm_params"
def init_lstm_params(num_inputs, num_hiddens, sigma=0.01, forget_bias=1.0):
    """Task init_lstm_params: (W_i2h, W_h2h, b_i2h, b_h2h) in Gluon's
    layout, with gradients attached."""
    ### BEGIN SOLUTION
    rows = 4 * num_hiddens
    W_i2h = np.random.normal(0, sigma, size=(rows, num_inputs))
    W_h2h = np.random.normal(0, sigma, size=(rows, num_hiddens))
    b_i2h, b_h2h = np.zeros(rows), np.zeros(rows)
    b_i2h[num_hiddens:2 * num_hiddens] = forget_bias
    params = (W_i2h, W_h2h, b_i2h, b_h2h)
    for array in params:
        array.attach_grad()
    return params
    ### END SOLUTION


# %% tests id="init_lstm_params_tests" points=1
"""init_lstm_params: Gluon shapes, forget bias in block 2, grads attached."""
part = "init_lstm_params"
params = checks.expect_implemented(part, init_lstm_params, 3, 2, 0.1, 1.0)
checks.expect(part, isinstance(params, (tuple, list)) and len(params) == 4,
              "return the tuple (W_i2h, W_h2h, b_i2h, b_h2h)")
for name, array, shape in zip(("W_i2h", "W_h2h", "b_i2h", "b_h2h"), params,
                              ((8, 3), (8, 2), (8,), (8,))):
    checks.expect_shape(part, array, shape, name)
    checks.expect(part, array.grad is not None,
                  f"{name} has no gradient: call .attach_grad()")
checks.expect_close(part, params[2], np.array([0, 0, 1, 1, 0, 0, 0, 0.0]),
                    "b_i2h (forget bias in the second block)")
checks.expect_close(part, params[3], np.zeros(8), "b_h2h")
### BEGIN HIDDEN TESTS
# Statistics of the weights, and the effect of the bias in Gluon's LSTM.
W_i2h, W_h2h, b_i2h, b_h2h = init_lstm_params(40, 48, 0.05, 2.0)
for name, W in (("W_i2h", W_i2h), ("W_h2h", W_h2h)):
    std, mean = float(W.std()), float(W.mean())
    checks.expect(part, abs(std - 0.05) < 0.005 and abs(mean) < 0.005,
                  f"{name}: mean {mean:.4f}, std {std:.4f}; expected "
                  "N(0, sigma^2) with sigma = 0.05")
layer = rnn.LSTM(48, input_size=40)
layer.initialize()
params = gluon_layer_params(layer, what="param")
for key, value in zip(GLUON_KEYS, (W_i2h, W_h2h, b_i2h, b_h2h)):
    params[key].set_data(value)
zeros = np.zeros((1, 2, 48))
_, [_, C] = layer(np.zeros((1, 2, 40)), [zeros, zeros + 1])
for name, array in zip(("W_i2h", "W_h2h", "b_i2h", "b_h2h"),
                       (W_i2h, W_h2h, b_i2h, b_h2h)):
    checks.expect(part, array.dtype == np.float32, f"{name} has dtype "
                  f"{array.dtype}, expected float32 (the dtype of Gluon's "
                  "parameters and of MXNet's np arrays)")
checks.expect_close(part, C[0], np.full((2, 48), 1 / (1 + math.exp(-2))),
                    "gluon.rnn.LSTM with your parameters, zero input and "
                    "C = 1: the new C should be sigmoid(forget_bias)",
                    atol=1e-5)
### END HIDDEN TESTS


# %% [markdown] id="train_lstm_md"
# ## Part 5 (`train_lstm`, 3 points): an LSTM language model within a budget
#
# Train a character-level **LSTM** language model on *The Time Machine*
# (10,000 training windows of 32 characters, the next 5,000 windows for
# validation) so that its **validation perplexity is at most 7.5** after at
# most **640,000 training tokens** (two passes over the 320,000 training
# characters). The budget counts the characters the model is trained to
# predict, not seconds, so it is the same on a busy machine as on an idle
# one: the trainer below stops at the minibatch that reaches it, in the
# middle of an epoch if need be. (The reference solution trains in about
# 5 seconds here on an idle 2-core CPU; training is cut, and fails, only
# after 120 seconds.) `make_model` must return a model whose recurrent
# layer is an LSTM: the course's `GluonLSTM` inside `seqmodels.rnn.RNNLM`,
# or `LSTMScratch` (slower, but the budget is in tokens) inside
# `d2l.RNNLMScratch`.
#
# The book's settings (32 hidden units, minibatches of 1,024 windows,
# learning rate 4) reach only 16.9 within this budget. Think about how
# many parameter updates fit in the budget (the batch size), the width, the
# learning rate, and overfitting.


# %% locked id="train_lstm_budget"
TRAIN_BUDGET_TOKENS, TARGET_PPL = 640_000, 7.5
SAFETY_SECONDS = 120  # stops a runaway model only, never a good one


# %% answer id="train_lstm"
from seqmodels.gated import GluonLSTM
from seqmodels.rnn import RNNLM

### BEGIN SOLUTION
HPARAMS = dict(batch_size=32, num_hiddens=64, lr=4.0, max_epochs=10,
               gradient_clip_val=1.0)


def make_model(vocab_size, num_hiddens, lr):
    """Task train_lstm: a d2l language model with an LSTM layer."""
    lstm_layer = GluonLSTM(num_hiddens, num_layers=1)
    return RNNLM(lstm_layer, vocab_size=vocab_size, lr=lr)
### END SOLUTION


# %% locked id="train_lstm_run"
from seqmodels.train import LMTrainer, generate

seqmodels.set_seed()
lstm_data = TimeMachine(HPARAMS["batch_size"], 32, num_train=10000,
                        num_val=5000)
lstm_lm = make_model(len(lstm_data.vocab), HPARAMS["num_hiddens"],
                     HPARAMS["lr"])
lstm_trainer = LMTrainer(HPARAMS["max_epochs"], HPARAMS["gradient_clip_val"],
                         device=device, label="your LSTM",
                         max_seconds=SAFETY_SECONDS,
                         max_tokens=TRAIN_BUDGET_TOKENS)
lstm_history = lstm_trainer.fit(lstm_lm, lstm_data)
print(generate(lstm_lm, "time traveller ", 40, lstm_data.vocab, device))


# %% tests id="train_lstm_tests" points=3
"""train_lstm: an LSTM, validation perplexity <= 7.5 in 640,000 tokens."""
part = "train_lstm"
checks.expect(part, "lstm_history" in globals(),
              "the training cell did not run: check HPARAMS and make_model")
layer = getattr(lstm_lm, "rnn", None)
checks.expect(part, checks.type_name(getattr(layer, "rnn", None)) == "LSTM"
              or checks.type_name(layer) == "LSTMScratch",
              f"the model's recurrent layer is {checks.type_name(layer)}, "
              "not an LSTM (GluonLSTM or LSTMScratch)")
val_ppl = lstm_history.val_ppl[-1]
checks.expect(part, val_ppl <= TARGET_PPL,
              f"validation perplexity {val_ppl:.2f} is above the target "
              f"{TARGET_PPL}")
### BEGIN HIDDEN TESTS
# The grader builds the model that make_model describes from the
# library's classes, trains it within the budget and measures it itself.
from seqmodels.gated import GluonLSTM as LibraryGluonLSTM
from seqmodels.gated import LSTMScratch as LibraryLSTMScratch
from seqmodels.rnn import RNNLM as LibraryRNNLM
from seqmodels.rnn import RNNLMScratch

remeasured_ppl = checks.expect_retrained_within_budget(
    part, HPARAMS, lstm_lm, TRAIN_BUDGET_TOKENS, TARGET_PPL,
    {LibraryRNNLM: (LibraryGluonLSTM,), RNNLMScratch: (LibraryLSTMScratch,),
     d2l.RNNLMScratch: (LibraryLSTMScratch,)}, device=device,
    safety_seconds=SAFETY_SECONDS)
### END HIDDEN TESTS
