"""Misconceptions of the lstm assignment: wrong answers as students write
them. Each entry loses its part (``python tests/catalogue.py lstm``); the
feedback names the one whose results match a failed answer's.

The answers of ``init_lstm_params`` draw random weights, so a replay never
gives back the same numbers as the student's run: only the entries whose
results are all deterministic (``zero-weights``) can be named there; the
others stay in the catalogue as the teacher's list of mistakes."""

CATALOGUE = [
    # ------------------------------------------------------- lstm_gates
    dict(
        part="lstm_gates",
        name="forget-input-swapped",
        explanation="the first block of Z is taken as the forget gate and "
                    "the second as the input gate, the reverse of Gluon's "
                    "order (input, forget, candidate, output).",
        hint="check which block of h columns Gluon uses for each gate.",
        code='''
def lstm_gates(Z):
    h = Z.shape[1] // 4
    F = npx.sigmoid(Z[:, :h])
    I = npx.sigmoid(Z[:, h:2 * h])
    C_tilde = np.tanh(Z[:, 2 * h:3 * h])
    O = npx.sigmoid(Z[:, 3 * h:])
    return I, F, C_tilde, O
''',
        variant='''
def lstm_gates(Z):
    forget, inp, cand, out = np.split(Z, 4, axis=1)
    return (npx.sigmoid(inp), npx.sigmoid(forget), np.tanh(cand),
            npx.sigmoid(out))
'''),
    dict(
        part="lstm_gates",
        name="sigmoid-candidate",
        explanation="the candidate goes through a sigmoid like the gates, so "
                    "it lies in (0, 1) and the memory can never be pushed "
                    "down.",
        hint="the candidate is not a gate: look at its nonlinearity.",
        code='''
def lstm_gates(Z):
    h = Z.shape[-1] // 4
    I = npx.sigmoid(Z[:, 0:h])
    F = npx.sigmoid(Z[:, h:2 * h])
    C_tilde = npx.sigmoid(Z[:, 2 * h:3 * h])
    O = npx.sigmoid(Z[:, 3 * h:4 * h])
    return I, F, C_tilde, O
''',
        variant='''
def lstm_gates(Z):
    return tuple(np.split(npx.sigmoid(Z), 4, axis=-1))
'''),
    dict(
        part="lstm_gates",
        name="tanh-output-gate",
        explanation="the output gate uses tanh instead of a sigmoid, so it "
                    "can be negative and flips the sign of the hidden state.",
        hint="every gate (input, forget, output) is a sigmoid; only the "
             "candidate is a tanh.",
        code='''
def lstm_gates(Z):
    h = Z.shape[-1] // 4
    I = npx.sigmoid(Z[:, :h])
    F = npx.sigmoid(Z[:, h:2 * h])
    C_tilde = np.tanh(Z[:, 2 * h:3 * h])
    O = np.tanh(Z[:, 3 * h:])
    return I, F, C_tilde, O
''',
        variant='''
def lstm_gates(Z):
    blocks = np.split(Z, 4, axis=1)
    funcs = [npx.sigmoid, npx.sigmoid, np.tanh, np.tanh]
    out = []
    for f, b in zip(funcs, blocks):
        out.append(f(b))
    return tuple(out)
'''),
    dict(
        part="lstm_gates",
        name="interleaved-blocks",
        explanation="the gates are read from interleaved columns (every "
                    "fourth column) instead of four contiguous blocks of h "
                    "columns, so each gate mixes all four pre-activations.",
        hint="Gluon stacks the four blocks one after the other along the "
             "columns: the first h columns, then the next h, ...",
        code='''
def lstm_gates(Z):
    I = npx.sigmoid(Z[:, 0::4])
    F = npx.sigmoid(Z[:, 1::4])
    C_tilde = np.tanh(Z[:, 2::4])
    O = npx.sigmoid(Z[:, 3::4])
    return I, F, C_tilde, O
''',
        variant='''
def lstm_gates(Z):
    G = Z.reshape(Z.shape[0], -1, 4)
    return (npx.sigmoid(G[:, :, 0]), npx.sigmoid(G[:, :, 1]),
            np.tanh(G[:, :, 2]), npx.sigmoid(G[:, :, 3]))
'''),
    dict(
        part="lstm_gates",
        name="hard-coded-width",
        explanation="the block width is fixed at 3 (the visible test's h), "
                    "so with any other number of hidden units the gates "
                    "take the wrong columns.",
        hint="compute h from the shape of Z.",
        code='''
def lstm_gates(Z):
    h = 3
    I = npx.sigmoid(Z[:, :h])
    F = npx.sigmoid(Z[:, h:2 * h])
    C_tilde = np.tanh(Z[:, 2 * h:3 * h])
    O = npx.sigmoid(Z[:, 3 * h:4 * h])
    return I, F, C_tilde, O
''',
        variant='''
def lstm_gates(Z):
    return (npx.sigmoid(Z[:, 0:3]), npx.sigmoid(Z[:, 3:6]),
            np.tanh(Z[:, 6:9]), npx.sigmoid(Z[:, 9:12]))
'''),
    dict(
        part="lstm_gates",
        name="tensorflow-order",
        explanation="the blocks are read in TensorFlow's order (input, "
                    "candidate, forget, output), not Gluon's (input, forget, "
                    "candidate, output).",
        hint="reread the parameter layout at the top: the third block is "
             "the candidate.",
        code='''
def lstm_gates(Z):
    h = Z.shape[-1] // 4
    I = npx.sigmoid(Z[:, :h])
    C_tilde = np.tanh(Z[:, h:2 * h])
    F = npx.sigmoid(Z[:, 2 * h:3 * h])
    O = npx.sigmoid(Z[:, 3 * h:])
    return I, F, C_tilde, O
''',
        variant='''
def lstm_gates(Z):
    i, j, f, o = np.split(Z, 4, axis=-1)
    return npx.sigmoid(i), npx.sigmoid(f), np.tanh(j), npx.sigmoid(o)
'''),
    dict(
        part="lstm_gates",
        name="naive-sigmoid-overflow",
        explanation="the sigmoid is written as exp(z) / (1 + exp(z)): for a "
                    "large pre-activation exp(z) overflows to inf and the "
                    "gate becomes nan (inf / inf).",
        hint="use npx.sigmoid, or a form in which exp can only underflow "
             "for large positive z.",
        code='''
def lstm_gates(Z):
    h = Z.shape[-1] // 4

    def sigmoid(x):
        return np.exp(x) / (1 + np.exp(x))

    return (sigmoid(Z[:, :h]), sigmoid(Z[:, h:2 * h]),
            np.tanh(Z[:, 2 * h:3 * h]), sigmoid(Z[:, 3 * h:]))
''',
        variant='''
def lstm_gates(Z):
    i, f, c, o = np.split(Z, 4, axis=1)
    gates = []
    for block in (i, f, o):
        e = np.exp(block)
        gates.append(e / (e + 1.0))
    return gates[0], gates[1], np.tanh(c), gates[2]
'''),
    dict(
        part="lstm_gates",
        name="naive-tanh-overflow",
        explanation="tanh is written with exponentials, (e^z - e^-z) / "
                    "(e^z + e^-z): for a large |z| one exponential "
                    "overflows and the candidate becomes nan.",
        hint="use np.tanh, which is computed without overflow.",
        code='''
def lstm_gates(Z):
    h = Z.shape[-1] // 4
    c = Z[:, 2 * h:3 * h]
    C_tilde = (np.exp(c) - np.exp(-c)) / (np.exp(c) + np.exp(-c))
    return (npx.sigmoid(Z[:, :h]), npx.sigmoid(Z[:, h:2 * h]), C_tilde,
            npx.sigmoid(Z[:, 3 * h:]))
''',
        variant='''
def lstm_gates(Z):
    i, f, c, o = np.split(Z, 4, axis=-1)
    return npx.sigmoid(i), npx.sigmoid(f), np.sinh(c) / np.cosh(c), \\
        npx.sigmoid(o)
'''),
    dict(
        part="lstm_gates",
        name="casts-to-float32",
        explanation="Z is cast to float32, so float64 pre-activations lose "
                    "their precision and the gates (and their gradients) "
                    "are only float32-accurate.",
        hint="keep the dtype of Z; do not cast.",
        code='''
def lstm_gates(Z):
    Z = Z.astype("float32")
    h = Z.shape[-1] // 4
    I = npx.sigmoid(Z[:, :h])
    F = npx.sigmoid(Z[:, h:2 * h])
    C_tilde = np.tanh(Z[:, 2 * h:3 * h])
    O = npx.sigmoid(Z[:, 3 * h:])
    return I, F, C_tilde, O
''',
        variant='''
def lstm_gates(Z):
    blocks = np.split(Z, 4, axis=-1)
    blocks = [b.astype(np.float32) for b in blocks]
    return (npx.sigmoid(blocks[0]), npx.sigmoid(blocks[1]),
            np.tanh(blocks[2]), npx.sigmoid(blocks[3]))
'''),
    # -------------------------------------------------------- lstm_cell
    dict(
        part="lstm_cell",
        name="forget-input-swapped",
        explanation="the input gate scales the old memory and the forget "
                    "gate the candidate, the reverse of C_t = F C_{t-1} + "
                    "I C_tilde.",
        hint="which gate decides how much of the old memory is kept?",
        code='''
def lstm_cell(X, state, W_i2h, W_h2h, b_i2h, b_h2h, gates=lstm_gates):
    H, C = state
    Z = np.dot(X, W_i2h.T) + b_i2h + np.dot(H, W_h2h.T) + b_h2h
    I, F, C_tilde, O = gates(Z)
    C = I * C + F * C_tilde
    H = O * np.tanh(C)
    return H, (H, C)
''',
        variant='''
def lstm_cell(X, state, W_i2h, W_h2h, b_i2h, b_h2h, gates=lstm_gates):
    h_prev, c_prev = state
    z = X @ W_i2h.T + h_prev @ W_h2h.T + b_i2h + b_h2h
    i, f, g, o = gates(z)
    c = f * g + i * c_prev
    h = o * np.tanh(c)
    return h, (h, c)
'''),
    dict(
        part="lstm_cell",
        name="no-tanh-on-memory",
        explanation="the output is O * C_t without tanh, so the hidden state "
                    "is unbounded like the memory.",
        hint="the memory is squashed before the output gate scales it.",
        code='''
def lstm_cell(X, state, W_i2h, W_h2h, b_i2h, b_h2h, gates=lstm_gates):
    H, C = state
    Z = np.dot(X, W_i2h.T) + b_i2h + np.dot(H, W_h2h.T) + b_h2h
    I, F, C_tilde, O = gates(Z)
    C = F * C + I * C_tilde
    H = O * C
    return H, (H, C)
''',
        variant='''
def lstm_cell(X, state, W_i2h, W_h2h, b_i2h, b_h2h, gates=lstm_gates):
    Z = np.dot(X, W_i2h.T) + np.dot(state[0], W_h2h.T) + (b_i2h + b_h2h)
    g = gates(Z)
    memory = g[1] * state[1] + g[0] * g[2]
    out = memory * g[3]
    return out, (out, memory)
'''),
    dict(
        part="lstm_cell",
        name="no-output-gate",
        explanation="the output is tanh(C_t) and the output gate O is "
                    "computed but never used.",
        hint="which gate decides how much of the memory is shown as H_t?",
        code='''
def lstm_cell(X, state, W_i2h, W_h2h, b_i2h, b_h2h, gates=lstm_gates):
    H, C = state
    Z = np.dot(X, W_i2h.T) + b_i2h + np.dot(H, W_h2h.T) + b_h2h
    I, F, C_tilde, O = gates(Z)
    C = F * C + I * C_tilde
    H = np.tanh(C)
    return H, (H, C)
''',
        variant='''
def lstm_cell(X, state, W_i2h, W_h2h, b_i2h, b_h2h, gates=lstm_gates):
    H_prev, C_prev = state
    pre = (X @ W_i2h.T + b_i2h) + (H_prev @ W_h2h.T + b_h2h)
    i, f, c_hat, _ = gates(pre)
    C_new = f * C_prev + i * c_hat
    return np.tanh(C_new), (np.tanh(C_new), C_new)
'''),
    dict(
        part="lstm_cell",
        name="coupled-gates",
        explanation="the candidate is scaled by 1 - F (as in a GRU) instead "
                    "of by the input gate I, which is never used.",
        hint="an LSTM has a separate input gate: C_t = F C_{t-1} + "
             "I C_tilde.",
        code='''
def lstm_cell(X, state, W_i2h, W_h2h, b_i2h, b_h2h, gates=lstm_gates):
    H, C = state
    Z = np.dot(X, W_i2h.T) + b_i2h + np.dot(H, W_h2h.T) + b_h2h
    I, F, C_tilde, O = gates(Z)
    C = F * C + (1 - F) * C_tilde
    H = O * np.tanh(C)
    return H, (H, C)
''',
        variant='''
def lstm_cell(X, state, W_i2h, W_h2h, b_i2h, b_h2h, gates=lstm_gates):
    H_prev, C_prev = state
    Z = np.dot(X, W_i2h.T) + np.dot(H_prev, W_h2h.T) + b_i2h + b_h2h
    _, F, C_tilde, O = gates(Z)
    C_new = C_tilde + F * (C_prev - C_tilde)
    H_new = O * np.tanh(C_new)
    return H_new, (H_new, C_new)
'''),
    dict(
        part="lstm_cell",
        name="missing-recurrent-bias",
        explanation="b_h2h is left out of the pre-activation; Gluon adds "
                    "both biases, b_i2h and b_h2h.",
        hint="count the terms of Z in the layout at the top: there are "
             "four.",
        code='''
def lstm_cell(X, state, W_i2h, W_h2h, b_i2h, b_h2h, gates=lstm_gates):
    H, C = state
    Z = np.dot(X, W_i2h.T) + np.dot(H, W_h2h.T) + b_i2h
    I, F, C_tilde, O = gates(Z)
    C = F * C + I * C_tilde
    H = O * np.tanh(C)
    return H, (H, C)
''',
        variant='''
def lstm_cell(X, state, W_i2h, W_h2h, b_i2h, b_h2h, gates=lstm_gates):
    H_prev, C_prev = state
    XH = np.concatenate([X, H_prev], axis=1)
    W = np.concatenate([W_i2h, W_h2h], axis=1)
    I, F, C_tilde, O = gates(np.dot(XH, W.T) + b_i2h)
    C_new = F * C_prev + I * C_tilde
    H_new = O * np.tanh(C_new)
    return H_new, (H_new, C_new)
'''),
    dict(
        part="lstm_cell",
        name="state-keeps-old-H",
        explanation="the returned state holds the previous H with the new "
                    "C, so the next step sees a hidden state that never "
                    "changes.",
        hint="the state passed on is the pair of the NEW H and the new C.",
        code='''
def lstm_cell(X, state, W_i2h, W_h2h, b_i2h, b_h2h, gates=lstm_gates):
    H, C = state
    Z = np.dot(X, W_i2h.T) + b_i2h + np.dot(H, W_h2h.T) + b_h2h
    I, F, C_tilde, O = gates(Z)
    C_new = F * C + I * C_tilde
    H_new = O * np.tanh(C_new)
    return H_new, (H, C_new)
''',
        variant='''
def lstm_cell(X, state, W_i2h, W_h2h, b_i2h, b_h2h, gates=lstm_gates):
    Z = X @ W_i2h.T + state[0] @ W_h2h.T + b_i2h + b_h2h
    I, F, C_tilde, O = gates(Z)
    memory = F * state[1] + I * C_tilde
    return O * np.tanh(memory), (state[0], memory)
'''),
    dict(
        part="lstm_cell",
        name="state-order-swapped",
        explanation="the new state is returned as (C, H) instead of "
                    "(H, C), so the next step takes the memory for the "
                    "hidden state.",
        hint="look at the order of the returned state: (H, (H, C)).",
        code='''
def lstm_cell(X, state, W_i2h, W_h2h, b_i2h, b_h2h, gates=lstm_gates):
    H, C = state
    Z = np.dot(X, W_i2h.T) + b_i2h + np.dot(H, W_h2h.T) + b_h2h
    I, F, C_tilde, O = gates(Z)
    C = F * C + I * C_tilde
    H = O * np.tanh(C)
    return H, (C, H)
''',
        variant='''
def lstm_cell(X, state, W_i2h, W_h2h, b_i2h, b_h2h, gates=lstm_gates):
    H_prev, C_prev = state
    I, F, C_tilde, O = gates(X @ W_i2h.T + H_prev @ W_h2h.T
                             + b_i2h + b_h2h)
    new_state = [F * C_prev + I * C_tilde]
    new_state.append(O * np.tanh(new_state[0]))
    return new_state[1], tuple(new_state)
'''),
    dict(
        part="lstm_cell",
        name="old-memory-in-output",
        explanation="H_t is computed from tanh of the previous memory "
                    "C_{t-1} instead of the new C_t.",
        hint="update the memory first, then compute H_t from it.",
        code='''
def lstm_cell(X, state, W_i2h, W_h2h, b_i2h, b_h2h, gates=lstm_gates):
    H, C = state
    Z = np.dot(X, W_i2h.T) + b_i2h + np.dot(H, W_h2h.T) + b_h2h
    I, F, C_tilde, O = gates(Z)
    H_new = O * np.tanh(C)
    C_new = F * C + I * C_tilde
    return H_new, (H_new, C_new)
''',
        variant='''
def lstm_cell(X, state, W_i2h, W_h2h, b_i2h, b_h2h, gates=lstm_gates):
    H_prev, C_prev = state
    Z = (X @ W_i2h.T + b_i2h) + (H_prev @ W_h2h.T + b_h2h)
    I, F, C_tilde, O = gates(Z)
    out = O * np.tanh(C_prev)
    return out, (out, C_tilde * I + C_prev * F)
'''),
    dict(
        part="lstm_cell",
        name="tanh-outside-gate",
        explanation="the output is tanh(O * C_t): the gate is applied "
                    "inside the tanh instead of scaling tanh(C_t).",
        hint="H_t = O * tanh(C_t): the tanh is applied to the memory "
             "alone.",
        code='''
def lstm_cell(X, state, W_i2h, W_h2h, b_i2h, b_h2h, gates=lstm_gates):
    H, C = state
    Z = np.dot(X, W_i2h.T) + b_i2h + np.dot(H, W_h2h.T) + b_h2h
    I, F, C_tilde, O = gates(Z)
    C = F * C + I * C_tilde
    H = np.tanh(O * C)
    return H, (H, C)
''',
        variant='''
def lstm_cell(X, state, W_i2h, W_h2h, b_i2h, b_h2h, gates=lstm_gates):
    H_prev, C_prev = state
    Z = np.dot(X, W_i2h.T) + np.dot(H_prev, W_h2h.T) + b_h2h + b_i2h
    I, F, C_tilde, O = gates(Z)
    C_new = F * C_prev + I * C_tilde
    gated = O * C_new
    H_new = np.tanh(gated)
    return H_new, (H_new, C_new)
'''),
    # ----------------------------------------------------- lstm_forward
    dict(
        part="lstm_forward",
        name="memory-reset-each-step",
        explanation="H is carried from step to step but every step starts "
                    "from the initial memory C, so the memory never "
                    "accumulates.",
        hint="the whole state (H, C) returned by the cell is the next "
             "step's state.",
        code='''
def lstm_forward(inputs, state, params, cell=lstm_cell):
    H, C0 = state
    outputs = []
    for X in inputs:
        H, (H, C) = cell(X, (H, C0), *params)
        outputs.append(H)
    return np.stack(outputs), (H, C)
''',
        variant='''
def lstm_forward(inputs, state, params, cell=lstm_cell):
    H, C_init = state
    hs = []
    for t in range(inputs.shape[0]):
        out, (H, C) = cell(inputs[t], (H, C_init), *params)
        hs.append(out)
    return np.stack(hs, axis=0), (H, C)
'''),
    dict(
        part="lstm_forward",
        name="hidden-reset-each-step",
        explanation="the memory C is carried from step to step but every "
                    "step is given the initial H, so the gates never see "
                    "the previous output.",
        hint="the whole state (H, C) returned by the cell is the next "
             "step's state.",
        code='''
def lstm_forward(inputs, state, params, cell=lstm_cell):
    H0, C = state
    outputs = []
    for X in inputs:
        H, (_, C) = cell(X, (H0, C), *params)
        outputs.append(H)
    return np.stack(outputs), (H, C)
''',
        variant='''
def lstm_forward(inputs, state, params, cell=lstm_cell):
    hs = []
    memory = state[1]
    for t in range(inputs.shape[0]):
        out, new_state = cell(inputs[t], (state[0], memory), *params)
        memory = new_state[1]
        hs.append(out)
    return np.stack(hs, axis=0), (hs[-1], memory)
'''),
    dict(
        part="lstm_forward",
        name="outputs-shifted",
        explanation="the outputs start with the initial H and miss the last "
                    "step's: each output is the state before its step "
                    "instead of after it.",
        hint="output t is the H returned by the cell at step t.",
        code='''
def lstm_forward(inputs, state, params, cell=lstm_cell):
    outputs = []
    for X in inputs:
        outputs.append(state[0])
        _, state = cell(X, state, *params)
    return np.stack(outputs), tuple(state)
''',
        variant='''
def lstm_forward(inputs, state, params, cell=lstm_cell):
    hs = [state[0]]
    for t in range(inputs.shape[0]):
        H, state = cell(inputs[t], state, *params)
        hs.append(H)
    return np.stack(hs[:-1], axis=0), (state[0], state[1])
'''),
    dict(
        part="lstm_forward",
        name="last-step-dropped",
        explanation="the loop stops one step early (range(num_steps - 1)), "
                    "so the last input is never read.",
        hint="count the steps: range(n) already stops at n - 1.",
        code='''
def lstm_forward(inputs, state, params, cell=lstm_cell):
    hs = []
    for t in range(inputs.shape[0] - 1):
        H, state = cell(inputs[t], state, *params)
        hs.append(H)
    return np.stack(hs, axis=0), tuple(state)
''',
        variant='''
def lstm_forward(inputs, state, params, cell=lstm_cell):
    outputs = []
    for X in inputs[:-1]:
        out, state = cell(X, state, *params)
        outputs.append(out)
    H, C = state
    return np.stack(outputs), (H, C)
'''),
    dict(
        part="lstm_forward",
        name="hard-coded-steps",
        explanation="the loop runs 3 steps (the visible test's length) "
                    "instead of every step of the input.",
        hint="take the number of steps from the shape of inputs.",
        code='''
def lstm_forward(inputs, state, params, cell=lstm_cell):
    hs = []
    for t in range(3):
        H, state = cell(inputs[t], state, *params)
        hs.append(H)
    return np.stack(hs, axis=0), tuple(state)
''',
        variant='''
def lstm_forward(inputs, state, params, cell=lstm_cell):
    outputs = []
    for X in inputs[:3]:
        out, state = cell(X, state, *params)
        outputs.append(out)
    return np.stack(outputs), (state[0], state[1])
'''),
    dict(
        part="lstm_forward",
        name="wrong-stack-axis",
        explanation="the outputs are stacked along axis 1, giving shape "
                    "(batch_size, num_steps, h) instead of (num_steps, "
                    "batch_size, h).",
        hint="time is the first axis of the outputs, like of the inputs.",
        code='''
def lstm_forward(inputs, state, params, cell=lstm_cell):
    hs = []
    for t in range(inputs.shape[0]):
        H, state = cell(inputs[t], state, *params)
        hs.append(H)
    return np.stack(hs, axis=1), tuple(state)
''',
        variant='''
def lstm_forward(inputs, state, params, cell=lstm_cell):
    outputs = []
    for X in inputs:
        out, state = cell(X, state, *params)
        outputs.append(out)
    return np.stack(outputs).transpose(1, 0, 2), (state[0], state[1])
'''),
    dict(
        part="lstm_forward",
        name="state-order-swapped",
        explanation="the last state is returned as (C, H) instead of "
                    "(H, C).",
        hint="look at the order of the returned state: (outputs, (H, C)).",
        code='''
def lstm_forward(inputs, state, params, cell=lstm_cell):
    hs = []
    for t in range(inputs.shape[0]):
        H, state = cell(inputs[t], state, *params)
        hs.append(H)
    H, C = state
    return np.stack(hs, axis=0), (C, H)
''',
        variant='''
def lstm_forward(inputs, state, params, cell=lstm_cell):
    outputs = []
    for X in inputs:
        out, state = cell(X, state, *params)
        outputs.append(out)
    return np.stack(outputs), tuple(reversed(tuple(state)))
'''),
    dict(
        part="lstm_forward",
        name="memory-as-output",
        explanation="the outputs collect the memory C of each step instead "
                    "of the hidden state H that the cell returns first.",
        hint="the output of a step is the first value the cell returns.",
        code='''
def lstm_forward(inputs, state, params, cell=lstm_cell):
    outputs = []
    for X in inputs:
        _, state = cell(X, state, *params)
        outputs.append(state[1])
    return np.stack(outputs), tuple(state)
''',
        variant='''
def lstm_forward(inputs, state, params, cell=lstm_cell):
    cs = []
    H, C = state
    for t in range(inputs.shape[0]):
        _, (H, C) = cell(inputs[t], (H, C), *params)
        cs.append(C)
    return np.stack(cs, axis=0), (H, C)
'''),
    dict(
        part="lstm_forward",
        name="outputs-as-list",
        explanation="the outputs are returned as a Python list of arrays, "
                    "not stacked into one array of shape (num_steps, "
                    "batch_size, h).",
        hint="stack the list of per-step outputs into one array.",
        code='''
def lstm_forward(inputs, state, params, cell=lstm_cell):
    outputs = []
    for X in inputs:
        H, state = cell(X, state, *params)
        outputs.append(H)
    return outputs, tuple(state)
''',
        variant='''
def lstm_forward(inputs, state, params, cell=lstm_cell):
    hs = list()
    H, C = state
    for t in range(inputs.shape[0]):
        out, (H, C) = cell(inputs[t], (H, C), *params)
        hs += [out]
    return hs, (H, C)
'''),
    dict(
        part="lstm_forward",
        name="initial-state-returned",
        explanation="the outputs are right but the returned state is the "
                    "initial one: the loop's new state is kept under "
                    "another name.",
        hint="return the state after the last step.",
        code='''
def lstm_forward(inputs, state, params, cell=lstm_cell):
    H, C = state
    outputs = []
    new_state = state
    for X in inputs:
        out, new_state = cell(X, new_state, *params)
        outputs.append(out)
    return np.stack(outputs), (H, C)
''',
        variant='''
def lstm_forward(inputs, state, params, cell=lstm_cell):
    hs = []
    s = state
    for t in range(inputs.shape[0]):
        h, s = cell(inputs[t], s, *params)
        hs.append(h)
    return np.stack(hs, axis=0), tuple(state)
'''),
    # -------------------------------------------------- init_lstm_params
    dict(
        part="init_lstm_params",
        name="forget-bias-in-input-block",
        explanation="the forget bias is written into the first block of "
                    "b_i2h, which is the input gate's, not the forget "
                    "gate's.",
        hint="in Gluon's order the forget gate is the second block of h "
             "entries.",
        code='''
def init_lstm_params(num_inputs, num_hiddens, sigma=0.01, forget_bias=1.0):
    W_i2h = np.random.normal(0, sigma, size=(4 * num_hiddens, num_inputs))
    W_h2h = np.random.normal(0, sigma, size=(4 * num_hiddens, num_hiddens))
    b_i2h, b_h2h = np.zeros(4 * num_hiddens), np.zeros(4 * num_hiddens)
    b_i2h[:num_hiddens] = forget_bias
    for p in (W_i2h, W_h2h, b_i2h, b_h2h):
        p.attach_grad()
    return W_i2h, W_h2h, b_i2h, b_h2h
''',
        variant='''
def init_lstm_params(num_inputs, num_hiddens, sigma=0.01, forget_bias=1.0):
    h = num_hiddens
    b_i2h = np.concatenate([np.full(h, forget_bias), np.zeros(3 * h)])
    params = (np.random.normal(scale=sigma, size=(4 * h, num_inputs)),
              np.random.normal(scale=sigma, size=(4 * h, h)),
              b_i2h, np.zeros(4 * h))
    for p in params:
        p.attach_grad()
    return params
'''),
    dict(
        part="init_lstm_params",
        name="aliased-biases",
        explanation="b_i2h and b_h2h are the same array, so the forget bias "
                    "written into one is in the other too (and Gluon adds "
                    "it twice).",
        hint="create two separate bias arrays: `a = b = np.zeros(n)` makes "
             "one array with two names.",
        code='''
def init_lstm_params(num_inputs, num_hiddens, sigma=0.01, forget_bias=1.0):
    rows = 4 * num_hiddens
    W_i2h = np.random.normal(0, sigma, size=(rows, num_inputs))
    W_h2h = np.random.normal(0, sigma, size=(rows, num_hiddens))
    b_i2h = b_h2h = np.zeros(rows)
    b_i2h[num_hiddens:2 * num_hiddens] = forget_bias
    params = (W_i2h, W_h2h, b_i2h, b_h2h)
    for array in params:
        array.attach_grad()
    return params
''',
        variant='''
def init_lstm_params(num_inputs, num_hiddens, sigma=0.01, forget_bias=1.0):
    h = num_hiddens
    bias = np.zeros(4 * h)
    bias[h:2 * h] = forget_bias
    W_i2h = sigma * np.random.normal(size=(4 * h, num_inputs))
    W_h2h = sigma * np.random.normal(size=(4 * h, h))
    out = [W_i2h, W_h2h, bias, bias]
    for a in out:
        a.attach_grad()
    return tuple(out)
'''),
    dict(
        part="init_lstm_params",
        name="sigma-as-variance",
        explanation="the weights are drawn with standard deviation sigma ** "
                    "2 (N(0, sigma^2) read as the scale), so they are far "
                    "smaller than asked.",
        hint="np.random.normal's scale is the standard deviation, sigma, "
             "not the variance.",
        code='''
def init_lstm_params(num_inputs, num_hiddens, sigma=0.01, forget_bias=1.0):
    rows = 4 * num_hiddens
    W_i2h = np.random.normal(0, sigma ** 2, size=(rows, num_inputs))
    W_h2h = np.random.normal(0, sigma ** 2, size=(rows, num_hiddens))
    b_i2h, b_h2h = np.zeros(rows), np.zeros(rows)
    b_i2h[num_hiddens:2 * num_hiddens] = forget_bias
    params = (W_i2h, W_h2h, b_i2h, b_h2h)
    for array in params:
        array.attach_grad()
    return params
''',
        variant='''
def init_lstm_params(num_inputs, num_hiddens, sigma=0.01, forget_bias=1.0):
    variance = sigma * sigma
    shapes = [(4 * num_hiddens, num_inputs), (4 * num_hiddens, num_hiddens)]
    Ws = [np.random.normal(size=s) * variance for s in shapes]
    b1 = np.zeros(4 * num_hiddens)
    b1[num_hiddens:2 * num_hiddens] = forget_bias
    b2 = np.zeros(4 * num_hiddens)
    params = (Ws[0], Ws[1], b1, b2)
    for p in params:
        p.attach_grad()
    return params
'''),
    dict(
        part="init_lstm_params",
        name="d2l-layout",
        explanation="the weights have the book's layout, (num_inputs, 4h) "
                    "and (h, 4h), the transposes of Gluon's (4h, num_inputs) "
                    "and (4h, h).",
        hint="Gluon stores each weight with the 4h gate rows first.",
        code='''
def init_lstm_params(num_inputs, num_hiddens, sigma=0.01, forget_bias=1.0):
    W_i2h = np.random.normal(0, sigma, size=(num_inputs, 4 * num_hiddens))
    W_h2h = np.random.normal(0, sigma, size=(num_hiddens, 4 * num_hiddens))
    b_i2h, b_h2h = np.zeros(4 * num_hiddens), np.zeros(4 * num_hiddens)
    b_i2h[num_hiddens:2 * num_hiddens] = forget_bias
    for p in (W_i2h, W_h2h, b_i2h, b_h2h):
        p.attach_grad()
    return W_i2h, W_h2h, b_i2h, b_h2h
''',
        variant='''
def init_lstm_params(num_inputs, num_hiddens, sigma=0.01, forget_bias=1.0):
    h = num_hiddens
    W_i2h = np.random.normal(0, sigma, size=(4 * h, num_inputs)).T.copy()
    W_h2h = np.random.normal(0, sigma, size=(4 * h, h)).T.copy()
    b_i2h = np.concatenate([np.zeros(h), np.full(h, forget_bias),
                            np.zeros(2 * h)])
    b_h2h = np.zeros(4 * h)
    for p in (W_i2h, W_h2h, b_i2h, b_h2h):
        p.attach_grad()
    return W_i2h, W_h2h, b_i2h, b_h2h
'''),
    dict(
        part="init_lstm_params",
        name="forget-bias-hard-coded",
        explanation="the forget-gate block is set to 1 whatever forget_bias "
                    "is passed.",
        hint="use the argument forget_bias, not the default value.",
        code='''
def init_lstm_params(num_inputs, num_hiddens, sigma=0.01, forget_bias=1.0):
    rows = 4 * num_hiddens
    W_i2h = np.random.normal(0, sigma, size=(rows, num_inputs))
    W_h2h = np.random.normal(0, sigma, size=(rows, num_hiddens))
    b_i2h, b_h2h = np.zeros(rows), np.zeros(rows)
    b_i2h[num_hiddens:2 * num_hiddens] = 1.0
    params = (W_i2h, W_h2h, b_i2h, b_h2h)
    for array in params:
        array.attach_grad()
    return params
''',
        variant='''
def init_lstm_params(num_inputs, num_hiddens, sigma=0.01, forget_bias=1.0):
    h = num_hiddens
    b_i2h = np.concatenate([np.zeros(h), np.ones(h), np.zeros(2 * h)])
    out = (np.random.normal(0, sigma, (4 * h, num_inputs)),
           np.random.normal(0, sigma, (4 * h, h)), b_i2h, np.zeros(4 * h))
    for a in out:
        a.attach_grad()
    return out
'''),
    dict(
        part="init_lstm_params",
        name="no-attach-grad",
        explanation="the arrays are returned without .attach_grad(), so "
                    "autograd computes no gradient for them and training "
                    "cannot update them.",
        hint="call .attach_grad() on each of the four arrays.",
        code='''
def init_lstm_params(num_inputs, num_hiddens, sigma=0.01, forget_bias=1.0):
    rows = 4 * num_hiddens
    W_i2h = np.random.normal(0, sigma, size=(rows, num_inputs))
    W_h2h = np.random.normal(0, sigma, size=(rows, num_hiddens))
    b_i2h, b_h2h = np.zeros(rows), np.zeros(rows)
    b_i2h[num_hiddens:2 * num_hiddens] = forget_bias
    return W_i2h, W_h2h, b_i2h, b_h2h
''',
        variant='''
def init_lstm_params(num_inputs, num_hiddens, sigma=0.01, forget_bias=1.0):
    h = num_hiddens
    W = [np.random.normal(scale=sigma, size=(4 * h, n))
         for n in (num_inputs, h)]
    b = np.zeros(4 * h)
    b[h:2 * h] = forget_bias
    return W[0], W[1], b, np.zeros(4 * h)
'''),
    dict(
        part="init_lstm_params",
        name="zero-weights",
        explanation="the weights are zero like the biases, so every hidden "
                    "unit computes the same thing and they stay identical "
                    "during training.",
        hint="only the biases start at zero: draw the weights with "
             "np.random.normal.",
        code='''
def init_lstm_params(num_inputs, num_hiddens, sigma=0.01, forget_bias=1.0):
    rows = 4 * num_hiddens
    W_i2h = np.zeros((rows, num_inputs))
    W_h2h = np.zeros((rows, num_hiddens))
    b_i2h, b_h2h = np.zeros(rows), np.zeros(rows)
    b_i2h[num_hiddens:2 * num_hiddens] = forget_bias
    for p in (W_i2h, W_h2h, b_i2h, b_h2h):
        p.attach_grad()
    return W_i2h, W_h2h, b_i2h, b_h2h
''',
        variant='''
def init_lstm_params(num_inputs, num_hiddens, sigma=0.01, forget_bias=1.0):
    h = num_hiddens
    shapes = [(4 * h, num_inputs), (4 * h, h), (4 * h,), (4 * h,)]
    params = [np.zeros(s) for s in shapes]
    params[2][h:2 * h] = forget_bias
    for p in params:
        p.attach_grad()
    return tuple(params)
'''),
    dict(
        part="init_lstm_params",
        name="float64-biases",
        explanation="the biases are built with the standard numpy (onp) and "
                    "converted, so they are float64 while the weights and "
                    "Gluon's parameters are float32.",
        hint="create every array with MXNet's np; check the dtypes you "
             "return.",
        code='''
import numpy as onp


def init_lstm_params(num_inputs, num_hiddens, sigma=0.01, forget_bias=1.0):
    rows = 4 * num_hiddens
    W_i2h = np.random.normal(0, sigma, size=(rows, num_inputs))
    W_h2h = np.random.normal(0, sigma, size=(rows, num_hiddens))
    b = onp.zeros(rows)
    b[num_hiddens:2 * num_hiddens] = forget_bias
    b_i2h, b_h2h = np.array(b), np.array(onp.zeros(rows))
    for p in (W_i2h, W_h2h, b_i2h, b_h2h):
        p.attach_grad()
    return W_i2h, W_h2h, b_i2h, b_h2h
''',
        variant='''
def init_lstm_params(num_inputs, num_hiddens, sigma=0.01, forget_bias=1.0):
    h = num_hiddens
    b_i2h = np.zeros(4 * h, dtype="float64")
    b_i2h[h:2 * h] = forget_bias
    b_h2h = np.zeros(4 * h, dtype="float64")
    W_i2h = np.random.normal(0, sigma, (4 * h, num_inputs))
    W_h2h = np.random.normal(0, sigma, (4 * h, h))
    for p in (W_i2h, W_h2h, b_i2h, b_h2h):
        p.attach_grad()
    return W_i2h, W_h2h, b_i2h, b_h2h
'''),
    # ------------------------------------------------------- train_lstm
    dict(
        part="train_lstm",
        name="book-settings",
        explanation="the book's settings (minibatches of 1,024 windows) "
                    "make only about 10 updates per epoch, far too few "
                    "within the budget of tokens.",
        hint="the budget counts tokens, so a smaller batch gives many more "
             "parameter updates for the same cost.",
        code='''
from seqmodels.gated import GluonLSTM
from seqmodels.rnn import RNNLM

HPARAMS = dict(batch_size=1024, num_hiddens=32, lr=4.0, max_epochs=10,
               gradient_clip_val=1.0)


def make_model(vocab_size, num_hiddens, lr):
    return RNNLM(GluonLSTM(num_hiddens), vocab_size=vocab_size, lr=lr)
'''),
    dict(
        part="train_lstm",
        name="lr-too-small",
        explanation="a learning rate of 0.05 with plain SGD moves the "
                    "weights so little that the model is still near uniform "
                    "guessing when the budget runs out.",
        hint="plain SGD on this model needs a learning rate of the order "
             "of 1.",
        code='''
from seqmodels.gated import GluonLSTM
from seqmodels.rnn import RNNLM

HPARAMS = dict(batch_size=32, num_hiddens=64, lr=0.05, max_epochs=10,
               gradient_clip_val=1.0)


def make_model(vocab_size, num_hiddens, lr):
    return RNNLM(GluonLSTM(num_hiddens), vocab_size=vocab_size, lr=lr)
'''),
    dict(
        part="train_lstm",
        name="lr-not-passed",
        explanation="make_model ignores its lr argument, so the model "
                    "trains with d2l's default learning rate of 0.01.",
        hint="pass lr on to the model you build.",
        code='''
from seqmodels.gated import GluonLSTM
from seqmodels.rnn import RNNLM

HPARAMS = dict(batch_size=32, num_hiddens=64, lr=4.0, max_epochs=10,
               gradient_clip_val=1.0)


def make_model(vocab_size, num_hiddens, lr):
    return RNNLM(GluonLSTM(num_hiddens), vocab_size=vocab_size)
'''),
    dict(
        part="train_lstm",
        name="too-few-hidden-units",
        explanation="8 hidden units cannot model the characters well enough "
                    "to reach the target perplexity.",
        hint="give the LSTM enough hidden units (tens, not a handful).",
        code='''
from seqmodels.gated import GluonLSTM
from seqmodels.rnn import RNNLM

HPARAMS = dict(batch_size=32, num_hiddens=8, lr=4.0, max_epochs=10,
               gradient_clip_val=1.0)


def make_model(vocab_size, num_hiddens, lr):
    return RNNLM(GluonLSTM(num_hiddens), vocab_size=vocab_size, lr=lr)
'''),
    dict(
        part="train_lstm",
        name="plain-rnn",
        explanation="the model's recurrent layer is a plain RNN, not the "
                    "LSTM the task asks for.",
        hint="build the model with GluonLSTM (or LSTMScratch).",
        code='''
from seqmodels.rnn import GluonRNN, RNNLM

HPARAMS = dict(batch_size=32, num_hiddens=64, lr=1.0, max_epochs=10,
               gradient_clip_val=1.0)


def make_model(vocab_size, num_hiddens, lr):
    return RNNLM(GluonRNN(num_hiddens), vocab_size=vocab_size, lr=lr)
'''),
    dict(
        part="train_lstm",
        name="no-clipping-large-lr",
        explanation="a learning rate of 20 without gradient clipping lets "
                    "one large gradient throw the weights far away, and "
                    "training does not recover within the budget.",
        hint="keep gradient clipping on (gradient_clip_val of about 1), "
             "and a learning rate of a few units.",
        code='''
from seqmodels.gated import GluonLSTM
from seqmodels.rnn import RNNLM

HPARAMS = dict(batch_size=32, num_hiddens=64, lr=20.0, max_epochs=10,
               gradient_clip_val=0)


def make_model(vocab_size, num_hiddens, lr):
    return RNNLM(GluonLSTM(num_hiddens), vocab_size=vocab_size, lr=lr)
'''),
]
