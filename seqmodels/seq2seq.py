"""GRU encoder-decoders, with and without Bahdanau attention, trained on
the date corpus of :mod:`seqmodels.dates` (sections *Sequence to
sequence* and *Attention*).

The classes keep d2l's interfaces, so d2l's ``EncoderDecoder.forward``
and ``predict_step`` drive them unchanged:

* :class:`GRUEncoder` is :class:`d2l.Seq2SeqEncoder`; it also takes the
  source valid lengths and returns the state at the last real token, not
  after the padding.
* :class:`Seq2SeqDecoder` (a :class:`d2l.Decoder`; d2l 1.0.3's MXNet
  library has no ``Seq2SeqDecoder``) feeds the encoder's final state, the
  *context*, to every decoder step.
* :class:`BahdanauDecoder` (a :class:`d2l.AttentionDecoder`) recomputes
  the context at every step with :class:`seqmodels.attention.
  AdditiveAttention` and keeps the weights of every step.
* :class:`Seq2Seq` is :class:`d2l.Seq2Seq` with a loss that ignores
  padded target positions and no live plot.

:class:`Seq2SeqTrainer` is a :class:`d2l.Trainer` with a device, gradient
clipping and a wall-clock budget. :func:`greedy_decode`,
:func:`evaluate` and :func:`accuracy_by_length` turn a trained model into
the numbers the book prints. Every size comes from :func:`sizes`, the
``seq2seq`` sizes of the active :func:`seqmodels.profile`.
"""
import time
from dataclasses import dataclass, field

from d2l import mxnet as d2l
from mxnet import autograd, init, np
from mxnet.gluon import nn, rnn

from .attention import AdditiveAttention
from .config import profile, try_device
from .dates import iso, render
from .train import DeviceTrainer, History


def sizes(name=None):
    """The seq2seq sizes of the active (or named) profile, as a fresh
    dict (:class:`seqmodels.config.Seq2SeqSizes`)."""
    return profile(name).seq2seq.as_dict()


# --- Models -----------------------------------------------------------------

class GRUEncoder(d2l.Seq2SeqEncoder):
    """d2l's GRU encoder, aware of padding.

    ``forward(X, valid_len)`` returns ``(outputs, state)`` as d2l does:
    outputs (num_steps, batch_size, num_hiddens), state (num_layers,
    batch_size, num_hiddens). With ``valid_len`` the top layer's state is
    the output at the last real token (the '<eos>'), so a short source is
    not followed by dozens of padding steps before the decoder sees it.
    (The lower layers of a deep encoder still read the padding: MXNet's
    CPU GRU cannot stop each sequence at its own length.)
    """

    def forward(self, X, valid_len=None):
        outputs, state = super().forward(X)
        if valid_len is not None:
            steps = valid_len.astype("int32") - 1
            last = outputs[steps, np.arange(outputs.shape[1],
                                            ctx=outputs.ctx)]
            state = np.concatenate([state[:-1], np.expand_dims(last, 0)], 0)
        return outputs, state


class Seq2SeqDecoder(d2l.Decoder):
    """GRU decoder whose every step sees the encoder's final top-layer
    state (the context vector) next to the embedded previous token."""

    def __init__(self, vocab_size, embed_size, num_hiddens, num_layers,
                 dropout=0):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embed_size)
        self.rnn = d2l.GRU(num_hiddens, num_layers, dropout)
        self.dense = nn.Dense(vocab_size, flatten=False)
        self.initialize(init.Xavier())

    def init_state(self, enc_all_outputs, *args):
        _, enc_state = enc_all_outputs
        # the context is fixed for the whole target: one vector per example
        return enc_state[-1], enc_state

    def forward(self, X, state):
        context, H = state
        embs = self.embedding(X.T)  # (num_steps, batch_size, embed_size)
        context = np.broadcast_to(np.expand_dims(context, 0),
                                  (embs.shape[0],) + context.shape)
        outputs, H = self.rnn(np.concatenate([embs, context], -1), H)
        # (batch_size, num_steps, vocab_size)
        return self.dense(outputs).swapaxes(0, 1), (state[0], H)


