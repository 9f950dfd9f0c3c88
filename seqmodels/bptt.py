"""Backpropagation through time, measured (chapter *BPTT*).

* :func:`state_gradient_norms` measures how the gradient of the last step's
  loss shrinks or grows on its way back to earlier hidden states: the
  product of recurrent Jacobians, made visible.
* :func:`truncated_forward` and :class:`TBPTTTrainer` train with the
  gradient cut every ``truncation`` steps, in the two ways used in
  practice: cut the gradient but update once per window ("detach"), or
  update after every chunk and carry the state on ("chunks", as in
  Williams & Peng's truncated BPTT and d2l's sequential partitioning).
"""
from mxnet import autograd, np, npx

from .gated import ScratchRecurrent
from .train import LMTrainer


def detach_state(state):
    """The same state values with no gradient path to the past."""
    if isinstance(state, (list, tuple)):
        return type(state)(detach_state(s) for s in state)
    return state.detach()


def forward_with_state(model, X, state=None):
    """Logits (batch_size, num_steps, vocab) and the last state of a d2l
    language model (scratch or Gluon)."""
    outputs, state = model.rnn(model.one_hot(X), state)
    return model.output_layer(outputs), state


def truncated_forward(model, X, truncation):
    """The model's logits for ``X``, with the gradient cut every
    ``truncation`` steps. The values are those of a plain forward pass:
    only backpropagation changes."""
    logits, state = [], None
    for start in range(0, X.shape[1], truncation):
        out, state = forward_with_state(
            model, X[:, start:start + truncation], state)
        logits.append(out)
        state = detach_state(state)
    return np.concatenate(logits, axis=1)


class TBPTTTrainer(LMTrainer):
    """:class:`LMTrainer` with truncated backpropagation through time.

    ``truncation=None`` is full BPTT over each window. ``mode='detach'``
    cuts the gradient every ``truncation`` steps but still makes one update
    per window; ``mode='chunks'`` makes one update per chunk and carries the
    (detached) state into the next chunk of the same windows.
    """

    def __init__(self, max_epochs, gradient_clip_val=0, device=None,
                 label="", verbose=True, max_seconds=None, truncation=None,
                 mode="detach"):
        if mode not in ("detach", "chunks"):
            raise ValueError("mode must be 'detach' or 'chunks'")
        super().__init__(max_epochs, gradient_clip_val, device, label,
                         verbose, max_seconds)
        self.truncation, self.mode = truncation, mode
        self._state = None

    def training_batches(self):
        for X, Y in super().training_batches():
            if not self.truncation or self.mode == "detach":
                yield X, Y
                continue
            self._state = None  # new windows: start from a zero state
            for start in range(0, X.shape[1], self.truncation):
                stop = start + self.truncation
                yield X[:, start:stop], Y[:, start:stop]

    def training_loss(self, X, Y):
        if not self.truncation:
            return super().training_loss(X, Y)
        if self.mode == "detach":
            logits = truncated_forward(self.model, X, self.truncation)
        else:
            logits, state = forward_with_state(self.model, X, self._state)
            self._state = detach_state(state)
        return self.model.loss(logits, Y)


def state_gradient_norms(layer, output_layer, inputs, labels):
    """Norms of d(loss at the last step) / d(state k steps earlier).

    ``layer`` is a :class:`~seqmodels.gated.ScratchRecurrent`,
    ``output_layer`` maps hidden states (1, batch, num_hiddens) to logits
    (batch, 1, vocab) (a language model's ``output_layer``), ``inputs`` has
    shape (num_steps, batch, num_inputs) and ``labels`` (batch,) are the
    tokens to predict after the last step. The loss is the cross-entropy
    of that single prediction, summed over the batch so each example's
    gradient is its own.

    Returns a numpy array of shape (num_steps, num_states): row ``k`` is
    the mean over examples of the L2 norm of the gradient with respect to
    the state ``k`` steps before the last (column 0: ``H``; column 1, for
    the LSTM: the memory cell ``C``).
    """
    if not isinstance(layer, ScratchRecurrent):
        raise TypeError("state_gradient_norms needs a ScratchRecurrent "
                        "layer: fused Gluon layers hide their states")
    num_steps, batch_size = inputs.shape[:2]
    state = layer.begin_state(batch_size, inputs.ctx)
    # A zero added to every state: its gradient is the state's gradient.
    probes = [[np.zeros_like(s) for s in state] for _ in range(num_steps)]
    for step_probes in probes:
        for probe in step_probes:
            probe.attach_grad()
    step, params = layer.cell(), layer.param_values()
    with autograd.record():
        for X, step_probes in zip(inputs, probes):
            _, state = step(X, state, *params)
            state = tuple(s + p for s, p in zip(state, step_probes))
        logits = output_layer(np.expand_dims(state[0], 0))[:, -1]
        loss = -npx.pick(npx.log_softmax(logits), labels).sum()
    loss.backward()
    norms = [[float(np.sqrt((p.grad ** 2).sum(axis=1)).mean())
              for p in step_probes] for step_probes in probes]
    return np.array(norms[::-1]).asnumpy()
