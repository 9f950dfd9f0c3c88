"""Misconceptions of the deep_rnn assignment: wrong answers as students
write them. Each entry loses its part (``python tests/catalogue.py
deep_rnn``); the feedback names the one whose results match a failed
answer's."""

CATALOGUE = [
    # ------------------------------------------------------ init_stack_state
    dict(
        part="init_stack_state",
        name="shared-arrays",
        explanation="the list repeats one layer state, so every layer holds "
                    "the very same arrays and writing into one layer's state "
                    "changes all of them.",
        hint="create new zero arrays inside the loop over layers (and over "
             "states); `[x] * n` repeats one object n times.",
        code='''
def init_stack_state(num_layers, batch_size, num_hiddens, num_states=1):
    layer_state = tuple(np.zeros((batch_size, num_hiddens))
                        for _ in range(num_states))
    return [layer_state] * num_layers
''',
        variant='''
def init_stack_state(num_layers, batch_size, num_hiddens, num_states=1):
    zeros = []
    for k in range(num_states):
        zeros.append(np.zeros((batch_size, num_hiddens)))
    zeros = tuple(zeros)
    state = []
    for layer in range(num_layers):
        state.append(zeros)
    return state
'''),
    dict(
        part="init_stack_state",
        name="gluon-layout",
        explanation="it returns Gluon's layout, one (num_layers, batch_size, "
                    "num_hiddens) array per kind of state, instead of one "
                    "tuple of (batch_size, num_hiddens) arrays per layer.",
        hint="the outer list has num_layers items, and each item is a tuple "
             "of num_states arrays.",
        code='''
def init_stack_state(num_layers, batch_size, num_hiddens, num_states=1):
    return [np.zeros((num_layers, batch_size, num_hiddens))
            for _ in range(num_states)]
''',
        variant='''
def init_stack_state(num_layers, batch_size, num_hiddens, num_states=1):
    shape = (num_layers, batch_size, num_hiddens)
    state = []
    while len(state) < num_states:
        state.append(np.zeros(shape))
    return state
'''),
    dict(
        part="init_stack_state",
        name="layer-states-as-lists",
        explanation="each layer's state is a list, but the cells and the "
                    "rest of the stack expect a tuple (H,) or (H, C) per "
                    "layer.",
        hint="check the type of each item of the outer list.",
        code='''
def init_stack_state(num_layers, batch_size, num_hiddens, num_states=1):
    return [[np.zeros((batch_size, num_hiddens)) for _ in range(num_states)]
            for _ in range(num_layers)]
''',
        variant='''
def init_stack_state(num_layers, batch_size, num_hiddens, num_states=1):
    def layer():
        return list(np.zeros((batch_size, num_hiddens))
                    for k in range(num_states))
    return [layer() for l in range(num_layers)]
'''),
    dict(
        part="init_stack_state",
        name="outer-tuple",
        explanation="the layer states are returned as a tuple, but the stack's "
                    "state is a list with one tuple per layer.",
        hint="look at the type of the outer container you return.",
        code='''
def init_stack_state(num_layers, batch_size, num_hiddens, num_states=1):
    return tuple(tuple(np.zeros((batch_size, num_hiddens))
                       for _ in range(num_states))
                 for _ in range(num_layers))
''',
        variant='''
def init_stack_state(num_layers, batch_size, num_hiddens, num_states=1):
    layers = ()
    for l in range(num_layers):
        one = ()
        for k in range(num_states):
            one = one + (np.zeros((batch_size, num_hiddens)),)
        layers = layers + (one,)
    return layers
'''),
    dict(
        part="init_stack_state",
        name="numpy-arrays",
        explanation="the zeros are NumPy arrays, which the MXNet cells "
                    "cannot compute with (and they are float64).",
        hint="make the arrays with the notebook's `np`, which is mxnet.np.",
        code='''
import numpy


def init_stack_state(num_layers, batch_size, num_hiddens, num_states=1):
    return [tuple(numpy.zeros((batch_size, num_hiddens))
                  for _ in range(num_states))
            for _ in range(num_layers)]
''',
        variant='''
import numpy as onp


def init_stack_state(num_layers, batch_size, num_hiddens, num_states=1):
    state = []
    for l in range(num_layers):
        arrays = [onp.zeros(batch_size * num_hiddens).reshape(
            batch_size, num_hiddens) for k in range(num_states)]
        state.append(tuple(arrays))
    return state
'''),
    dict(
        part="init_stack_state",
        name="float64-state",
        explanation="the zeros are float64 while the weights are float32: "
                    "MXNet refuses to mix them in the cells' products.",
        hint="look at the dtype you ask for; MXNet's default is float32.",
        code='''
def init_stack_state(num_layers, batch_size, num_hiddens, num_states=1):
    return [tuple(np.zeros((batch_size, num_hiddens), dtype=float)
                  for _ in range(num_states))
            for _ in range(num_layers)]
''',
        variant='''
def init_stack_state(num_layers, batch_size, num_hiddens, num_states=1):
    state = []
    for l in range(num_layers):
        state.append(tuple(np.zeros((batch_size, num_hiddens)).astype(
            "float64") for k in range(num_states)))
    return state
'''),
    dict(
        part="init_stack_state",
        name="transposed-shape",
        explanation="the arrays have shape (num_hiddens, batch_size): the "
                    "rows of a state are the examples of the batch.",
        hint="compare the order of the two sizes with the task's shape.",
        code='''
def init_stack_state(num_layers, batch_size, num_hiddens, num_states=1):
    return [tuple(np.zeros((num_hiddens, batch_size))
                  for _ in range(num_states))
            for _ in range(num_layers)]
''',
        variant='''
def init_stack_state(num_layers, batch_size, num_hiddens, num_states=1):
    state = []
    for l in range(num_layers):
        state.append(tuple(np.zeros((batch_size, num_hiddens)).T
                           for k in range(num_states)))
    return state
'''),
    dict(
        part="init_stack_state",
        name="ignores-num-states",
        explanation="every layer gets only H, so an LSTM stack has no memory "
                    "cell C: num_states is not used.",
        hint="how many arrays should a layer's tuple hold when "
             "num_states=2?",
        code='''
def init_stack_state(num_layers, batch_size, num_hiddens, num_states=1):
    return [(np.zeros((batch_size, num_hiddens)),)
            for _ in range(num_layers)]
''',
        variant='''
def init_stack_state(num_layers, batch_size, num_hiddens, num_states=1):
    state = []
    for l in range(num_layers):
        H = np.zeros((batch_size, num_hiddens))
        state.append((H,))
    return state
'''),
    dict(
        part="init_stack_state",
        name="one-layer-short",
        explanation="the loop over layers starts at 1, so the stack gets "
                    "num_layers - 1 layer states and the top layer has none.",
        hint="count the layer states you return.",
        code='''
def init_stack_state(num_layers, batch_size, num_hiddens, num_states=1):
    state = []
    for layer in range(1, num_layers):
        state.append(tuple(np.zeros((batch_size, num_hiddens))
                           for _ in range(num_states)))
    return state
''',
        variant='''
def init_stack_state(num_layers, batch_size, num_hiddens, num_states=1):
    full = [tuple(np.zeros((batch_size, num_hiddens))
                  for k in range(num_states)) for l in range(num_layers)]
    return full[:-1]
'''),

    # ---------------------------------------------------------- stacked_step
    dict(
        part="stacked_step",
        name="reads-original-input",
        explanation="every layer reads the input X, so the layers are side "
                    "by side rather than stacked: layer l should read the new "
                    "H of layer l - 1.",
        hint="which variable do you pass to the step of the second layer?",
        code='''
def stacked_step(X, state, layers):
    new_state = []
    for (step, params), layer_state in zip(layers, state):
        H, layer_state = step(X, tuple(layer_state), *params)
        new_state.append(layer_state)
    return H, new_state
''',
        variant='''
def stacked_step(X, state, layers):
    outputs = [layers[i][0](X, tuple(state[i]), *layers[i][1])
               for i in range(len(layers))]
    return outputs[-1][0], [s for _, s in outputs]
'''),
    dict(
        part="stacked_step",
        name="returns-bottom-H",
        explanation="it returns the H of the first layer; the output of a "
                    "stack is the H of its top layer.",
        hint="which layer's H do you return?",
        code='''
def stacked_step(X, state, layers):
    H, new_state, outputs = X, [], []
    for (step, params), layer_state in zip(layers, state):
        H, layer_state = step(H, tuple(layer_state), *params)
        outputs.append(H)
        new_state.append(layer_state)
    return outputs[0], new_state
''',
        variant='''
def stacked_step(X, state, layers):
    below, updated = X, []
    for index in range(len(layers)):
        step, params = layers[index]
        below, new = step(below, tuple(state[index]), *params)
        if index == 0:
            first = below
        updated.append(new)
    return first, updated
'''),
    dict(
        part="stacked_step",
        name="shared-state",
        explanation="each layer starts from the state the layer below just "
                    "produced, not from its own state of the previous step.",
        hint="each layer has its own state in `state`: which one do you give "
             "to layer l?",
        code='''
def stacked_step(X, state, layers):
    H, layer_state, new_state = X, tuple(state[0]), []
    for step, params in layers:
        H, layer_state = step(H, layer_state, *params)
        new_state.append(layer_state)
    return H, new_state
''',
        variant='''
def stacked_step(X, state, layers):
    current = state[0]
    out = X
    states = []
    for i in range(len(layers)):
        out, current = layers[i][0](out, tuple(current), *layers[i][1])
        states.append(current)
    return out, states
'''),
    dict(
        part="stacked_step",
        name="old-state-returned",
        explanation="it returns the state it was given, so the new states the "
                    "layers computed are lost and the next step starts from "
                    "the same state.",
        hint="what do you do with the state each layer's step returns?",
        code='''
def stacked_step(X, state, layers):
    H = X
    for (step, params), layer_state in zip(layers, state):
        H, _ = step(H, tuple(layer_state), *params)
    return H, state
''',
        variant='''
def stacked_step(X, state, layers):
    out = X
    for i in range(len(layers)):
        step, params = layers[i]
        result = step(out, tuple(state[i]), *params)
        out = result[0]
    return out, list(state)
'''),
    dict(
        part="stacked_step",
        name="zero-state",
        explanation="every layer starts from zeros instead of its state in "
                    "`state`, so nothing is remembered from one step to the "
                    "next.",
        hint="pass each layer its own state from `state`.",
        code='''
def stacked_step(X, state, layers):
    H, new_state = X, []
    for (step, params), layer_state in zip(layers, state):
        zeros = tuple(np.zeros_like(s) for s in layer_state)
        H, layer_state = step(H, zeros, *params)
        new_state.append(layer_state)
    return H, new_state
''',
        variant='''
def stacked_step(X, state, layers):
    out, states = X, []
    for i, (step, params) in enumerate(layers):
        fresh = tuple(s * 0 for s in state[i])
        out, s = step(out, fresh, *params)
        states.append(s)
    return out, states
'''),
    dict(
        part="stacked_step",
        name="swapped-returns",
        explanation="it returns (new_state, H) instead of (H_top, "
                    "new_state), so a loop over time unpacks them the wrong "
                    "way round.",
        hint="check the order of the pair you return.",
        code='''
def stacked_step(X, state, layers):
    H, new_state = X, []
    for (step, params), layer_state in zip(layers, state):
        H, layer_state = step(H, tuple(layer_state), *params)
        new_state.append(layer_state)
    return new_state, H
''',
        variant='''
def stacked_step(X, state, layers):
    states = []
    for i in range(len(layers)):
        X, s = layers[i][0](X, tuple(state[i]), *layers[i][1])
        states += [s]
    return states, X
'''),
    dict(
        part="stacked_step",
        name="top-down",
        explanation="the layers run from the last to the first, so the top "
                    "layer reads X and the bottom layer gives the output.",
        hint="`layers` lists the bottom layer first.",
        code='''
def stacked_step(X, state, layers):
    H, new_state = X, []
    for (step, params), layer_state in zip(reversed(layers),
                                           reversed(state)):
        H, layer_state = step(H, tuple(layer_state), *params)
        new_state.insert(0, layer_state)
    return H, new_state
''',
        variant='''
def stacked_step(X, state, layers):
    out = X
    states = [None] * len(layers)
    for i in range(len(layers) - 1, -1, -1):
        step, params = layers[i]
        out, states[i] = step(out, tuple(state[i]), *params)
    return out, states
'''),
    dict(
        part="stacked_step",
        name="last-layer-dropped",
        explanation="the loop stops one layer early (range(len(layers) - "
                    "1)), so the top layer never runs.",
        hint="count how many layers your loop runs.",
        code='''
def stacked_step(X, state, layers):
    H, new_state = X, []
    for i in range(len(layers) - 1):
        step, params = layers[i]
        H, layer_state = step(H, tuple(state[i]), *params)
        new_state.append(layer_state)
    return H, new_state
''',
        variant='''
def stacked_step(X, state, layers):
    out, states = X, []
    for (step, params), s in zip(layers[:-1], state):
        out, s = step(out, tuple(s), *params)
        states.append(s)
    return out, states
'''),
    dict(
        part="stacked_step",
        name="two-layers-hard-coded",
        explanation="it runs exactly two layers, as in the visible test, so "
                    "a deeper stack loses its upper layers.",
        hint="loop over `layers` whatever its length.",
        code='''
def stacked_step(X, state, layers):
    (step1, params1), (step2, params2) = layers[0], layers[1]
    H1, state1 = step1(X, tuple(state[0]), *params1)
    H2, state2 = step2(H1, tuple(state[1]), *params2)
    return H2, [state1, state2]
''',
        variant='''
def stacked_step(X, state, layers):
    out, states = X, []
    for i in range(2):
        out, s = layers[i][0](out, tuple(state[i]), *layers[i][1])
        states.append(s)
    return out, states
'''),
    dict(
        part="stacked_step",
        name="overwrites-given-state",
        explanation="it writes the new layer states into the caller's `state` "
                    "list, so the state the caller passed in is lost (it can "
                    "no longer restart from it or compare with it).",
        hint="build a new list of layer states instead of assigning into "
             "`state`.",
        code='''
def stacked_step(X, state, layers):
    H = X
    for i, (step, params) in enumerate(layers):
        H, state[i] = step(H, tuple(state[i]), *params)
    return H, state
''',
        variant='''
def stacked_step(X, state, layers):
    out = X
    for i in range(len(layers)):
        step, params = layers[i]
        out, new = step(out, tuple(state[i]), *params)
        state.pop(i)
        state.insert(i, new)
    return out, state
'''),
    dict(
        part="stacked_step",
        name="states-as-tuple",
        explanation="the new layer states are returned as a tuple, but the "
                    "stack's state is a list with one tuple per layer.",
        hint="check the type of the second value you return.",
        code='''
def stacked_step(X, state, layers):
    H, new_state = X, []
    for (step, params), layer_state in zip(layers, state):
        H, layer_state = step(H, tuple(layer_state), *params)
        new_state.append(layer_state)
    return H, tuple(new_state)
''',
        variant='''
def stacked_step(X, state, layers):
    out, states = X, ()
    for i in range(len(layers)):
        out, s = layers[i][0](out, tuple(state[i]), *layers[i][1])
        states = states + (s,)
    return out, states
'''),

    # ------------------------------------------------------- stacked_forward
    dict(
        part="stacked_forward",
        name="reads-original-inputs",
        explanation="every layer runs over the original inputs, so the "
                    "layers are side by side: layer l should read the "
                    "outputs of layer l - 1.",
        hint="what sequence does the second layer loop over?",
        code='''
def stacked_forward(inputs, state, layers):
    last_states = []
    for (step, params), layer_state in zip(layers, state):
        layer_state, outputs = tuple(layer_state), []
        for X in inputs:
            H, layer_state = step(X, layer_state, *params)
            outputs.append(H)
        last_states.append(layer_state)
    return np.stack(outputs), last_states
''',
        variant='''
def stacked_forward(inputs, state, layers):
    def run(step, params, carried):
        hiddens = []
        for t in range(inputs.shape[0]):
            H, carried = step(inputs[t], carried, *params)
            hiddens.append(H)
        return np.stack(hiddens), carried
    results = [run(step, params, tuple(s))
               for (step, params), s in zip(layers, state)]
    return results[-1][0], [r[1] for r in results]
'''),
    dict(
        part="stacked_forward",
        name="returns-bottom-outputs",
        explanation="it returns the outputs of the first layer; the outputs "
                    "of a stack are those of its top layer.",
        hint="which layer's outputs do you return?",
        code='''
def stacked_forward(inputs, state, layers):
    sequence, last_states, per_layer = inputs, [], []
    for (step, params), carried in zip(layers, state):
        carried, hiddens = tuple(carried), []
        for X in sequence:
            H, carried = step(X, carried, *params)
            hiddens.append(H)
        sequence = np.stack(hiddens)
        per_layer.append(sequence)
        last_states.append(carried)
    return per_layer[0], last_states
''',
        variant='''
def stacked_forward(inputs, state, layers):
    x, states, first = inputs, [], None
    for i in range(len(layers)):
        step, params = layers[i]
        s, outs = tuple(state[i]), []
        for t in range(x.shape[0]):
            h, s = step(x[t], s, *params)
            outs.append(h)
        x = np.stack(outs)
        if first is None:
            first = x
        states.append(s)
    return first, states
'''),
    dict(
        part="stacked_forward",
        name="shared-state",
        explanation="each layer starts from the last state of the layer "
                    "below, not from its own state in `state`.",
        hint="each layer has its own initial state in `state`.",
        code='''
def stacked_forward(inputs, state, layers):
    carried, last_states = tuple(state[0]), []
    for step, params in layers:
        hiddens = []
        for X in inputs:
            H, carried = step(X, carried, *params)
            hiddens.append(H)
        inputs = np.stack(hiddens)
        last_states.append(carried)
    return inputs, last_states
''',
        variant='''
def stacked_forward(inputs, state, layers):
    seq, s, out_states = inputs, state[0], []
    for i in range(len(layers)):
        outs = []
        for t in range(seq.shape[0]):
            h, s = layers[i][0](seq[t], tuple(s), *layers[i][1])
            outs.append(h)
        seq = np.stack(outs)
        out_states.append(s)
    return seq, out_states
'''),
    dict(
        part="stacked_forward",
        name="zero-state",
        explanation="every layer starts from zeros and the given `state` is "
                    "ignored, so a sequence cannot continue from where the "
                    "previous one stopped.",
        hint="start each layer from its own state in `state`.",
        code='''
def stacked_forward(inputs, state, layers):
    last_states = []
    for (step, params), given in zip(layers, state):
        carried, hiddens = tuple(np.zeros_like(s) for s in given), []
        for X in inputs:
            H, carried = step(X, carried, *params)
            hiddens.append(H)
        inputs = np.stack(hiddens)
        last_states.append(carried)
    return inputs, last_states
''',
        variant='''
def stacked_forward(inputs, state, layers):
    seq, out_states = inputs, []
    for i in range(len(layers)):
        s = tuple(np.zeros(a.shape) for a in state[i])
        outs = []
        for t in range(seq.shape[0]):
            h, s = layers[i][0](seq[t], s, *layers[i][1])
            outs.append(h)
        seq = np.stack(outs)
        out_states.append(s)
    return seq, out_states
'''),
    dict(
        part="stacked_forward",
        name="state-not-carried",
        explanation="every time step starts from the layer's initial state, "
                    "because the state a step returns is not passed to the "
                    "next step.",
        hint="within a layer, what state does step t + 1 receive?",
        code='''
def stacked_forward(inputs, state, layers):
    last_states = []
    for (step, params), layer_state in zip(layers, state):
        hiddens = []
        for X in inputs:
            H, new_state = step(X, tuple(layer_state), *params)
            hiddens.append(H)
        inputs = np.stack(hiddens)
        last_states.append(new_state)
    return inputs, last_states
''',
        variant='''
def stacked_forward(inputs, state, layers):
    seq, out_states = inputs, []
    for i in range(len(layers)):
        step, params = layers[i]
        start = tuple(state[i])
        results = [step(seq[t], start, *params)
                   for t in range(seq.shape[0])]
        seq = np.stack([h for h, _ in results])
        out_states.append(results[-1][1])
    return seq, out_states
'''),
    dict(
        part="stacked_forward",
        name="last-step-dropped",
        explanation="the loop over time stops one step early, so the last "
                    "time step is never computed.",
        hint="count the time steps your loop runs.",
        code='''
def stacked_forward(inputs, state, layers):
    sequence, last_states = inputs, []
    for (step, params), carried in zip(layers, state):
        carried, hiddens = tuple(carried), []
        for t in range(sequence.shape[0] - 1):
            H, carried = step(sequence[t], carried, *params)
            hiddens.append(H)
        sequence = np.stack(hiddens)
        last_states.append(carried)
    return sequence, last_states
''',
        variant='''
def stacked_forward(inputs, state, layers):
    seq, out_states = inputs, []
    for (step, params), s in zip(layers, state):
        s, outs = tuple(s), []
        for X in seq[:-1]:
            h, s = step(X, s, *params)
            outs.append(h)
        seq = np.stack(outs)
        out_states.append(s)
    return seq, out_states
'''),
    dict(
        part="stacked_forward",
        name="num-steps-hard-coded",
        explanation="the loop over time runs 3 steps, the length of the "
                    "visible test's sequence, whatever the length of "
                    "`inputs`.",
        hint="take the number of steps from `inputs`.",
        code='''
def stacked_forward(inputs, state, layers):
    sequence, last_states = inputs, []
    for (step, params), carried in zip(layers, state):
        carried, hiddens = tuple(carried), []
        for t in range(3):
            H, carried = step(sequence[t], carried, *params)
            hiddens.append(H)
        sequence = np.stack(hiddens)
        last_states.append(carried)
    return sequence, last_states
''',
        variant='''
def stacked_forward(inputs, state, layers):
    num_steps = 3
    seq, out_states = inputs, []
    for i in range(len(layers)):
        s = tuple(state[i])
        outs = []
        t = 0
        while t < num_steps:
            h, s = layers[i][0](seq[t], s, *layers[i][1])
            outs.append(h)
            t += 1
        seq = np.stack(outs)
        out_states.append(s)
    return seq, out_states
'''),
    dict(
        part="stacked_forward",
        name="batch-first-outputs",
        explanation="the outputs are stacked along axis 1, giving (batch_size, "
                    "num_steps, num_hiddens) instead of time first.",
        hint="along which axis do you stack the time steps?",
        code='''
def stacked_forward(inputs, state, layers):
    sequence, last_states = list(inputs), []
    for (step, params), carried in zip(layers, state):
        carried, hiddens = tuple(carried), []
        for X in sequence:
            H, carried = step(X, carried, *params)
            hiddens.append(H)
        sequence = hiddens
        last_states.append(carried)
    return np.stack(sequence, axis=1), last_states
''',
        variant='''
def stacked_forward(inputs, state, layers):
    seq, out_states = inputs, []
    for i in range(len(layers)):
        s, outs = tuple(state[i]), []
        for t in range(seq.shape[0]):
            h, s = layers[i][0](seq[t], s, *layers[i][1])
            outs.append(h)
        seq = np.stack(outs)
        out_states.append(s)
    return seq.transpose(1, 0, 2), out_states
'''),
    dict(
        part="stacked_forward",
        name="concatenated-outputs",
        explanation="np.concatenate joins the steps' outputs along the batch "
                    "axis, giving (num_steps * batch_size, num_hiddens) "
                    "instead of a new time axis.",
        hint="which function adds a new leading axis for time?",
        code='''
def stacked_forward(inputs, state, layers):
    sequence, last_states = inputs, []
    for (step, params), carried in zip(layers, state):
        carried, hiddens = tuple(carried), []
        for X in sequence:
            H, carried = step(X, carried, *params)
            hiddens.append(H)
        sequence = hiddens
        last_states.append(carried)
    return np.concatenate(sequence), last_states
''',
        variant='''
def stacked_forward(inputs, state, layers):
    seq, out_states = inputs, []
    for i in range(len(layers)):
        s, outs = tuple(state[i]), []
        for t in range(len(seq)):
            h, s = layers[i][0](seq[t], s, *layers[i][1])
            outs.append(h)
        seq = np.stack(outs)
        out_states.append(s)
    return seq.reshape(-1, seq.shape[-1]), out_states
'''),
    dict(
        part="stacked_forward",
        name="last-H-as-state",
        explanation="each layer's last state is taken to be its last output "
                    "H, an array, not the state tuple (for the LSTM, C is "
                    "lost).",
        hint="keep the state tuple the step returns, not only its H.",
        code='''
def stacked_forward(inputs, state, layers):
    sequence, last_states = inputs, []
    for (step, params), carried in zip(layers, state):
        carried, hiddens = tuple(carried), []
        for X in sequence:
            H, carried = step(X, carried, *params)
            hiddens.append(H)
        sequence = np.stack(hiddens)
        last_states.append(H)
    return sequence, last_states
''',
        variant='''
def stacked_forward(inputs, state, layers):
    seq, out_states = inputs, []
    for i in range(len(layers)):
        s, outs = tuple(state[i]), []
        for t in range(seq.shape[0]):
            h, s = layers[i][0](seq[t], s, *layers[i][1])
            outs.append(h)
        seq = np.stack(outs)
        out_states.append(seq[-1])
    return seq, out_states
'''),
    dict(
        part="stacked_forward",
        name="state-detached",
        explanation="the state is detached between time steps, so the "
                    "outputs are right but no gradient flows back through "
                    "time (the recurrent weights get only the one-step "
                    "part).",
        hint="detaching belongs between batches of training, not inside "
             "the forward pass.",
        code='''
def stacked_forward(inputs, state, layers):
    sequence, last_states = inputs, []
    for (step, params), carried in zip(layers, state):
        carried, hiddens = tuple(carried), []
        for X in sequence:
            H, carried = step(X, carried, *params)
            carried = tuple(s.detach() for s in carried)
            hiddens.append(H)
        sequence = np.stack(hiddens)
        last_states.append(carried)
    return sequence, last_states
''',
        variant='''
def stacked_forward(inputs, state, layers):
    seq, out_states = inputs, []
    for i in range(len(layers)):
        step, params = layers[i]
        s, outs = tuple(state[i]), []
        for t in range(seq.shape[0]):
            s = tuple(a.detach() for a in s)
            h, s = step(seq[t], s, *params)
            outs.append(h)
        seq = np.stack(outs)
        out_states.append(s)
    return seq, out_states
'''),
    dict(
        part="stacked_forward",
        name="overwrites-given-state",
        explanation="it writes each layer's last state into the caller's "
                    "`state` list, so the initial state the caller passed in "
                    "is lost.",
        hint="collect the last states in a new list instead of assigning "
             "into `state`.",
        code='''
def stacked_forward(inputs, state, layers):
    sequence = inputs
    for i, (step, params) in enumerate(layers):
        hiddens = []
        for X in sequence:
            H, state[i] = step(X, tuple(state[i]), *params)
            hiddens.append(H)
        sequence = np.stack(hiddens)
    return sequence, state
''',
        variant='''
def stacked_forward(inputs, state, layers):
    seq = inputs
    for i in range(len(layers)):
        step, params = layers[i]
        s, outs = tuple(state[i]), []
        for t in range(seq.shape[0]):
            h, s = step(seq[t], s, *params)
            outs.append(h)
        seq = np.stack(outs)
        state[i] = s
    return seq, state
'''),
    dict(
        part="stacked_forward",
        name="two-layers-hard-coded",
        explanation="it runs exactly two layers, as in the visible test, so "
                    "a deeper stack loses its upper layers.",
        hint="loop over `layers` whatever its length.",
        code='''
def stacked_forward(inputs, state, layers):
    sequence, last_states = inputs, []
    for l in range(2):
        step, params = layers[l]
        carried, hiddens = tuple(state[l]), []
        for X in sequence:
            H, carried = step(X, carried, *params)
            hiddens.append(H)
        sequence = np.stack(hiddens)
        last_states.append(carried)
    return sequence, last_states
''',
        variant='''
def stacked_forward(inputs, state, layers):
    def run_layer(seq, s, step, params):
        outs = []
        for t in range(seq.shape[0]):
            h, s = step(seq[t], s, *params)
            outs.append(h)
        return np.stack(outs), s
    (step1, params1), (step2, params2) = layers[0], layers[1]
    out1, s1 = run_layer(inputs, tuple(state[0]), step1, params1)
    out2, s2 = run_layer(out1, tuple(state[1]), step2, params2)
    return out2, [s1, s2]
'''),

    # ----------------------------------------------- gluon_weights_for_layer
    dict(
        part="gluon_weights_for_layer",
        name="not-transposed",
        explanation="Gluon's weights are returned as they are, shape (G * "
                    "num_hiddens, inputs), but the cells multiply X @ W and "
                    "need (inputs, G * num_hiddens).",
        hint="Gluon computes W @ x: what must happen to its weights for "
             "X @ W?",
        code='''
def gluon_weights_for_layer(fused, i, kind):
    p = {}
    for name, param in fused.collect_params().items():
        if f"_l{i}_" in name:
            p[name.split(f"_l{i}_")[1]] = param.data()
    if kind == "gru":
        return (p["i2h_weight"], p["h2h_weight"], p["i2h_bias"],
                p["h2h_bias"])
    return p["i2h_weight"], p["h2h_weight"], p["i2h_bias"] + p["h2h_bias"]
''',
        variant='''
def gluon_weights_for_layer(fused, i, kind):
    params = fused.collect_params()
    def get(key):
        for name in params.keys():
            if name.endswith(f"l{i}_{key}"):
                return params[name].data()
    W_x, W_h = get("i2h_weight"), get("h2h_weight")
    b_x, b_h = get("i2h_bias"), get("h2h_bias")
    if kind != "gru":
        return (W_x, W_h, b_x + b_h)
    return (W_x, W_h, b_x, b_h)
'''),
    dict(
        part="gluon_weights_for_layer",
        name="h2h-bias-dropped",
        explanation="for the RNN and the LSTM only i2h_bias is kept; Gluon "
                    "adds h2h_bias too (its default initialisation sets both "
                    "to zero, which hides the mistake).",
        hint="b must be the sum of Gluon's two biases.",
        code='''
def gluon_weights_for_layer(fused, i, kind):
    p = {}
    for name, param in fused.collect_params().items():
        if f"_l{i}_" in name:
            p[name.split(f"_l{i}_")[1]] = param.data()
    W_x, W_h = p["i2h_weight"].T, p["h2h_weight"].T
    if kind == "gru":
        return W_x, W_h, p["i2h_bias"], p["h2h_bias"]
    return W_x, W_h, p["i2h_bias"]
''',
        variant='''
def gluon_weights_for_layer(fused, i, kind):
    params = fused.collect_params()
    prefix = [n for n in params.keys() if f"_l{i}_" in n][0].split(
        f"_l{i}_")[0]
    def get(key):
        return params[f"{prefix}_l{i}_{key}"].data()
    out = (np.transpose(get("i2h_weight")), np.transpose(get("h2h_weight")),
           get("i2h_bias"))
    if kind == "gru":
        out = out + (get("h2h_bias"),)
    return out
'''),
    dict(
        part="gluon_weights_for_layer",
        name="gru-biases-summed",
        explanation="the GRU's two biases are summed into b_x (and b_h is "
                    "zero), but Gluon's reset gate multiplies b_hn, so the "
                    "candidate state changes.",
        hint="the task says to keep the GRU's biases apart.",
        code='''
def gluon_weights_for_layer(fused, i, kind):
    p = {}
    for name, param in fused.collect_params().items():
        if f"_l{i}_" in name:
            p[name.split(f"_l{i}_")[1]] = param.data()
    b = p["i2h_bias"] + p["h2h_bias"]
    W_x, W_h = p["i2h_weight"].T, p["h2h_weight"].T
    if kind == "gru":
        return W_x, W_h, b, np.zeros_like(b)
    return W_x, W_h, b
''',
        variant='''
def gluon_weights_for_layer(fused, i, kind):
    got = {}
    for name, param in fused.collect_params().items():
        head, sep, key = name.rpartition(f"l{i}_")
        if sep and head.endswith("_"):
            got[key] = param.data()
    W_x = np.transpose(got["i2h_weight"])
    W_h = np.transpose(got["h2h_weight"])
    b_x = got["i2h_bias"] + got["h2h_bias"]
    if kind != "gru":
        return (W_x, W_h, b_x)
    return (W_x, W_h, b_x, b_x * 0)
'''),
    dict(
        part="gluon_weights_for_layer",
        name="biases-subtracted",
        explanation="for the RNN and the LSTM b is i2h_bias - h2h_bias; Gluon "
                    "adds its two biases (with zero biases the sign does not "
                    "show).",
        hint="check the sign with which h2h_bias enters b.",
        code='''
def gluon_weights_for_layer(fused, i, kind):
    p = {}
    for name, param in fused.collect_params().items():
        if f"_l{i}_" in name:
            p[name.split(f"_l{i}_")[1]] = param.data()
    W_x, W_h = p["i2h_weight"].T, p["h2h_weight"].T
    if kind == "gru":
        return W_x, W_h, p["i2h_bias"], p["h2h_bias"]
    return W_x, W_h, p["i2h_bias"] - p["h2h_bias"]
''',
        variant='''
def gluon_weights_for_layer(fused, i, kind):
    got = {}
    for name, param in fused.collect_params().items():
        head, sep, key = name.rpartition(f"l{i}_")
        if sep and head.endswith("_"):
            got[key] = param.data()
    W_x = np.transpose(got["i2h_weight"])
    W_h = np.transpose(got["h2h_weight"])
    if kind == "gru":
        return (W_x, W_h, got["i2h_bias"], got["h2h_bias"])
    return (W_x, W_h, -got["h2h_bias"] + got["i2h_bias"])
'''),
    dict(
        part="gluon_weights_for_layer",
        name="reshape-not-transpose",
        explanation="reshape gives the weights the right shape but not a "
                    "transpose: it reorders the numbers row by row, so the "
                    "weights are scrambled.",
        hint="a reshape keeps the order of the elements; a transpose swaps "
             "the axes.",
        code='''
def gluon_weights_for_layer(fused, i, kind):
    p = {}
    for name, param in fused.collect_params().items():
        if f"_l{i}_" in name:
            p[name.split(f"_l{i}_")[1]] = param.data()
    W_x, W_h = p["i2h_weight"], p["h2h_weight"]
    W_x = W_x.reshape(W_x.shape[1], W_x.shape[0])
    W_h = W_h.reshape(W_h.shape[1], W_h.shape[0])
    if kind == "gru":
        return W_x, W_h, p["i2h_bias"], p["h2h_bias"]
    return W_x, W_h, p["i2h_bias"] + p["h2h_bias"]
''',
        variant='''
def gluon_weights_for_layer(fused, i, kind):
    got = {}
    for name, param in fused.collect_params().items():
        head, sep, key = name.rpartition(f"l{i}_")
        if sep and head.endswith("_"):
            got[key] = param.data()
    rows = got["h2h_weight"].shape[0]
    W_x = got["i2h_weight"].reshape(-1, rows)
    W_h = got["h2h_weight"].reshape(-1, rows)
    if kind == "gru":
        return (W_x, W_h, got["i2h_bias"], got["h2h_bias"])
    return (W_x, W_h, got["i2h_bias"] + got["h2h_bias"])
'''),
    dict(
        part="gluon_weights_for_layer",
        name="always-layer-0",
        explanation="the names are matched with `_l0_` whatever i is, so "
                    "every layer gets the weights of layer 0.",
        hint="the layer index in the parameter names must be i.",
        code='''
def gluon_weights_for_layer(fused, i, kind):
    p = {}
    for name, param in fused.collect_params().items():
        if "_l0_" in name:
            p[name.split("_l0_")[1]] = param.data()
    W_x, W_h = p["i2h_weight"].T, p["h2h_weight"].T
    if kind == "gru":
        return W_x, W_h, p["i2h_bias"], p["h2h_bias"]
    return W_x, W_h, p["i2h_bias"] + p["h2h_bias"]
''',
        variant='''
def gluon_weights_for_layer(fused, i, kind):
    params = fused.collect_params()
    first = list(params.values())[:4]
    W_x, W_h, b_x, b_h = [p.data() for p in first]
    if kind == "gru":
        return (np.transpose(W_x), np.transpose(W_h), b_x, b_h)
    return (np.transpose(W_x), np.transpose(W_h), b_x + b_h)
'''),
    dict(
        part="gluon_weights_for_layer",
        name="gru-biases-swapped",
        explanation="the GRU's biases come back as (h2h_bias, i2h_bias): "
                    "b_x must be Gluon's i2h bias and b_h its h2h bias, "
                    "since only b_h is multiplied by the reset gate.",
        hint="match i2h with the input (x) and h2h with the state (h).",
        code='''
def gluon_weights_for_layer(fused, i, kind):
    p = {}
    for name, param in fused.collect_params().items():
        if f"_l{i}_" in name:
            p[name.split(f"_l{i}_")[1]] = param.data()
    W_x, W_h = p["i2h_weight"].T, p["h2h_weight"].T
    if kind == "gru":
        return W_x, W_h, p["h2h_bias"], p["i2h_bias"]
    return W_x, W_h, p["i2h_bias"] + p["h2h_bias"]
''',
        variant='''
def gluon_weights_for_layer(fused, i, kind):
    got = {}
    for name, param in fused.collect_params().items():
        head, sep, key = name.rpartition(f"l{i}_")
        if sep and head.endswith("_"):
            got[key] = param.data()
    W_x = np.transpose(got["i2h_weight"])
    W_h = np.transpose(got["h2h_weight"])
    b_h, b_x = got["i2h_bias"], got["h2h_bias"]
    if kind == "gru":
        return (W_x, W_h, b_x, b_h)
    return (W_x, W_h, b_x + b_h)
'''),
    dict(
        part="gluon_weights_for_layer",
        name="weights-swapped",
        explanation="W_x is taken from h2h_weight and W_h from i2h_weight: "
                    "i2h maps the input, h2h the hidden state.",
        hint="i2h means input to hidden, h2h hidden to hidden.",
        code='''
def gluon_weights_for_layer(fused, i, kind):
    p = {}
    for name, param in fused.collect_params().items():
        if f"_l{i}_" in name:
            p[name.split(f"_l{i}_")[1]] = param.data()
    W_x, W_h = p["h2h_weight"].T, p["i2h_weight"].T
    if kind == "gru":
        return W_x, W_h, p["i2h_bias"], p["h2h_bias"]
    return W_x, W_h, p["i2h_bias"] + p["h2h_bias"]
''',
        variant='''
def gluon_weights_for_layer(fused, i, kind):
    got = {}
    for name, param in fused.collect_params().items():
        head, sep, key = name.rpartition(f"l{i}_")
        if sep and head.endswith("_"):
            got[key] = param.data()
    weights = (np.transpose(got["h2h_weight"]),
               np.transpose(got["i2h_weight"]))
    if kind == "gru":
        return weights + (got["i2h_bias"], got["h2h_bias"])
    return weights + (got["h2h_bias"] + got["i2h_bias"],)
'''),
    dict(
        part="gluon_weights_for_layer",
        name="returns-list",
        explanation="it returns a list, but a cell's params are a tuple.",
        hint="check the type of what you return.",
        code='''
def gluon_weights_for_layer(fused, i, kind):
    p = {}
    for name, param in fused.collect_params().items():
        if f"_l{i}_" in name:
            p[name.split(f"_l{i}_")[1]] = param.data()
    params = [p["i2h_weight"].T, p["h2h_weight"].T]
    if kind == "gru":
        params += [p["i2h_bias"], p["h2h_bias"]]
    else:
        params.append(p["i2h_bias"] + p["h2h_bias"])
    return params
''',
        variant='''
def gluon_weights_for_layer(fused, i, kind):
    got = {}
    for name, param in fused.collect_params().items():
        head, sep, key = name.rpartition(f"l{i}_")
        if sep and head.endswith("_"):
            got[key] = param.data()
    W_x = np.transpose(got["i2h_weight"])
    W_h = np.transpose(got["h2h_weight"])
    if kind == "gru":
        return [W_x, W_h, got["i2h_bias"], got["h2h_bias"]]
    return [W_x, W_h, got["i2h_bias"] + got["h2h_bias"]]
'''),
    dict(
        part="gluon_weights_for_layer",
        name="numpy-arrays",
        explanation="the weights are converted to NumPy arrays (asnumpy), "
                    "which MXNet's cells cannot multiply with their MXNet "
                    "inputs.",
        hint="keep Gluon's MXNet arrays: transpose them without asnumpy.",
        code='''
def gluon_weights_for_layer(fused, i, kind):
    p = {}
    for name, param in fused.collect_params().items():
        if f"_l{i}_" in name:
            p[name.split(f"_l{i}_")[1]] = param.data().asnumpy()
    W_x, W_h = p["i2h_weight"].T, p["h2h_weight"].T
    if kind == "gru":
        return W_x, W_h, p["i2h_bias"], p["h2h_bias"]
    return W_x, W_h, p["i2h_bias"] + p["h2h_bias"]
''',
        variant='''
import numpy as onp


def gluon_weights_for_layer(fused, i, kind):
    got = {}
    for name, param in fused.collect_params().items():
        head, sep, key = name.rpartition(f"l{i}_")
        if sep and head.endswith("_"):
            got[key] = param.data()
    W_x = onp.transpose(got["i2h_weight"].asnumpy())
    W_h = onp.transpose(got["h2h_weight"].asnumpy())
    b_x, b_h = got["i2h_bias"].asnumpy(), got["h2h_bias"].asnumpy()
    if kind == "gru":
        return (W_x, W_h, b_x, b_h)
    return (W_x, W_h, b_x + b_h)
'''),
    dict(
        part="gluon_weights_for_layer",
        name="float64-copies",
        explanation="the weights are copied as float64 (dtype=float), but "
                    "the inputs and states are float32 and MXNet does not "
                    "mix the two in a product.",
        hint="look at the dtype of the arrays you return.",
        code='''
def gluon_weights_for_layer(fused, i, kind):
    p = {}
    for name, param in fused.collect_params().items():
        if f"_l{i}_" in name:
            p[name.split(f"_l{i}_")[1]] = np.array(param.data(),
                                                   dtype=float)
    W_x, W_h = p["i2h_weight"].T, p["h2h_weight"].T
    if kind == "gru":
        return W_x, W_h, p["i2h_bias"], p["h2h_bias"]
    return W_x, W_h, p["i2h_bias"] + p["h2h_bias"]
''',
        variant='''
def gluon_weights_for_layer(fused, i, kind):
    got = {}
    for name, param in fused.collect_params().items():
        head, sep, key = name.rpartition(f"l{i}_")
        if sep and head.endswith("_"):
            got[key] = param.data()
    W_x = np.transpose(got["i2h_weight"]).astype("float64")
    W_h = np.transpose(got["h2h_weight"]).astype("float64")
    b_x = got["i2h_bias"].astype("float64")
    b_h = got["h2h_bias"].astype("float64")
    if kind == "gru":
        return (W_x, W_h, b_x, b_h)
    return (W_x, W_h, b_x + b_h)
'''),

    # ---------------------------------------------------------- count_params
    dict(
        part="count_params",
        name="every-layer-reads-inputs",
        explanation="every layer is counted as if it read num_inputs "
                    "features, but the layers above the first read the "
                    "num_hiddens outputs of the layer below.",
        hint="what is the input size of layer 2?",
        code='''
def count_params(num_inputs, num_hiddens, num_layers, gates):
    per_layer = gates * num_hiddens * (num_inputs + num_hiddens + 2)
    return num_layers * per_layer
''',
        variant='''
def count_params(num_inputs, num_hiddens, num_layers, gates):
    total = 0
    for layer in range(num_layers):
        rows = gates * num_hiddens
        total += rows * num_inputs + rows * num_hiddens + 2 * rows
    return total
'''),
    dict(
        part="count_params",
        name="one-bias-per-layer",
        explanation="one bias vector per layer is the textbook count, but "
                    "Gluon stores two (i2h_bias and h2h_bias).",
        hint="the task lists two bias vectors per layer.",
        code='''
def count_params(num_inputs, num_hiddens, num_layers, gates):
    total = 0
    for layer in range(num_layers):
        inputs = num_inputs if layer == 0 else num_hiddens
        total += gates * num_hiddens * (inputs + num_hiddens + 1)
    return total
''',
        variant='''
def count_params(num_inputs, num_hiddens, num_layers, gates):
    G = gates * num_hiddens
    first = G * num_inputs + G * num_hiddens + G
    rest = G * num_hiddens + G * num_hiddens + G
    return first + rest * (num_layers - 1)
'''),
    dict(
        part="count_params",
        name="bias-not-per-gate",
        explanation="the biases are counted with num_hiddens entries, but "
                    "like the weights' rows they hold one block per gate: "
                    "gates * num_hiddens each.",
        hint="what is the length of i2h_bias for an LSTM?",
        code='''
def count_params(num_inputs, num_hiddens, num_layers, gates):
    total = 0
    for layer in range(num_layers):
        inputs = num_inputs if layer == 0 else num_hiddens
        weights = gates * num_hiddens * (inputs + num_hiddens)
        total += weights + 2 * num_hiddens
    return total
''',
        variant='''
def count_params(num_inputs, num_hiddens, num_layers, gates):
    rows = gates * num_hiddens
    weights = rows * (num_inputs + num_hiddens) + \\
        (num_layers - 1) * rows * 2 * num_hiddens
    return weights + num_layers * 2 * num_hiddens
'''),
    dict(
        part="count_params",
        name="one-layer-too-many",
        explanation="the bottom layer is counted and then num_layers more "
                    "layers on top of it, one layer too many.",
        hint="how many layers read num_hiddens features?",
        code='''
def count_params(num_inputs, num_hiddens, num_layers, gates):
    rows = gates * num_hiddens
    bottom = rows * (num_inputs + num_hiddens + 2)
    upper = rows * (2 * num_hiddens + 2)
    return bottom + num_layers * upper
''',
        variant='''
def count_params(num_inputs, num_hiddens, num_layers, gates):
    total = 0
    inputs = num_inputs
    for layer in range(num_layers + 1):
        total += gates * num_hiddens * (inputs + num_hiddens) + \\
            2 * gates * num_hiddens
        inputs = num_hiddens
    return total
'''),
    dict(
        part="count_params",
        name="gates-hard-coded",
        explanation="the count uses 3 gate blocks, the GRU of the visible "
                    "test, whatever `gates` is.",
        hint="use the `gates` argument (1 for the RNN, 4 for the LSTM).",
        code='''
def count_params(num_inputs, num_hiddens, num_layers, gates):
    rows = 3 * num_hiddens
    bottom = rows * (num_inputs + num_hiddens + 2)
    upper = rows * (2 * num_hiddens + 2)
    return int(bottom + (num_layers - 1) * upper)
''',
        variant='''
def count_params(num_inputs, num_hiddens, num_layers, gates):
    total = 0
    for layer in range(num_layers):
        inputs = num_inputs if layer == 0 else num_hiddens
        for gate in ("reset", "update", "candidate"):
            total += num_hiddens * (inputs + num_hiddens + 2)
    return total
'''),
    dict(
        part="count_params",
        name="square-recurrent-weight",
        explanation="the recurrent weight is counted as num_hiddens x "
                    "num_hiddens, but like the input weight it has one block "
                    "of rows per gate: (gates * num_hiddens, num_hiddens).",
        hint="what is the shape of h2h_weight for an LSTM?",
        code='''
def count_params(num_inputs, num_hiddens, num_layers, gates):
    total = 0
    for layer in range(num_layers):
        inputs = num_inputs if layer == 0 else num_hiddens
        total += gates * num_hiddens * (inputs + 2)
        total += num_hiddens * num_hiddens
    return total
''',
        variant='''
def count_params(num_inputs, num_hiddens, num_layers, gates):
    G = gates * num_hiddens
    i2h = G * num_inputs + (num_layers - 1) * G * num_hiddens
    h2h = num_layers * num_hiddens ** 2
    return i2h + h2h + num_layers * 2 * G
'''),
    dict(
        part="count_params",
        name="mxnet-array-result",
        explanation="the count is computed with mxnet.np arrays and returned "
                    "as a float32 MXNet array, not as a Python int.",
        hint="return int(...) of the total, or count with Python integers.",
        code='''
def count_params(num_inputs, num_hiddens, num_layers, gates):
    inputs = np.array([num_inputs] + [num_hiddens] * (num_layers - 1))
    return (gates * num_hiddens * (inputs + num_hiddens + 2)).sum()
''',
        variant='''
def count_params(num_inputs, num_hiddens, num_layers, gates):
    per_layer = np.zeros(num_layers) + gates * num_hiddens * (
        2 * num_hiddens + 2)
    per_layer[0] = gates * num_hiddens * (num_inputs + num_hiddens + 2)
    return np.sum(per_layer)
'''),
]