class BahdanauDecoder(d2l.AttentionDecoder):
    """GRU decoder with additive attention (Bahdanau et al., 2015).

    At step t the top layer's previous state queries all encoder outputs;
    the attention-weighted sum of them is this step's context, fed to the
    GRU with the embedded previous token. ``attention_weights`` holds the
    weights of every step of the last call, shape (batch_size,
    num_steps, num_source_steps). ``attention_size`` is the hidden size
    of the additive scoring (default ``num_hiddens``): the scoring is the
    costliest part of a step, since it meets every source position.
    """

    def __init__(self, vocab_size, embed_size, num_hiddens, num_layers,
                 dropout=0, attention_size=None):
        super().__init__()
        self.attention = AdditiveAttention(attention_size or num_hiddens,
                                           dropout)
        self.embedding = nn.Embedding(vocab_size, embed_size)
        self.rnn = rnn.GRU(num_hiddens, num_layers, dropout=dropout)
        self.dense = nn.Dense(vocab_size, flatten=False)
        self.initialize(init.Xavier())
        self._attention_weights = []

    def init_state(self, enc_all_outputs, enc_valid_lens=None):
        outputs, H = enc_all_outputs
        # keys and values: (batch_size, num_source_steps, num_hiddens)
        return outputs.swapaxes(0, 1), H, enc_valid_lens

    def forward(self, X, state):
        enc_outputs, H, enc_valid_lens = state
        embs = self.embedding(X.T)  # (num_steps, batch_size, embed_size)
        outputs, self._attention_weights = [], []
        for x in embs:
            query = np.expand_dims(H[-1], axis=1)  # (batch_size, 1, h)
            context = self.attention(query, enc_outputs, enc_outputs,
                                     enc_valid_lens)
            x = np.concatenate([context, np.expand_dims(x, 1)], axis=-1)
            out, [H] = self.rnn(x.swapaxes(0, 1), [H])
            outputs.append(out)
            self._attention_weights.append(self.attention.attention_weights)
        outputs = self.dense(np.concatenate(outputs, 0))
        return outputs.swapaxes(0, 1), (enc_outputs, H, enc_valid_lens)

    @property
    def attention_weights(self):
        return np.concatenate(self._attention_weights, axis=1)


class Seq2Seq(d2l.Seq2Seq):
    """d2l's Seq2Seq: Adam, a loss that skips '<pad>' targets, no plot."""

    def loss(self, Y_hat, Y):
        per_token = super().loss(Y_hat, Y, averaged=False)
        mask = (Y.reshape(-1) != self.tgt_pad).astype("float32")
        return (per_token * mask).sum() / mask.sum()

    def training_step(self, batch):
        return self.loss(self(*batch[:-1]), batch[-1])

    def validation_step(self, batch):
        return self.loss(self(*batch[:-1]), batch[-1])


def make_model(kind, data, embed_size, num_hiddens, lr, num_layers=1,
               dropout=0, attention_size=None, **_):
    """A :class:`Seq2Seq` for ``data`` (a DateTranslation): ``kind`` is
    ``"seq2seq"`` (fixed context) or ``"attention"`` (Bahdanau). Extra
    keywords (the rest of a :func:`sizes` dict) are ignored."""
    decoders = {"seq2seq": Seq2SeqDecoder, "attention": BahdanauDecoder}
    if kind not in decoders:
        raise ValueError(f"kind must be one of {sorted(decoders)}")
    encoder = GRUEncoder(len(data.src_vocab), embed_size, num_hiddens,
                         num_layers, dropout)
    extra = {"attention_size": attention_size} if kind == "attention" else {}
    decoder = decoders[kind](len(data.tgt_vocab), embed_size, num_hiddens,
                             num_layers, dropout, **extra)
    return Seq2Seq(encoder, decoder, tgt_pad=data.tgt_vocab["<pad>"],
                   lr=lr)


# --- Training ---------------------------------------------------------------

def trim_source(batch):
    """Drop the source columns that are padding in every row of the
    batch: the encoder and the attention then skip them (a batch of short
    dates need not pay for the 80 columns a long one needs)."""
    src, tgt, src_valid_len, label = batch
    width = max(1, int(src_valid_len.max()))
    return src[:, :width], tgt, src_valid_len, label


@dataclass
class Seq2SeqHistory(History):
    """History of a :class:`Seq2SeqTrainer` run: losses and the training
    examples seen (``stop_reason`` is ``"seconds"`` when the time budget
    cut the run)."""
    train_loss: list = field(default_factory=list)
    val_loss: list = field(default_factory=list)
    examples: int = 0  # training examples seen

    def results(self):
        return [f"train loss {self.train_loss[-1]:.3f}",
                f"val loss {self.val_loss[-1]:.3f}",
                f"{self.examples:,} examples"]


