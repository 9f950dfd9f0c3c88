"""The similarity report: independent answers stay apart, a copy does not.

Four answers to three rnn parts, each written independently (different
loops, helpers and library calls, as four students would), form the
honest cohort: no pair may reach the threshold. A fifth student copies
the first one's answers and renames every variable, rewrites the
comments and moves blank lines: that pair must be reported, with the
parts it copied. The starter code (what every student was given) does
not count.
"""
import re

from autograder import similarity

STARTER = {g: f"def {g}(*args):\n    # YOUR CODE HERE\n"
           "    raise NotImplementedError()"
           for g in ("one_hot", "grad_clipping", "perplexity")}

HONEST = {
    "ana": {
        "one_hot": (
            "def one_hot(X, vocab_size):\n"
            "    # one row per token, a 1 at the token's index\n"
            "    out = np.zeros((X.shape[0], X.shape[1], vocab_size))\n"
            "    for i in range(X.shape[0]):\n"
            "        for j in range(X.shape[1]):\n"
            "            out[i, j, int(X[i, j])] = 1\n"
            "    return out.swapaxes(0, 1)"),
        "grad_clipping": (
            "def grad_clipping(params, theta):\n"
            "    total = 0.0\n"
            "    for p in params:\n"
            "        total += float((p.grad ** 2).sum())\n"
            "    norm = total ** 0.5\n"
            "    if norm > theta:\n"
            "        for p in params:\n"
            "            p.grad[:] *= theta / norm\n"
            "    return norm"),
        "perplexity": (
            "def perplexity(losses):\n"
            "    mean_loss = sum(losses) / len(losses)\n"
            "    return math.exp(mean_loss)"),
    },
    "bo": {
        "one_hot": (
            "def one_hot(X, vocab_size):\n"
            "    eye = np.eye(vocab_size)\n"
            "    return eye[X.T.astype('int32')]"),
        "grad_clipping": (
            "def grad_clipping(params, theta):\n"
            "    squares = [np.sum(q.grad * q.grad) for q in params]\n"
            "    g = np.sqrt(sum(squares))\n"
            "    scale = min(1.0, theta / (g + 1e-12))\n"
            "    for q in params:\n"
            "        q.grad[:] = q.grad * scale\n"
            "    return g"),
        "perplexity": (
            "def perplexity(losses):\n"
            "    import numpy as onp\n"
            "    return float(onp.exp(onp.mean(onp.asarray(losses))))"),
    },
    "chen": {
        "one_hot": (
            "def one_hot(X, vocab_size):\n"
            "    steps = []\n"
            "    for t in range(X.shape[1]):\n"
            "        column = X[:, t]\n"
            "        steps.append(npx.one_hot(column, vocab_size))\n"
            "    return np.stack(steps)"),
        "grad_clipping": (
            "def grad_clipping(params, theta):\n"
            "    flat = np.concatenate([w.grad.reshape(-1) for w in params])"
            "\n    size = float(np.linalg.norm(flat))\n"
            "    factor = theta / size if size > theta else 1.0\n"
            "    if factor < 1.0:\n"
            "        for w in params:\n"
            "            w.grad[:] = w.grad * factor\n"
            "    return size"),
        "perplexity": (
            "def perplexity(losses):\n"
            "    total, count = 0.0, 0\n"
            "    for value in losses:\n"
            "        total, count = total + value, count + 1\n"
            "    return math.exp(total / count)"),
    },
    "dita": {
        "one_hot": (
            "def one_hot(X, vocab_size):\n"
            "    idx = X.T.reshape(-1).astype('int64')\n"
            "    flat = np.zeros((idx.shape[0], vocab_size))\n"
            "    flat[np.arange(idx.shape[0]), idx] = 1.0\n"
            "    return flat.reshape(X.shape[1], X.shape[0], vocab_size)"),
        "grad_clipping": (
            "def grad_clipping(params, theta):\n"
            "    def norm_of(ps):\n"
            "        return math.sqrt(sum(float(np.sum(p.grad ** 2)) "
            "for p in ps))\n"
            "    n = norm_of(params)\n"
            "    while False:\n        pass\n"
            "    if n <= theta:\n        return n\n"
            "    ratio = theta / n\n"
            "    for p in params:\n        p.grad[:] *= ratio\n"
            "    return n"),
        "perplexity": (
            "def perplexity(losses):\n"
            "    losses = list(losses)\n"
            "    if not losses:\n"
            "        raise ValueError('no losses')\n"
            "    return math.exp(math.fsum(losses) / len(losses))"),
    },
}


def renamed(code):
    """Student ana's code as a copier would hide it: every local name
    changed, comments rewritten, blank lines moved."""
    for old, new in (("out", "result"), ("total", "acc"), ("norm", "nrm"),
                     ("mean_loss", "avg"), ("i", "row"), ("j", "col"),
                     ("p", "param")):
        code = re.sub(rf"\b{old}\b", new, code)
    code = code.replace("# one row per token, a 1 at the token's index",
                        "# build the encoding")
    return code.replace("\n    return", "\n\n    return")


def test_independent_answers_show_no_pair_above_the_threshold():
    found, scores = similarity.pairs(HONEST, STARTER)
    assert found == [], [(p.a, p.b, p.score) for p in found]
    assert len(scores) == 6  # every pair was compared
    assert max(scores.values()) < similarity.THRESHOLD


def test_a_copied_and_renamed_answer_is_reported_with_its_parts():
    cohort = {**HONEST, "eve": {g: renamed(c)
                                for g, c in HONEST["ana"].items()}}
    assert cohort["eve"]["grad_clipping"] != HONEST["ana"]["grad_clipping"]
    found, _ = similarity.pairs(cohort, STARTER)
    assert [(p.a, p.b) for p in found] == [("ana", "eve")]
    assert found[0].score >= similarity.THRESHOLD
    assert set(found[0].parts) >= {"one_hot", "grad_clipping"}
    text = "\n".join(similarity.report_lines(found, len(cohort)))
    assert "**ana** and **eve**" in text and "`grad_clipping`" in text


def test_the_starter_code_does_not_count():
    # two students who handed in only the starter code plus one line
    same = {g: c + "\n    pass" for g, c in STARTER.items()}
    found, scores = similarity.pairs({"x": same, "y": dict(same)}, STARTER)
    assert found == [] and scores == {}


def test_the_figure_is_drawn(tmp_path):
    _, scores = similarity.pairs(HONEST, STARTER)
    similarity.write_figure(tmp_path / "similarity.png", "rnn", scores)
    assert (tmp_path / "similarity.png").stat().st_size > 5000
