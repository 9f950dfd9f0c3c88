"""Misconceptions of the birnn assignment: wrong answers as students write
them. Each entry loses its part (``python tests/catalogue.py birnn``); the
feedback names the one whose results match a failed answer's."""

CATALOGUE = [
    # ------------------------------------------------------ reverse_time
    dict(
        part="reverse_time",
        name="all-axes-flipped",
        explanation="np.flip without an axis reverses every axis, so the "
                    "batch rows and the features are reversed too.",
        hint="only axis 0 (time) should change order.",
        code='''
def reverse_time(X):
    return np.flip(X)
''',
        variant='''
def reverse_time(X):
    out = X
    for ax in range(X.ndim):
        out = np.flip(out, axis=ax)
    return out
'''),
    dict(
        part="reverse_time",
        name="batch-axis-flipped",
        explanation="axis 1 is the batch axis: the examples are reversed "
                    "and the time order is left as it was.",
        hint="sequences are time first, (num_steps, batch_size, ...).",
        code='''
def reverse_time(X):
    return np.flip(X, axis=1)
''',
        variant='''
def reverse_time(X):
    return np.stack([X[:, b] for b in range(X.shape[1] - 1, -1, -1)],
                    axis=1)
'''),
    dict(
        part="reverse_time",
        name="feature-axis-flipped",
        explanation="the last axis holds the features: reversing it "
                    "shuffles the features of every step, not the steps.",
        hint="time is axis 0 here, not the last axis (this is not a "
             "batch-first layout).",
        code='''
def reverse_time(X):
    return X[..., ::-1]
''',
        variant='''
def reverse_time(X):
    last = len(X.shape) - 1
    return np.flip(X, axis=last)
'''),
    dict(
        part="reverse_time",
        name="hard-coded-length",
        explanation="the reversal starts from step 3, the last step of "
                    "the visible test's 4 steps, so longer sequences are "
                    "cut to their first 4 steps.",
        hint="read the number of steps from X.shape[0].",
        code='''
def reverse_time(X):
    return X[3::-1]
''',
        variant='''
def reverse_time(X):
    first = X[:4]
    return np.flip(first, axis=0)
'''),
    dict(
        part="reverse_time",
        name="first-step-dropped",
        explanation="the slice X[T-1:0:-1] stops before index 0, so the "
                    "first step is missing from the result.",
        hint="a slice's stop is excluded: count the steps you return.",
        code='''
def reverse_time(X):
    T = X.shape[0]
    return X[T - 1:0:-1]
''',
        variant='''
def reverse_time(X):
    return np.flip(X[1:], axis=0)
'''),
    dict(
        part="reverse_time",
        name="numpy-array",
        explanation="the result is a numpy array (asnumpy), so autograd "
                    "cannot differentiate through the reversal.",
        hint="stay with MXNet's np so the result is an MXNet array.",
        code='''
def reverse_time(X):
    return X.asnumpy()[::-1]
''',
        variant='''
import numpy as onp


def reverse_time(X):
    arr = onp.array(X.asnumpy())
    return onp.flip(arr, axis=0)
'''),
    dict(
        part="reverse_time",
        name="graph-cut",
        explanation="the values are right but the array is rebuilt from "
                    "a copy outside autograd (or detached), so no gradient "
                    "flows back to X.",
        hint="use an MXNet operation on X itself (flip or indexing), "
             "without leaving MXNet or detaching.",
        code='''
def reverse_time(X):
    return np.array(X.asnumpy()[::-1])
''',
        variant='''
def reverse_time(X):
    return np.flip(X, axis=0).detach()
'''),
    dict(
        part="reverse_time",
        name="python-list",
        explanation="the steps come back as a Python list of arrays, not "
                    "as one array of shape (num_steps, batch_size, ...).",
        hint="stack the steps into one array (or flip X directly).",
        code='''
def reverse_time(X):
    return [X[t] for t in reversed(range(X.shape[0]))]
''',
        variant='''
def reverse_time(X):
    steps = list(X)
    steps.reverse()
    return steps
'''),
    # ----------------------------------------------------- birnn_forward
    dict(
        part="birnn_forward",
        name="backward-not-reordered",
        explanation="the backward outputs are kept in the order the "
                    "backward direction produced them, so output t pairs "
                    "the forward state at t with the backward state at "
                    "T-1-t.",
        hint="put each backward output at the index of the step it read.",
        code='''
def birnn_forward(inputs, step, params_f, params_b, state_f, state_b):
    f_out, b_out = [], []
    for X in inputs:
        H, state_f = step(X, state_f, *params_f)
        f_out.append(H)
    for X in inputs[::-1]:
        H, state_b = step(X, state_b, *params_b)
        b_out.append(H)
    outputs = np.concatenate([np.stack(f_out), np.stack(b_out)], axis=-1)
    return outputs, (state_f, state_b)
''',
        variant='''
def birnn_forward(inputs, step, params_f, params_b, state_f, state_b):
    T = inputs.shape[0]
    out = []
    sf, sb = state_f, state_b
    for t in range(T):
        Hf, sf = step(inputs[t], sf, *params_f)
        Hb, sb = step(inputs[T - 1 - t], sb, *params_b)
        out.append(np.concatenate([Hf, Hb], axis=1))
    return np.stack(out), (sf, sb)
'''),
    dict(
        part="birnn_forward",
        name="both-directions-forward",
        explanation="both directions read the sequence left to right, so "
                    "the second half never sees the future.",
        hint="the backward direction starts at the last step and ends at "
             "the first.",
        code='''
def birnn_forward(inputs, step, params_f, params_b, state_f, state_b):
    f_out, b_out = [], []
    for X in inputs:
        H, state_f = step(X, state_f, *params_f)
        f_out.append(H)
        G, state_b = step(X, state_b, *params_b)
        b_out.append(G)
    outputs = np.concatenate([np.stack(f_out), np.stack(b_out)], axis=-1)
    return outputs, (state_f, state_b)
''',
        variant='''
def run(inputs, step, params, state):
    outs = []
    for t in range(inputs.shape[0]):
        H, state = step(inputs[t], state, *params)
        outs.append(H)
    return np.stack(outs), state


def birnn_forward(inputs, step, params_f, params_b, state_f, state_b):
    Yf, last_f = run(inputs, step, params_f, state_f)
    Yb, last_b = run(inputs, step, params_b, state_b)
    return np.concatenate([Yf, Yb], axis=2), (last_f, last_b)
'''),
    dict(
        part="birnn_forward",
        name="backward-starts-from-state-f",
        explanation="the backward direction starts from the forward "
                    "direction's initial state instead of state_b.",
        hint="each direction has its own initial state.",
        code='''
def birnn_forward(inputs, step, params_f, params_b, state_f, state_b):
    T = inputs.shape[0]
    f_out, b_out = [], [None] * T
    state = state_f
    for t in range(T):
        H, state = step(inputs[t], state, *params_f)
        f_out.append(H)
    last_f, state = state, state_f
    for t in range(T - 1, -1, -1):
        H, state = step(inputs[t], state, *params_b)
        b_out[t] = H
    outputs = np.concatenate([np.stack(f_out), np.stack(b_out)], axis=-1)
    return outputs, (last_f, state)
''',
        variant='''
def birnn_forward(inputs, step, params_f, params_b, state_f, state_b):
    T = inputs.shape[0]
    fwd, bwd = [], []
    s = state_f
    for X in inputs:
        H, s = step(X, s, *params_f)
        fwd.append(H)
    s_back = state_f
    for X in np.flip(inputs, axis=0):
        H, s_back = step(X, s_back, *params_b)
        bwd.insert(0, H)
    return (np.concatenate([np.stack(fwd), np.stack(bwd)], axis=-1),
            (s, s_back))
'''),
    dict(
        part="birnn_forward",
        name="state-not-reset-between-directions",
        explanation="one state variable is used for both directions, so "
                    "the backward direction starts from the forward "
                    "direction's last state.",
        hint="what state does the backward loop start from?",
        code='''
def birnn_forward(inputs, step, params_f, params_b, state_f, state_b):
    T = inputs.shape[0]
    f_out, b_out = [], [None] * T
    state = state_f
    for t in range(T):
        H, state = step(inputs[t], state, *params_f)
        f_out.append(H)
    last_f = state
    for t in range(T - 1, -1, -1):
        H, state = step(inputs[t], state, *params_b)
        b_out[t] = H
    outputs = np.concatenate([np.stack(f_out), np.stack(b_out)], axis=-1)
    return outputs, (last_f, state)
''',
        variant='''
def birnn_forward(inputs, step, params_f, params_b, state_f, state_b):
    fwd = []
    for X in inputs:
        H, state_f = step(X, state_f, *params_f)
        fwd.append(H)
    bwd = []
    s = state_f
    for X in inputs[::-1]:
        H, s = step(X, s, *params_b)
        bwd.append(H)
    bwd = bwd[::-1]
    return (np.concatenate([np.stack(fwd), np.stack(bwd)], axis=2),
            (state_f, s))
'''),
    dict(
        part="birnn_forward",
        name="backward-first-in-concat",
        explanation="the backward features come first on the last axis; "
                    "Gluon (and the task) put the forward direction first.",
        hint="check the order of the two halves in the concatenation.",
        code='''
def birnn_forward(inputs, step, params_f, params_b, state_f, state_b):
    T = inputs.shape[0]
    f_out, b_out = [], [None] * T
    for t in range(T):
        H, state_f = step(inputs[t], state_f, *params_f)
        f_out.append(H)
    for t in range(T - 1, -1, -1):
        H, state_b = step(inputs[t], state_b, *params_b)
        b_out[t] = H
    outputs = np.concatenate([np.stack(b_out), np.stack(f_out)], axis=-1)
    return outputs, (state_f, state_b)
''',
        variant='''
def birnn_forward(inputs, step, params_f, params_b, state_f, state_b):
    T = inputs.shape[0]
    fwd = {}
    bwd = {}
    for t in range(T):
        fwd[t], state_f = step(inputs[t], state_f, *params_f)
    for t in reversed(range(T)):
        bwd[t], state_b = step(inputs[t], state_b, *params_b)
    out = np.stack([np.concatenate([bwd[t], fwd[t]], axis=-1)
                    for t in range(T)])
    return out, (state_f, state_b)
'''),
    dict(
        part="birnn_forward",
        name="backward-uses-params-f",
        explanation="the backward direction runs with the forward "
                    "direction's parameters, so params_b are never used.",
        hint="the two directions have separate weights.",
        code='''
def birnn_forward(inputs, step, params_f, params_b, state_f, state_b):
    T = inputs.shape[0]
    f_out, b_out = [], [None] * T
    for t in range(T):
        H, state_f = step(inputs[t], state_f, *params_f)
        f_out.append(H)
    for t in range(T - 1, -1, -1):
        H, state_b = step(inputs[t], state_b, *params_f)
        b_out[t] = H
    outputs = np.concatenate([np.stack(f_out), np.stack(b_out)], axis=-1)
    return outputs, (state_f, state_b)
''',
        variant='''
def birnn_forward(inputs, step, params_f, params_b, state_f, state_b):
    params = params_f
    fwd, bwd = [], []
    for X in inputs:
        H, state_f = step(X, state_f, *params)
        fwd.append(H)
    for X in np.flip(inputs, axis=0):
        H, state_b = step(X, state_b, *params)
        bwd.append(H)
    return (np.concatenate([np.stack(fwd), np.flip(np.stack(bwd), axis=0)],
                           axis=-1), (state_f, state_b))
'''),
    dict(
        part="birnn_forward",
        name="state-not-carried",
        explanation="every step starts from the initial state (the new "
                    "state is thrown away), so no direction remembers "
                    "earlier steps.",
        hint="feed the state each step returns into the next step.",
        code='''
def birnn_forward(inputs, step, params_f, params_b, state_f, state_b):
    T = inputs.shape[0]
    f_out, b_out = [], [None] * T
    for t in range(T):
        H, last_f = step(inputs[t], state_f, *params_f)
        f_out.append(H)
    for t in range(T - 1, -1, -1):
        H, last_b = step(inputs[t], state_b, *params_b)
        b_out[t] = H
    outputs = np.concatenate([np.stack(f_out), np.stack(b_out)], axis=-1)
    return outputs, (last_f, last_b)
''',
        variant='''
def birnn_forward(inputs, step, params_f, params_b, state_f, state_b):
    pairs = []
    for t in range(inputs.shape[0]):
        pairs.append((step(inputs[t], state_f, *params_f),
                      step(inputs[t], state_b, *params_b)))
    out = np.stack([np.concatenate([f[0], b[0]], axis=-1)
                    for f, b in pairs])
    return out, (pairs[-1][0][1], pairs[0][1][1])
'''),
    dict(
        part="birnn_forward",
        name="concat-on-batch-axis",
        explanation="the two directions are joined on the batch axis, so "
                    "the result has 2 * batch_size rows of num_hiddens "
                    "features instead of 2 * num_hiddens features.",
        hint="the directions' outputs are joined on the feature (last) "
             "axis.",
        code='''
def birnn_forward(inputs, step, params_f, params_b, state_f, state_b):
    T = inputs.shape[0]
    f_out, b_out = [], [None] * T
    for t in range(T):
        H, state_f = step(inputs[t], state_f, *params_f)
        f_out.append(H)
    for t in range(T - 1, -1, -1):
        H, state_b = step(inputs[t], state_b, *params_b)
        b_out[t] = H
    outputs = np.concatenate([np.stack(f_out), np.stack(b_out)], axis=1)
    return outputs, (state_f, state_b)
''',
        variant='''
def birnn_forward(inputs, step, params_f, params_b, state_f, state_b):
    T = inputs.shape[0]
    Hf, Hb = [None] * T, [None] * T
    for t in range(T):
        Hf[t], state_f = step(inputs[t], state_f, *params_f)
    for t in range(T - 1, -1, -1):
        Hb[t], state_b = step(inputs[t], state_b, *params_b)
    out = np.stack([np.concatenate([Hf[t], Hb[t]], axis=0)
                    for t in range(T)])
    return out, (state_f, state_b)
'''),
    dict(
        part="birnn_forward",
        name="last-states-swapped",
        explanation="the last states come back as (backward, forward); "
                    "the task (and Gluon) give the forward one first.",
        hint="check the order of the returned pair of states.",
        code='''
def birnn_forward(inputs, step, params_f, params_b, state_f, state_b):
    T = inputs.shape[0]
    f_out, b_out = [], [None] * T
    for t in range(T):
        H, state_f = step(inputs[t], state_f, *params_f)
        f_out.append(H)
    for t in range(T - 1, -1, -1):
        H, state_b = step(inputs[t], state_b, *params_b)
        b_out[t] = H
    outputs = np.concatenate([np.stack(f_out), np.stack(b_out)], axis=-1)
    return outputs, (state_b, state_f)
''',
        variant='''
def birnn_forward(inputs, step, params_f, params_b, state_f, state_b):
    states = {}
    outs = {}
    for name, params, state, order in [
            ("b", params_b, state_b, range(inputs.shape[0] - 1, -1, -1)),
            ("f", params_f, state_f, range(inputs.shape[0]))]:
        outs[name] = [None] * inputs.shape[0]
        for t in order:
            outs[name][t], state = step(inputs[t], state, *params)
        states[name] = state
    out = np.concatenate([np.stack(outs["f"]), np.stack(outs["b"])], axis=-1)
    return out, tuple(states.values())
'''),
    dict(
        part="birnn_forward",
        name="negative-index-off-by-one",
        explanation="inputs[-t] for t = 0, 1, ... reads step 0 first "
                    "(-0 is 0) and then T-1, T-2, ..., so the backward "
                    "direction is shifted by one step.",
        hint="-0 is 0 in Python: list the indices your backward loop "
             "reads.",
        code='''
def birnn_forward(inputs, step, params_f, params_b, state_f, state_b):
    T = inputs.shape[0]
    f_out, b_out = [], [None] * T
    for t in range(T):
        H, state_f = step(inputs[t], state_f, *params_f)
        f_out.append(H)
    for t in range(T):
        H, state_b = step(inputs[-t], state_b, *params_b)
        b_out[-t] = H
    outputs = np.concatenate([np.stack(f_out), np.stack(b_out)], axis=-1)
    return outputs, (state_f, state_b)
''',
        variant='''
def birnn_forward(inputs, step, params_f, params_b, state_f, state_b):
    T = inputs.shape[0]
    fwd = []
    for X in inputs:
        H, state_f = step(X, state_f, *params_f)
        fwd.append(H)
    bwd = {}
    for i in range(0, -T, -1):
        bwd[i % T], state_b = step(inputs[i], state_b, *params_b)
    out = np.concatenate([np.stack(fwd), np.stack([bwd[t] for t in
                                                   range(T)])], axis=-1)
    return out, (state_f, state_b)
'''),
    # ---------------------------------------- gluon_bidirectional_weights
    dict(
        part="gluon_bidirectional_weights",
        name="directions-swapped",
        explanation="r0_ is taken as the forward direction, but in Gluon "
                    "l0_ (left to right) is forward and r0_ (right to "
                    "left) is backward.",
        hint="l and r say where a direction starts reading.",
        code='''
def gluon_bidirectional_weights(layer):
    params = layer.collect_params()
    keys = ("i2h_weight", "h2h_weight", "i2h_bias", "h2h_bias")

    def direction(prefix):
        return tuple([p.data() for n, p in params.items()
                      if n.endswith(f"_{prefix}0_{k}")][0] for k in keys)
    return direction("r"), direction("l")
''',
        variant='''
def gluon_bidirectional_weights(layer):
    found = {}
    for name, p in layer.collect_params().items():
        for d in ("l0", "r0"):
            if f"_{d}_" in name:
                found[d, name.split(f"_{d}_")[1]] = p.data()
    keys = ["i2h_weight", "h2h_weight", "i2h_bias", "h2h_bias"]
    fwd = tuple(found["r0", k] for k in keys)
    bwd = tuple(found["l0", k] for k in keys)
    return fwd, bwd
'''),
    dict(
        part="gluon_bidirectional_weights",
        name="any-layer-matched",
        explanation="names are matched on l/r and the key but not on the "
                    "layer number, so in a stacked layer l1_/r1_ overwrite "
                    "layer 0.",
        hint="match the whole l0_/r0_ part of the name.",
        code='''
def gluon_bidirectional_weights(layer):
    keys = ("i2h_weight", "h2h_weight", "i2h_bias", "h2h_bias")
    found = {}
    for name, p in layer.collect_params().items():
        direction, key = name.split("_", 2)[1][0], name.split("_", 2)[2]
        found[direction, key] = p.data()
    return (tuple(found["l", k] for k in keys),
            tuple(found["r", k] for k in keys))
''',
        variant='''
import re


def gluon_bidirectional_weights(layer):
    table = {}
    for name, p in layer.collect_params().items():
        m = re.search(r"_([lr])\\d+_(\\w+)$", name)
        table[m.group(1) + m.group(2)] = p.data()
    order = ["i2h_weight", "h2h_weight", "i2h_bias", "h2h_bias"]
    return (tuple(table["l" + k] for k in order),
            tuple(table["r" + k] for k in order))
'''),
    dict(
        part="gluon_bidirectional_weights",
        name="alphabetical-order",
        explanation="the arrays come in sorted-name order (h2h_bias, "
                    "h2h_weight, i2h_bias, i2h_weight), not in the order "
                    "the task asks for.",
        hint="return (i2h_weight, h2h_weight, i2h_bias, h2h_bias), "
             "whatever order the names sort in.",
        code='''
def gluon_bidirectional_weights(layer):
    params = sorted(layer.collect_params().items())
    f = tuple(p.data() for name, p in params if "_l0_" in name)
    b = tuple(p.data() for name, p in params if "_r0_" in name)
    return f, b
''',
        variant='''
def gluon_bidirectional_weights(layer):
    params = layer.collect_params()
    result = []
    for d in ("l0", "r0"):
        names = sorted(n for n in params.keys() if f"_{d}_" in n)
        result.append(tuple(params[n].data() for n in names))
    return tuple(result)
'''),
    dict(
        part="gluon_bidirectional_weights",
        name="input-and-recurrent-swapped",
        explanation="h2h (hidden to hidden) is read as the input weights "
                    "and i2h as the recurrent ones.",
        hint="i2h is input to hidden, h2h is hidden to hidden.",
        code='''
def gluon_bidirectional_weights(layer):
    params = layer.collect_params()

    def get(prefix, key):
        [p] = [p for n, p in params.items() if n.endswith(prefix + key)]
        return p.data()

    return tuple(tuple(get(d, k) for k in ("h2h_weight", "i2h_weight",
                                            "h2h_bias", "i2h_bias"))
                 for d in ("_l0_", "_r0_"))
''',
        variant='''
def gluon_bidirectional_weights(layer):
    out = {"l": [None] * 4, "r": [None] * 4}
    slot = {"h2h_weight": 0, "i2h_weight": 1, "h2h_bias": 2, "i2h_bias": 3}
    for name, p in layer.collect_params().items():
        for d in "lr":
            tag = f"_{d}0_"
            if tag in name:
                out[d][slot[name.split(tag)[1]]] = p.data()
    return tuple(out["l"]), tuple(out["r"])
'''),
    dict(
        part="gluon_bidirectional_weights",
        name="weights-transposed",
        explanation="the weights are transposed to the course's (inputs, "
                    "hiddens) layout, but the task asks for Gluon's arrays "
                    "as they are stored.",
        hint="return p.data() unchanged; Gluon stores weights as "
             "(hiddens, inputs).",
        code='''
def gluon_bidirectional_weights(layer):
    params = layer.collect_params()
    keys = ("i2h_weight", "h2h_weight", "i2h_bias", "h2h_bias")

    def direction(prefix):
        found = {}
        for name, p in params.items():
            for key in keys:
                if name.endswith(f"_{prefix}0_{key}"):
                    found[key] = p.data()
        return (found["i2h_weight"].T, found["h2h_weight"].T,
                found["i2h_bias"], found["h2h_bias"])
    return direction("l"), direction("r")
''',
        variant='''
def gluon_bidirectional_weights(layer):
    result = []
    for d in ("_l0_", "_r0_"):
        arrays = {}
        for name, p in layer.collect_params().items():
            if d in name:
                key = name.split(d)[1]
                data = p.data()
                if key.endswith("weight"):
                    data = np.transpose(data)
                arrays[key] = data
        result.append(tuple(arrays[k] for k in ("i2h_weight", "h2h_weight",
                                                "i2h_bias", "h2h_bias")))
    return tuple(result)
'''),
    dict(
        part="gluon_bidirectional_weights",
        name="numpy-arrays",
        explanation="the arrays are converted to numpy (asnumpy), but the "
                    "task asks for the MXNet arrays p.data().",
        hint="keep the values as MXNet arrays.",
        code='''
def gluon_bidirectional_weights(layer):
    params = layer.collect_params()
    keys = ("i2h_weight", "h2h_weight", "i2h_bias", "h2h_bias")

    def direction(prefix):
        found = {}
        for name, p in params.items():
            for key in keys:
                if name.endswith(f"_{prefix}0_{key}"):
                    found[key] = p.data().asnumpy()
        return tuple(found[key] for key in keys)
    return direction("l"), direction("r")
''',
        variant='''
import numpy as onp


def gluon_bidirectional_weights(layer):
    by_name = {n: onp.array(p.data().asnumpy())
               for n, p in layer.collect_params().items()}
    keys = ["i2h_weight", "h2h_weight", "i2h_bias", "h2h_bias"]
    pick = lambda d: tuple(v for k in keys for n, v in by_name.items()
                           if n.endswith(f"_{d}0_{k}"))
    return pick("l"), pick("r")
'''),
    dict(
        part="gluon_bidirectional_weights",
        name="float64-copies",
        explanation="the arrays are copied to float64, so they are not "
                    "the layer's float32 parameters any more.",
        hint="return p.data() without changing its dtype.",
        code='''
def gluon_bidirectional_weights(layer):
    params = layer.collect_params()
    keys = ("i2h_weight", "h2h_weight", "i2h_bias", "h2h_bias")

    def direction(prefix):
        found = {}
        for name, p in params.items():
            for key in keys:
                if name.endswith(f"_{prefix}0_{key}"):
                    found[key] = p.data().astype("float64")
        return tuple(found[key] for key in keys)
    return direction("l"), direction("r")
''',
        variant='''
def gluon_bidirectional_weights(layer):
    keys = ["i2h_weight", "h2h_weight", "i2h_bias", "h2h_bias"]
    out = []
    for d in "lr":
        row = []
        for k in keys:
            for name, p in layer.collect_params().items():
                if name.endswith(d + "0_" + k):
                    row.append(np.array(p.data(), dtype=np.float64))
        out.append(tuple(row))
    return out[0], out[1]
'''),
    # ----------------------------------------------- dependent_positions
    dict(
        part="dependent_positions",
        name="assumes-past-only",
        explanation="the answer assumes every layer reads only steps "
                    "0..t, which is wrong for bidirectional layers (and "
                    "for layers that skip steps).",
        hint="measure the gradient with autograd instead of guessing "
             "from the layer's kind.",
        code='''
def dependent_positions(layer_fn, inputs, t):
    return list(range(t + 1))
''',
        variant='''
def dependent_positions(layer_fn, inputs, t):
    result = []
    s = 0
    while s <= t:
        result.append(s)
        s += 1
    return result
'''),
    dict(
        part="dependent_positions",
        name="whole-output-differentiated",
        explanation="the gradient is taken of the sum of all outputs, "
                    "not of output t, so every step any output reads is "
                    "reported.",
        hint="index the output at step t before summing.",
        code='''
def dependent_positions(layer_fn, inputs, t):
    X = inputs.copy()
    X.attach_grad()
    with autograd.record():
        out = layer_fn(X).sum()
    out.backward()
    per_step = np.abs(X.grad).reshape(X.shape[0], -1).sum(axis=1)
    return [s for s in range(X.shape[0]) if float(per_step[s]) > 0]
''',
        variant='''
def dependent_positions(layer_fn, inputs, t):
    x = inputs.copy()
    x.attach_grad()
    with autograd.record():
        y = layer_fn(x)
        loss = y.sum()
    loss.backward()
    g = x.grad
    return [s for s in range(len(g)) if float(np.abs(g[s]).max()) != 0]
'''),
    dict(
        part="dependent_positions",
        name="array-not-list",
        explanation="the positions come back as a numpy array of indices "
                    "(nonzero), not as the Python list the task asks for.",
        hint="convert the positions to a list of ints.",
        code='''
import numpy as onp


def dependent_positions(layer_fn, inputs, t):
    X = inputs.copy()
    X.attach_grad()
    with autograd.record():
        out = layer_fn(X)[t].sum()
    out.backward()
    per_step = np.abs(X.grad).reshape(X.shape[0], -1).sum(axis=1)
    return onp.nonzero(per_step.asnumpy())[0]
''',
        variant='''
import numpy as onp


def dependent_positions(layer_fn, inputs, t):
    x = inputs.copy()
    x.attach_grad()
    with autograd.record():
        s = layer_fn(x)[t].sum()
    s.backward()
    g = onp.abs(x.grad.asnumpy()).reshape(len(x), -1).max(axis=1)
    return onp.flatnonzero(g > 0)
'''),
    dict(
        part="dependent_positions",
        name="one-based-positions",
        explanation="the positions are counted from 1 as in the maths "
                    "(x_1..x_T), but the task wants the indices s of "
                    "inputs[s], counted from 0.",
        hint="position s means inputs[s].",
        code='''
def dependent_positions(layer_fn, inputs, t):
    X = inputs.copy()
    X.attach_grad()
    with autograd.record():
        out = layer_fn(X)[t].sum()
    out.backward()
    per_step = np.abs(X.grad).reshape(X.shape[0], -1).sum(axis=1)
    return [s + 1 for s in range(X.shape[0]) if float(per_step[s]) > 0]
''',
        variant='''
def dependent_positions(layer_fn, inputs, t):
    x = inputs.copy()
    x.attach_grad()
    with autograd.record():
        y = layer_fn(x)[t].sum()
    y.backward()
    found = []
    for pos, g in enumerate(x.grad, start=1):
        if float(np.abs(g).sum()) > 0:
            found.append(pos)
    return found
'''),
    dict(
        part="dependent_positions",
        name="last-step-never-checked",
        explanation="the loop over positions stops at num_steps - 2, so "
                    "the last step is never reported even when output t "
                    "reads it.",
        hint="check the range of positions you loop over.",
        code='''
def dependent_positions(layer_fn, inputs, t):
    X = inputs.copy()
    X.attach_grad()
    with autograd.record():
        out = layer_fn(X)[t].sum()
    out.backward()
    per_step = np.abs(X.grad).reshape(X.shape[0], -1).sum(axis=1)
    return [s for s in range(X.shape[0] - 1) if float(per_step[s]) > 0]
''',
        variant='''
def dependent_positions(layer_fn, inputs, t):
    x = inputs.copy()
    x.attach_grad()
    with autograd.record():
        y = layer_fn(x)[t].sum()
    y.backward()
    g = x.grad[:-1]
    return [s for s in range(len(g)) if float(np.abs(g[s]).max()) > 0]
'''),
    dict(
        part="dependent_positions",
        name="hard-coded-num-steps",
        explanation="the positions 0..5 of the visible test's 6 steps are "
                    "hard-coded, so longer sequences lose their last steps.",
        hint="read the number of steps from inputs.shape[0].",
        code='''
def dependent_positions(layer_fn, inputs, t):
    X = inputs.copy()
    X.attach_grad()
    with autograd.record():
        out = layer_fn(X)[t].sum()
    out.backward()
    per_step = np.abs(X.grad).reshape(X.shape[0], -1).sum(axis=1)
    return [s for s in range(6) if float(per_step[s]) > 0]
''',
        variant='''
def dependent_positions(layer_fn, inputs, t):
    x = inputs.copy()
    x.attach_grad()
    with autograd.record():
        y = layer_fn(x)[t].sum()
    y.backward()
    found = []
    for s, g in enumerate(x.grad[:6]):
        if float(np.abs(g).max()) > 0:
            found.append(s)
    return found
'''),
    dict(
        part="dependent_positions",
        name="signed-gradient-sum",
        explanation="the signed gradients of a step are summed and tested "
                    "with > 0, so a step whose gradients are negative (or "
                    "cancel) is missed.",
        hint="a dependence shows as any non-zero entry, of either sign.",
        code='''
def dependent_positions(layer_fn, inputs, t):
    X = inputs.copy()
    X.attach_grad()
    with autograd.record():
        out = layer_fn(X)[t].sum()
    out.backward()
    per_step = X.grad.reshape(X.shape[0], -1).sum(axis=1)
    return [s for s in range(X.shape[0]) if float(per_step[s]) > 0]
''',
        variant='''
def dependent_positions(layer_fn, inputs, t):
    x = inputs.copy()
    x.attach_grad()
    with autograd.record():
        y = layer_fn(x)[t].sum()
    y.backward()
    result = []
    for s in range(x.shape[0]):
        if x.grad[s].sum().item() > 0:
            result.append(s)
    return result
'''),
    dict(
        part="dependent_positions",
        name="threshold-not-zero",
        explanation="a step counts only when its gradient is above 0.01, "
                    "but the task asks for every non-zero gradient, "
                    "however small.",
        hint="compare with exactly zero, not with a tolerance.",
        code='''
def dependent_positions(layer_fn, inputs, t):
    X = inputs.copy()
    X.attach_grad()
    with autograd.record():
        out = layer_fn(X)[t].sum()
    out.backward()
    per_step = np.abs(X.grad).reshape(X.shape[0], -1).sum(axis=1)
    return [s for s in range(X.shape[0]) if float(per_step[s]) > 1e-2]
''',
        variant='''
def dependent_positions(layer_fn, inputs, t):
    x = inputs.copy()
    x.attach_grad()
    with autograd.record():
        y = layer_fn(x)[t].sum()
    y.backward()
    total = np.abs(x.grad).sum(axis=tuple(range(1, x.ndim)))
    keep = total > 0.01
    return [s for s in range(len(keep)) if bool(keep[s])]
'''),
    # -------------------------------------------------- forward_backward
    dict(
        part="forward_backward",
        name="filtering-only",
        explanation="only the forward recursion is used, which gives "
                    "P(h_t | x_1..x_t): the future observations are "
                    "ignored.",
        hint="multiply alpha by beta before normalising.",
        code='''
def forward_backward(pi, A, B, obs):
    pi, A, B = (onp.asarray(a, dtype=float) for a in (pi, A, B))
    alpha = onp.zeros((len(obs), len(pi)))
    alpha[0] = pi * B[:, obs[0]]
    for t in range(1, len(obs)):
        alpha[t] = (alpha[t - 1] @ A) * B[:, obs[t]]
    return alpha / alpha.sum(axis=1, keepdims=True)
''',
        variant='''
def forward_backward(pi, A, B, obs):
    A, B = onp.array(A, dtype=float), onp.array(B, dtype=float)
    a = onp.array(pi, dtype=float) * B[:, obs[0]]
    rows = [a / a.sum()]
    for x in obs[1:]:
        a = B[:, x] * onp.dot(A.T, a)
        rows.append(a / a.sum())
    return onp.array(rows)
'''),
    dict(
        part="forward_backward",
        name="transition-transposed",
        explanation="A is read as A[i, j] = P(h_{t+1} = i | h_t = j), "
                    "the transpose of its meaning, in both recursions.",
        hint="A[i, j] goes from state i to state j.",
        code='''
def forward_backward(pi, A, B, obs):
    pi, A, B = (onp.asarray(a, dtype=float) for a in (pi, A, B))
    A = A.T
    T, K = len(obs), len(pi)
    alpha, beta = onp.zeros((T, K)), onp.ones((T, K))
    alpha[0] = pi * B[:, obs[0]]
    for t in range(1, T):
        alpha[t] = (alpha[t - 1] @ A) * B[:, obs[t]]
    for t in range(T - 2, -1, -1):
        beta[t] = A @ (B[:, obs[t + 1]] * beta[t + 1])
    joint = alpha * beta
    return joint / joint.sum(axis=1, keepdims=True)
''',
        variant='''
def forward_backward(pi, A, B, obs):
    pi, A, B = onp.array(pi, float), onp.array(A, float), onp.array(B, float)
    T, K = len(obs), len(pi)
    alpha = [pi * B[:, obs[0]]]
    for t in range(1, T):
        alpha.append(onp.dot(A, alpha[-1]) * B[:, obs[t]])
    beta = [onp.ones(K)]
    for t in range(T - 1, 0, -1):
        beta.insert(0, onp.dot(B[:, obs[t]] * beta[0], A))
    post = onp.array(alpha) * onp.array(beta)
    return post / post.sum(axis=1)[:, None]
'''),
    dict(
        part="forward_backward",
        name="backward-uses-A-transposed",
        explanation="the backward recursion sums over the first index of "
                    "A (A^T beta): beta_t(i) must sum over the next state "
                    "j of A[i, j]; a symmetric A hides the mistake.",
        hint="write out beta_t(i) = sum_j A[i, j] ... and check which "
             "index of A you sum over.",
        code='''
def forward_backward(pi, A, B, obs):
    pi, A, B = (onp.asarray(a, dtype=float) for a in (pi, A, B))
    T, K = len(obs), len(pi)
    alpha, beta = onp.zeros((T, K)), onp.ones((T, K))
    alpha[0] = pi * B[:, obs[0]]
    for t in range(1, T):
        alpha[t] = (alpha[t - 1] @ A) * B[:, obs[t]]
    for t in range(T - 2, -1, -1):
        beta[t] = (B[:, obs[t + 1]] * beta[t + 1]) @ A
    joint = alpha * beta
    return joint / joint.sum(axis=1, keepdims=True)
''',
        variant='''
def forward_backward(pi, A, B, obs):
    pi = onp.array(pi, dtype=float)
    A = onp.array(A, dtype=float)
    B = onp.array(B, dtype=float)
    T, K = len(obs), len(pi)
    alpha = onp.empty((T, K))
    beta = onp.empty((T, K))
    alpha[0] = pi * B[:, obs[0]]
    for t in range(1, T):
        for j in range(K):
            alpha[t, j] = B[j, obs[t]] * sum(alpha[t - 1, i] * A[i, j]
                                             for i in range(K))
    beta[T - 1] = 1.0
    for t in range(T - 2, -1, -1):
        for i in range(K):
            beta[t, i] = sum(A[j, i] * B[j, obs[t + 1]] * beta[t + 1, j]
                             for j in range(K))
    p = alpha * beta
    return p / p.sum(axis=1, keepdims=True)
'''),
    dict(
        part="forward_backward",
        name="not-normalised",
        explanation="alpha * beta is the joint P(h_t, x_1..x_T), not the "
                    "posterior: it still has to be divided by its row sum.",
        hint="each row of the result must sum to 1.",
        code='''
def forward_backward(pi, A, B, obs):
    pi, A, B = (onp.asarray(a, dtype=float) for a in (pi, A, B))
    T, K = len(obs), len(pi)
    alpha, beta = onp.zeros((T, K)), onp.ones((T, K))
    alpha[0] = pi * B[:, obs[0]]
    for t in range(1, T):
        alpha[t] = (alpha[t - 1] @ A) * B[:, obs[t]]
    for t in range(T - 2, -1, -1):
        beta[t] = A @ (B[:, obs[t + 1]] * beta[t + 1])
    return alpha * beta
''',
        variant='''
def forward_backward(pi, A, B, obs):
    A, B = onp.array(A, dtype=float), onp.array(B, dtype=float)
    T = len(obs)
    alphas = [onp.array(pi, dtype=float) * B[:, obs[0]]]
    for x in obs[1:]:
        alphas.append(onp.dot(alphas[-1], A) * B[:, x])
    betas = [onp.ones(len(pi))]
    for x in reversed(obs[1:]):
        betas.append(onp.dot(A, B[:, x] * betas[-1]))
    return onp.stack(alphas) * onp.stack(betas[::-1])
'''),
    dict(
        part="forward_backward",
        name="normalised-over-time",
        explanation="alpha * beta is divided by its column sums (axis 0, "
                    "over time) instead of each step's sum over the states.",
        hint="normalise each row (one step) over the K states.",
        code='''
def forward_backward(pi, A, B, obs):
    pi, A, B = (onp.asarray(a, dtype=float) for a in (pi, A, B))
    T, K = len(obs), len(pi)
    alpha, beta = onp.zeros((T, K)), onp.ones((T, K))
    alpha[0] = pi * B[:, obs[0]]
    for t in range(1, T):
        alpha[t] = (alpha[t - 1] @ A) * B[:, obs[t]]
    for t in range(T - 2, -1, -1):
        beta[t] = A @ (B[:, obs[t + 1]] * beta[t + 1])
    joint = alpha * beta
    return joint / joint.sum(axis=0, keepdims=True)
''',
        variant='''
def forward_backward(pi, A, B, obs):
    pi, A, B = onp.array(pi, float), onp.array(A, float), onp.array(B, float)
    T, K = len(obs), len(pi)
    alpha = onp.zeros((T, K))
    beta = onp.ones((T, K))
    alpha[0] = pi * B[:, obs[0]]
    for t in range(1, T):
        alpha[t] = onp.dot(alpha[t - 1], A) * B[:, obs[t]]
    for t in reversed(range(T - 1)):
        beta[t] = onp.dot(A, B[:, obs[t + 1]] * beta[t + 1])
    p = alpha * beta
    for k in range(K):
        p[:, k] = p[:, k] / p[:, k].sum()
    return p
'''),
    dict(
        part="forward_backward",
        name="normalised-by-total",
        explanation="alpha * beta is divided by the sum of the whole "
                    "array, so the rows sum to 1/T on average, not to 1.",
        hint="each step's row is normalised by its own sum.",
        code='''
def forward_backward(pi, A, B, obs):
    pi, A, B = (onp.asarray(a, dtype=float) for a in (pi, A, B))
    T, K = len(obs), len(pi)
    alpha, beta = onp.zeros((T, K)), onp.ones((T, K))
    alpha[0] = pi * B[:, obs[0]]
    for t in range(1, T):
        alpha[t] = (alpha[t - 1] @ A) * B[:, obs[t]]
    for t in range(T - 2, -1, -1):
        beta[t] = A @ (B[:, obs[t + 1]] * beta[t + 1])
    joint = alpha * beta
    return joint / joint.sum()
''',
        variant='''
def forward_backward(pi, A, B, obs):
    A, B = onp.array(A, dtype=float), onp.array(B, dtype=float)
    alphas = [onp.array(pi, dtype=float) * B[:, obs[0]]]
    for x in obs[1:]:
        alphas.append(onp.dot(alphas[-1], A) * B[:, x])
    betas = [onp.ones(len(pi))]
    for x in reversed(obs[1:]):
        betas.insert(0, onp.dot(A, B[:, x] * betas[0]))
    p = onp.stack(alphas) * onp.stack(betas)
    return p / onp.sum(p)
'''),
    dict(
        part="forward_backward",
        name="beta-emission-off-by-one",
        explanation="beta_t uses the emission of x_t instead of x_{t+1}, "
                    "so observation t is counted twice and the last one "
                    "never reaches the earlier steps.",
        hint="beta_t(i) sums over the next state j with B[j, x_{t+1}].",
        code='''
def forward_backward(pi, A, B, obs):
    pi, A, B = (onp.asarray(a, dtype=float) for a in (pi, A, B))
    T, K = len(obs), len(pi)
    alpha, beta = onp.zeros((T, K)), onp.ones((T, K))
    alpha[0] = pi * B[:, obs[0]]
    for t in range(1, T):
        alpha[t] = (alpha[t - 1] @ A) * B[:, obs[t]]
    for t in range(T - 2, -1, -1):
        beta[t] = A @ (B[:, obs[t]] * beta[t + 1])
    joint = alpha * beta
    return joint / joint.sum(axis=1, keepdims=True)
''',
        variant='''
def forward_backward(pi, A, B, obs):
    pi, A, B = onp.array(pi, float), onp.array(A, float), onp.array(B, float)
    T, K = len(obs), len(pi)
    alpha = [pi * B[:, obs[0]]]
    for x in obs[1:]:
        alpha.append(onp.dot(alpha[-1], A) * B[:, x])
    beta = [onp.ones(K)]
    for t in range(T - 1, 0, -1):
        beta.insert(0, onp.dot(A, B[:, obs[t - 1]] * beta[0]))
    p = onp.array(alpha) * onp.array(beta)
    return p / p.sum(axis=1, keepdims=True)
'''),
    dict(
        part="forward_backward",
        name="initial-distribution-dropped",
        explanation="alpha_1 is B[:, x_1] without pi, as if the first "
                    "state were uniform; a uniform pi hides the mistake.",
        hint="alpha_1(k) = pi_k B[k, x_1].",
        code='''
def forward_backward(pi, A, B, obs):
    pi, A, B = (onp.asarray(a, dtype=float) for a in (pi, A, B))
    T, K = len(obs), len(pi)
    alpha, beta = onp.zeros((T, K)), onp.ones((T, K))
    alpha[0] = B[:, obs[0]]
    for t in range(1, T):
        alpha[t] = (alpha[t - 1] @ A) * B[:, obs[t]]
    for t in range(T - 2, -1, -1):
        beta[t] = A @ (B[:, obs[t + 1]] * beta[t + 1])
    joint = alpha * beta
    return joint / joint.sum(axis=1, keepdims=True)
''',
        variant='''
def forward_backward(pi, A, B, obs):
    A, B = onp.array(A, dtype=float), onp.array(B, dtype=float)
    K = len(pi)
    alphas = [onp.ones(K) * B[:, obs[0]]]
    for x in obs[1:]:
        alphas.append(onp.dot(alphas[-1], A) * B[:, x])
    betas = [onp.ones(K)]
    for x in reversed(obs[1:]):
        betas.insert(0, onp.dot(A, B[:, x] * betas[0]))
    p = onp.stack(alphas) * onp.stack(betas)
    return p / p.sum(axis=1, keepdims=True)
'''),
    dict(
        part="forward_backward",
        name="beta-starts-at-zero",
        explanation="beta is started from zeros (beta_T = 0), so every "
                    "beta and every posterior is 0, and 0 / 0 gives nan.",
        hint="beta_T(k) = 1 for every state.",
        code='''
def forward_backward(pi, A, B, obs):
    pi, A, B = (onp.asarray(a, dtype=float) for a in (pi, A, B))
    T, K = len(obs), len(pi)
    alpha, beta = onp.zeros((T, K)), onp.zeros((T, K))
    alpha[0] = pi * B[:, obs[0]]
    for t in range(1, T):
        alpha[t] = (alpha[t - 1] @ A) * B[:, obs[t]]
    for t in range(T - 2, -1, -1):
        beta[t] = A @ (B[:, obs[t + 1]] * beta[t + 1])
    joint = alpha * beta
    return joint / joint.sum(axis=1, keepdims=True)
''',
        variant='''
def forward_backward(pi, A, B, obs):
    pi, A, B = onp.array(pi, float), onp.array(A, float), onp.array(B, float)
    T, K = len(obs), len(pi)
    alpha = onp.empty((T, K))
    alpha[0] = pi * B[:, obs[0]]
    for t in range(1, T):
        alpha[t] = onp.dot(alpha[t - 1], A) * B[:, obs[t]]
    beta = [onp.zeros(K)]
    for t in range(T - 1, 0, -1):
        beta.insert(0, onp.dot(A, B[:, obs[t]] * beta[0]))
    with onp.errstate(invalid="ignore"):
        p = alpha * onp.array(beta)
        return p / p.sum(axis=1, keepdims=True)
'''),
    dict(
        part="forward_backward",
        name="emission-row-indexed",
        explanation="B[x] takes row x of B (a state's distribution over "
                    "symbols), but the emission of symbol x by every state "
                    "is the column B[:, x].",
        hint="B has shape (K, M): which index is the symbol?",
        code='''
def forward_backward(pi, A, B, obs):
    pi, A, B = (onp.asarray(a, dtype=float) for a in (pi, A, B))
    T, K = len(obs), len(pi)
    alpha, beta = onp.zeros((T, K)), onp.ones((T, K))
    alpha[0] = pi * B[obs[0]]
    for t in range(1, T):
        alpha[t] = (alpha[t - 1] @ A) * B[obs[t]]
    for t in range(T - 2, -1, -1):
        beta[t] = A @ (B[obs[t + 1]] * beta[t + 1])
    joint = alpha * beta
    return joint / joint.sum(axis=1, keepdims=True)
''',
        variant='''
def forward_backward(pi, A, B, obs):
    pi, A = onp.array(pi, float), onp.array(A, float)
    E = onp.array(B, float)
    T, K = len(obs), len(pi)
    alpha = [pi * E[obs[0], :]]
    for x in obs[1:]:
        alpha.append(onp.dot(alpha[-1], A) * E[x, :])
    beta = [onp.ones(K)]
    for x in reversed(obs[1:]):
        beta.insert(0, onp.dot(A, E[x, :] * beta[0]))
    p = onp.array(alpha) * onp.array(beta)
    return p / p.sum(axis=1, keepdims=True)
'''),
    dict(
        part="forward_backward",
        name="mxnet-arrays",
        explanation="the recursion runs on MXNet's np (float32) and "
                    "returns an MXNet array; the task asks for plain numpy "
                    "(onp) in float64.",
        hint="use onp, imported above, for this part.",
        code='''
def forward_backward(pi, A, B, obs):
    pi, A, B = np.array(pi), np.array(A), np.array(B)
    T, K = len(obs), len(pi)
    alpha, beta = np.zeros((T, K)), np.ones((T, K))
    alpha[0] = pi * B[:, obs[0]]
    for t in range(1, T):
        alpha[t] = np.dot(alpha[t - 1], A) * B[:, obs[t]]
    for t in range(T - 2, -1, -1):
        beta[t] = np.dot(A, B[:, obs[t + 1]] * beta[t + 1])
    joint = alpha * beta
    return joint / joint.sum(axis=1, keepdims=True)
''',
        variant='''
def forward_backward(pi, A, B, obs):
    A = np.array(A, dtype="float32")
    B = np.array(B, dtype="float32")
    a = np.array(pi, dtype="float32") * B[:, obs[0]]
    alphas = [a]
    for x in obs[1:]:
        alphas.append((alphas[-1] @ A) * B[:, x])
    b = np.ones(len(pi), dtype="float32")
    betas = [b]
    for x in obs[:0:-1]:
        betas.insert(0, A @ (B[:, x] * betas[0]))
    p = np.stack(alphas) * np.stack(betas)
    return p / np.sum(p, axis=1, keepdims=True)
'''),
]