class Seq2SeqTrainer(DeviceTrainer):
    """d2l's trainer with a device, clipping and a time budget.

    Training stops after ``max_epochs`` or as soon as a minibatch ends
    past ``max_seconds`` of training time, whichever comes first; the
    validation loss is computed after every (possibly cut) epoch.
    """

    history_class = Seq2SeqHistory

    def __init__(self, max_epochs, gradient_clip_val=1.0, max_seconds=None,
                 device=None, label="", verbose=True):
        super().__init__(max_epochs, gradient_clip_val, device, label,
                         verbose, max_seconds)

    def prepare_batch(self, batch):
        return super().prepare_batch(trim_source(batch))

    def stop_after_epoch(self):
        return bool(self.history.stop_reason)

    def out_of_time(self, seconds):
        return self.max_seconds is not None and seconds >= self.max_seconds

    def fit_epoch(self):
        h, start, total, count = self.history, time.perf_counter(), 0.0, 0
        for batch in self.train_dataloader:
            batch = self.prepare_batch(batch)
            with autograd.record():
                loss = self.model.training_step(batch)
            loss.backward()
            self.clip_gradients(self.gradient_clip_val, self.model)
            self.optim.step(1)
            n = batch[0].shape[0]
            total, count = total + float(loss) * n, count + n
            self.train_batch_idx += 1
            if self.out_of_time(sum(h.epoch_seconds)
                                + time.perf_counter() - start):
                h.stop_reason = "seconds"
                break
        h.epoch_seconds.append(time.perf_counter() - start)
        h.examples += count
        h.train_loss.append(total / count)
        h.val_loss.append(self.evaluate_loss())
        if self.verbose:
            print(f"epoch {self.epoch + 1}: train loss "
                  f"{h.train_loss[-1]:.3f}, val loss {h.val_loss[-1]:.3f}")

    def evaluate_loss(self):
        total, count = 0.0, 0
        for batch in self.val_dataloader:
            batch = self.prepare_batch(batch)
            total += float(self.model.validation_step(batch)) * len(
                batch[0])
            count += len(batch[0])
        return total / count


def train(kind, data, sz=None, device=None, verbose=True):
    """Build and train one model on ``data`` with the sizes ``sz``
    (default: :func:`sizes`); return ``(model, history)``."""
    sz = sz or sizes()
    model = make_model(kind, data, **sz)
    trainer = Seq2SeqTrainer(sz["max_epochs"], sz["grad_clip"],
                             sz["max_seconds"], device, label=kind,
                             verbose=verbose)
    return model, trainer.fit(model, data)


# --- Decoding and evaluation ------------------------------------------------

def greedy_decode(model, batch, num_steps, device=None,
                  save_attention_weights=False):
    """Greedy predictions for a whole batch with d2l's ``predict_step``.

    Returns token ids (batch_size, num_steps) and, if asked, the
    attention weights (batch_size, num_steps, num_source_steps).
    """
    device = device if device is not None else try_device(verbose=False)
    Y, weights = model.predict_step(trim_source(batch), device, num_steps,
                                    save_attention_weights)
    if save_attention_weights:
        return Y, np.concatenate(weights, axis=1)
    return Y


def to_string(ids, vocab):
    """Characters of one row of ids, up to (not including) '<eos>'."""
    chars = []
    for token in vocab.to_tokens([int(i) for i in ids]):
        if token == "<eos>":
            break
        chars.append(token)
    return "".join(chars)


def bleu(pred, label, k=4):
    """d2l's BLEU on characters (n-grams up to ``k``); 0 for an empty
    prediction (d2l's formula divides by its length)."""
    if not pred:
        return 0.0
    return d2l.bleu(" ".join(pred), " ".join(label), k)


@dataclass
class Evaluation:
    """Greedy predictions on the validation split, in row order."""
    predictions: list
    targets: list
    sources: list
    exact: list  # 1.0 where the prediction equals the target, else 0.0
    bleu: list

    @property
    def accuracy(self):
        return sum(self.exact) / len(self.exact)

    @property
    def mean_bleu(self):
        return sum(self.bleu) / len(self.bleu)


def evaluate(model, data, device=None):
    """Exact match and BLEU of greedy decoding on the validation split."""
    device = device if device is not None else try_device(verbose=False)
    num_steps = data.tgt_num_steps
    preds = []
    for batch in data.val_dataloader():  # not shuffled: row order
        Y = greedy_decode(model, batch, num_steps, device)
        preds.extend(to_string(row, data.tgt_vocab) for row in Y.asnumpy())
    records = data.split(train=False)
    targets = [iso(d) for d, _ in records]
    sources = [render(d, fmt) for d, fmt in records]
    exact = [float(p == t) for p, t in zip(preds, targets)]
    scores = [bleu(p, t) for p, t in zip(preds, targets)]
    return Evaluation(preds, targets, sources, exact, scores)


def accuracy_by_length(exact, lengths, edges=(8, 16, 24, 32, 48, 77)):
    """Mean of ``exact`` per source-length bucket ``[edges[i],
    edges[i+1])``; returns (labels, accuracies, counts). Empty buckets
    get accuracy ``nan``."""
    labels, accs, counts = [], [], []
    for lo, hi in zip(edges[:-1], edges[1:]):
        hits = [e for e, n in zip(exact, lengths) if lo <= n < hi]
        labels.append(f"{lo}-{hi - 1}")
        counts.append(len(hits))
        accs.append(sum(hits) / len(hits) if hits else float("nan"))
    return labels, accs, counts


def plot_by_length(evaluations, lengths, figsize=(7, 2.6)):
    """Bars of exact match (left) and BLEU (right) per source-length
    bucket, one colour per model; ``evaluations`` maps a label to an
    :class:`Evaluation`. Returns the figure."""
    fig, axes = d2l.plt.subplots(1, 2, figsize=figsize, sharex=True)
    width = 0.8 / len(evaluations)
    for i, (label, ev) in enumerate(evaluations.items()):
        for ax, scores in zip(axes, [ev.exact, ev.bleu]):
            names, values, counts = accuracy_by_length(scores, lengths)
            xs = [j + (i - (len(evaluations) - 1) / 2) * width
                  for j in range(len(names))]
            ax.bar(xs, values, width, label=label)
    for ax, title in zip(axes, ["exact match", "BLEU"]):
        ax.set_xticks(range(len(names)))
        ax.set_xticklabels([f"{n}\n({c})" for n, c in zip(names, counts)],
                           fontsize=7)
        ax.set_ylim(0, 1.02)
        ax.set_title(title, fontsize=9)
        ax.set_xlabel("source length in characters (examples)", fontsize=8)
    axes[0].legend(fontsize=8)
    fig.tight_layout()
    return fig


def plot_attention(results, figsize=(7, 2.4)):
    """Heat maps of :func:`decode_with_weights` results, one panel per
    source: output characters down, source characters across."""
    fig, axes = d2l.plt.subplots(len(results), 1, squeeze=False,
                                 figsize=(figsize[0],
                                          figsize[1] * len(results)))
    for ax, (src, pred, w) in zip(axes[:, 0], results):
        # colour scale per panel: weights of a weak model are diffuse
        image = ax.imshow(w, cmap="Reds", vmin=0, aspect="auto")
        fig.colorbar(image, ax=ax, pad=0.01)
        xs = list(src) + ["eos"]
        ys = (list(pred) + ["eos"])[:w.shape[0]]
        ax.set_xticks(range(len(xs)))
        ax.set_xticklabels(xs, fontsize=7)
        ax.set_yticks(range(len(ys)))
        ax.set_yticklabels(ys, fontsize=7)
        ax.set_xlabel("source character (key)", fontsize=8)
        ax.set_ylabel("output (query)", fontsize=8)
    fig.tight_layout()
    return fig


def decode_with_weights(model, data, sources, device=None):
    """Greedy outputs and attention weights for new source strings.

    Returns a list of ``(source, prediction, weights)`` where weights is
    a numpy array (output characters + '<eos>', source characters +
    '<eos>'), cut to the real lengths, ready for a heat map.
    """
    device = device if device is not None else try_device(verbose=False)
    targets = ["0000-00-00"] * len(sources)  # only '<bos>' is read
    batch = data.build(sources, targets)
    Y, W = greedy_decode(model, batch, data.tgt_num_steps, device,
                         save_attention_weights=True)
    results = []
    for src, row, w in zip(sources, Y.asnumpy(), W.asnumpy()):
        pred = to_string(row, data.tgt_vocab)
        results.append((src, pred, w[:len(pred) + 1, :len(src) + 1]))
    return results


# The characters of each field of an ISO 8601 date, YYYY-MM-DD.
ISO_FIELDS = {"year": range(0, 4), "month": range(5, 7), "day": range(8, 10)}


def field_focus(source, weights, fields=None):
    """Where the decoder looked while it wrote each field of the date.

    ``weights`` is one array of :func:`decode_with_weights` (output steps,
    source characters + '<eos>'). For each field, the weight rows of its
    output characters are averaged; the result maps the field's name to
    ``(position, character, weight)`` of the source position with the
    largest average weight ('<eos>' for the end of the source).
    """
    focus = {}
    for name, steps in (fields or ISO_FIELDS).items():
        rows = [weights[s] for s in steps if s < len(weights)]
        if not rows:
            continue
        mean = sum(rows) / len(rows)
        where = int(mean.argmax())
        char = source[where] if where < len(source) else "<eos>"
        focus[name] = (where, char, float(mean[where]))
    return focus


__all__ = ["sizes", "GRUEncoder", "Seq2SeqDecoder",
           "BahdanauDecoder", "Seq2Seq", "make_model", "Seq2SeqHistory",
           "Seq2SeqTrainer", "train", "greedy_decode", "to_string", "bleu",
           "Evaluation", "evaluate", "accuracy_by_length",
           "plot_by_length", "plot_attention", "decode_with_weights",
           "field_focus"]
