"""Misconceptions of the gru assignment: wrong answers as students write
them. Each entry loses its part (``python tests/catalogue.py gru``); the
feedback names the one whose results match a failed answer's."""

CATALOGUE = [
    # -------------------------------------------------------- gru_gates
    dict(
        part="gru_gates",
        name="swapped-gates",
        explanation="the first block is returned as the update gate and the "
                    "second as the reset gate; in Gluon's layout the reset "
                    "block comes first.",
        hint="check the order of the blocks in the table: r, z, n.",
        code='''
def gru_gates(X, H, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
    h = H.shape[-1]
    gates = npx.sigmoid(np.dot(X, i2h_weight.T) + i2h_bias
                        + np.dot(H, h2h_weight.T) + h2h_bias)
    Z, R = gates[:, :h], gates[:, h:2 * h]
    return R, Z
''',
        variant='''
def gru_gates(X, H, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
    Wr, Wz, _ = np.split(i2h_weight, 3, axis=0)
    Ur, Uz, _ = np.split(h2h_weight, 3, axis=0)
    br, bz, _ = np.split(i2h_bias, 3)
    cr, cz, _ = np.split(h2h_bias, 3)
    update = npx.sigmoid(X @ Wr.T + br + H @ Ur.T + cr)
    reset = npx.sigmoid(X @ Wz.T + bz + H @ Uz.T + cz)
    return reset, update
'''),
    dict(
        part="gru_gates",
        name="missing-recurrent-bias",
        explanation="h2h_bias is left out; Gluon adds both biases, the "
                    "input one and the recurrent one.",
        hint="count the terms inside each sigmoid: there are four.",
        code='''
def gru_gates(X, H, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
    h = H.shape[-1]
    gates = npx.sigmoid(np.dot(X, i2h_weight.T) + i2h_bias
                        + np.dot(H, h2h_weight.T))
    return gates[:, :h], gates[:, h:2 * h]
''',
        variant='''
def gru_gates(X, H, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
    n = H.shape[1]
    XH = np.concatenate([X, H], axis=1)
    W = np.concatenate([i2h_weight[:2 * n], h2h_weight[:2 * n]], axis=1)
    pre = XH @ W.T + i2h_bias[:2 * n]
    return npx.sigmoid(pre[:, :n]), npx.sigmoid(pre[:, n:])
'''),
    dict(
        part="gru_gates",
        name="hard-coded-width",
        explanation="the block width is fixed at 4 (the visible test's "
                    "num_hiddens), so with other sizes the gates take the "
                    "wrong rows of the parameters.",
        hint="take num_hiddens from the shape of H.",
        code='''
def gru_gates(X, H, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
    a = np.dot(X, i2h_weight.T) + i2h_bias
    b = np.dot(H, h2h_weight.T) + h2h_bias
    both = npx.sigmoid(a + b)
    return both[:, :4], both[:, 4:8]
''',
        variant='''
def gru_gates(X, H, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
    R = npx.sigmoid(X @ i2h_weight[0:4].T + i2h_bias[0:4]
                    + H @ h2h_weight[0:4].T + h2h_bias[0:4])
    Z = npx.sigmoid(X @ i2h_weight[4:8].T + i2h_bias[4:8]
                    + H @ h2h_weight[4:8].T + h2h_bias[4:8])
    return R, Z
'''),
    dict(
        part="gru_gates",
        name="reshape-not-transpose",
        explanation="the weights are reshaped to (num_inputs, 3h) instead "
                    "of transposed: the shapes fit, but the numbers land in "
                    "the wrong places.",
        hint="to turn a (3h, d) weight into a (d, 3h) one, transpose it "
             "(.T); reshape keeps the memory order.",
        code='''
def gru_gates(X, H, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
    h = H.shape[-1]
    Wx = i2h_weight.reshape(X.shape[1], 3 * h)
    Wh = h2h_weight.reshape(h, 3 * h)
    both = npx.sigmoid(np.dot(X, Wx) + i2h_bias + np.dot(H, Wh) + h2h_bias)
    return both[:, :h], both[:, h:2 * h]
''',
        variant='''
def gru_gates(X, H, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
    n = H.shape[1]
    gx = X @ i2h_weight.reshape(-1, 3 * n) + i2h_bias
    gh = H @ h2h_weight.reshape(n, -1) + h2h_bias
    R = npx.sigmoid(gx[:, :n] + gh[:, :n])
    Z = npx.sigmoid(gx[:, n:2 * n] + gh[:, n:2 * n])
    return R, Z
'''),
    dict(
        part="gru_gates",
        name="tanh-gates",
        explanation="the gates use tanh, so they lie in (-1, 1) instead of "
                    "(0, 1) and can flip signs instead of weighing.",
        hint="a gate is a sigmoid (npx.sigmoid).",
        code='''
def gru_gates(X, H, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
    h = H.shape[-1]
    both = np.tanh(np.dot(X, i2h_weight.T) + i2h_bias
                   + np.dot(H, h2h_weight.T) + h2h_bias)
    return both[:, :h], both[:, h:2 * h]
''',
        variant='''
def gru_gates(X, H, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
    h = H.shape[1]
    out = []
    for k in range(2):
        rows = slice(k * h, (k + 1) * h)
        out.append(np.tanh(X @ i2h_weight[rows].T + i2h_bias[rows]
                           + H @ h2h_weight[rows].T + h2h_bias[rows]))
    return out[0], out[1]
'''),
    dict(
        part="gru_gates",
        name="update-includes-candidate",
        explanation="Z is taken as everything after the reset block, so it "
                    "also holds the candidate block and has 2h columns "
                    "instead of h.",
        hint="the update gate is only the second block of h columns.",
        code='''
def gru_gates(X, H, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
    h = H.shape[-1]
    gates = npx.sigmoid(np.dot(X, i2h_weight.T) + i2h_bias
                        + np.dot(H, h2h_weight.T) + h2h_bias)
    return gates[:, :h], gates[:, h:]
''',
        variant='''
def gru_gates(X, H, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
    n = H.shape[1]
    pre = X @ i2h_weight.T + H @ h2h_weight.T + i2h_bias + h2h_bias
    R = npx.sigmoid(pre[:, 0:n])
    Z = npx.sigmoid(pre[:, n:3 * n])
    return R, Z
'''),
    dict(
        part="gru_gates",
        name="interleaved-blocks",
        explanation="the gate rows are taken every third row (r, z, n "
                    "interleaved) instead of as contiguous blocks of "
                    "num_hiddens rows.",
        hint="the table stacks the blocks one after the other: the first "
             "num_hiddens rows are the reset gate's.",
        code='''
def gru_gates(X, H, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
    R = npx.sigmoid(np.dot(X, i2h_weight[0::3].T) + i2h_bias[0::3]
                    + np.dot(H, h2h_weight[0::3].T) + h2h_bias[0::3])
    Z = npx.sigmoid(np.dot(X, i2h_weight[1::3].T) + i2h_bias[1::3]
                    + np.dot(H, h2h_weight[1::3].T) + h2h_bias[1::3])
    return R, Z
''',
        variant='''
def gru_gates(X, H, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
    pre = (X @ i2h_weight.T + i2h_bias) + (H @ h2h_weight.T + h2h_bias)
    pre = pre.reshape(pre.shape[0], -1, 3)
    return npx.sigmoid(pre[:, :, 0]), npx.sigmoid(pre[:, :, 1])
'''),
    dict(
        part="gru_gates",
        name="naive-sigmoid-overflow",
        explanation="the sigmoid is written as exp(x) / (1 + exp(x)): for a "
                    "large pre-activation exp overflows to inf and the gate "
                    "becomes nan (inf / inf).",
        hint="use npx.sigmoid, or a form in which exp can only underflow "
             "for large positive x.",
        code='''
def gru_gates(X, H, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
    h = H.shape[-1]
    pre = (np.dot(X, i2h_weight.T) + i2h_bias
           + np.dot(H, h2h_weight.T) + h2h_bias)
    both = np.exp(pre) / (1 + np.exp(pre))
    return both[:, :h], both[:, h:2 * h]
''',
        variant='''
def gru_gates(X, H, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
    def sigmoid(v):
        e = np.exp(v)
        return e / (e + 1.0)

    n = H.shape[1]
    gx = X @ i2h_weight[:2 * n].T + i2h_bias[:2 * n]
    gh = H @ h2h_weight[:2 * n].T + h2h_bias[:2 * n]
    return sigmoid(gx[:, :n] + gh[:, :n]), sigmoid(gx[:, n:] + gh[:, n:])
'''),
    dict(
        part="gru_gates",
        name="casts-to-float32",
        explanation="the inputs are cast to float32, so float64 inputs lose "
                    "their precision and the gates (and their gradients) "
                    "are only float32-accurate.",
        hint="keep the dtype of the arrays you are given; do not cast.",
        code='''
def gru_gates(X, H, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
    X, H = X.astype("float32"), H.astype("float32")
    Wx, Wh = i2h_weight.astype("float32"), h2h_weight.astype("float32")
    bx, bh = i2h_bias.astype("float32"), h2h_bias.astype("float32")
    h = H.shape[-1]
    both = npx.sigmoid(np.dot(X, Wx.T) + bx + np.dot(H, Wh.T) + bh)
    return both[:, :h], both[:, h:2 * h]
''',
        variant='''
def gru_gates(X, H, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
    n = H.shape[1]
    f32 = [a.astype(np.float32) for a in (X, H, i2h_weight, h2h_weight,
                                          i2h_bias, h2h_bias)]
    X, H, Wi, Wh, bi, bh = f32
    R = npx.sigmoid(X @ Wi[:n].T + bi[:n] + H @ Wh[:n].T + bh[:n])
    Z = npx.sigmoid(X @ Wi[n:2 * n].T + bi[n:2 * n]
                    + H @ Wh[n:2 * n].T + bh[n:2 * n])
    return R, Z
'''),
    # --------------------------------------------------------- gru_cell
    dict(
        part="gru_cell",
        name="textbook-reset",
        explanation="the reset gate is applied to H before the recurrent "
                    "product (the textbook form), where Gluon applies it to "
                    "H W_hn + b_hn after the product.",
        hint="reread the formula of part 2: R multiplies the whole "
             "recurrent term, bias included.",
        code='''
def gru_cell(X, H, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
    h = H.shape[-1]
    gx = np.dot(X, i2h_weight.T) + i2h_bias
    gh = np.dot(H, h2h_weight.T) + h2h_bias
    R = npx.sigmoid(gx[:, :h] + gh[:, :h])
    Z = npx.sigmoid(gx[:, h:2 * h] + gh[:, h:2 * h])
    N = np.tanh(gx[:, 2 * h:] + np.dot(R * H, h2h_weight[2 * h:].T)
                + h2h_bias[2 * h:])
    return Z * H + (1 - Z) * N
''',
        variant='''
def gru_cell(X, H, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
    Wr, Wz, Wn = np.split(i2h_weight, 3, axis=0)
    Ur, Uz, Un = np.split(h2h_weight, 3, axis=0)
    br, bz, bn = np.split(i2h_bias, 3)
    cr, cz, cn = np.split(h2h_bias, 3)
    R = npx.sigmoid(X @ Wr.T + br + H @ Ur.T + cr)
    Z = npx.sigmoid(X @ Wz.T + bz + H @ Uz.T + cz)
    N = np.tanh(X @ Wn.T + bn + (R * H) @ Un.T + cn)
    return N + Z * (H - N)
'''),
    dict(
        part="gru_cell",
        name="reversed-mix",
        explanation="the update gate weighs the candidate and 1 - Z the old "
                    "state (Z N + (1 - Z) H), the reverse of the formula.",
        hint="Z is the share of the OLD state that is kept.",
        code='''
def gru_cell(X, H, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
    h = H.shape[-1]
    gx = np.dot(X, i2h_weight.T) + i2h_bias
    gh = np.dot(H, h2h_weight.T) + h2h_bias
    R = npx.sigmoid(gx[:, :h] + gh[:, :h])
    Z = npx.sigmoid(gx[:, h:2 * h] + gh[:, h:2 * h])
    N = np.tanh(gx[:, 2 * h:] + R * gh[:, 2 * h:])
    return Z * N + (1 - Z) * H
''',
        variant='''
def gru_cell(X, H, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
    n = H.shape[1]
    a = X @ i2h_weight.T + i2h_bias
    b = H @ h2h_weight.T + h2h_bias
    r = npx.sigmoid(a[:, :n] + b[:, :n])
    z = npx.sigmoid(a[:, n:2 * n] + b[:, n:2 * n])
    cand = np.tanh(a[:, 2 * n:] + r * b[:, 2 * n:])
    return H + z * (cand - H)
'''),
    dict(
        part="gru_cell",
        name="swapped-rz",
        explanation="the first block is used as the update gate and the "
                    "second as the reset gate; Gluon's order is r, z, n.",
        hint="check the order of the blocks in the table.",
        code='''
def gru_cell(X, H, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
    h = H.shape[-1]
    gx = np.dot(X, i2h_weight.T) + i2h_bias
    gh = np.dot(H, h2h_weight.T) + h2h_bias
    Z = npx.sigmoid(gx[:, :h] + gh[:, :h])
    R = npx.sigmoid(gx[:, h:2 * h] + gh[:, h:2 * h])
    N = np.tanh(gx[:, 2 * h:] + R * gh[:, 2 * h:])
    return Z * H + (1 - Z) * N
''',
        variant='''
def gru_cell(X, H, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
    n = H.shape[1]
    pre_x = np.split(X @ i2h_weight.T + i2h_bias, 3, axis=1)
    pre_h = np.split(H @ h2h_weight.T + h2h_bias, 3, axis=1)
    update = npx.sigmoid(pre_x[0] + pre_h[0])
    reset = npx.sigmoid(pre_x[1] + pre_h[1])
    new = np.tanh(pre_x[2] + reset * pre_h[2])
    return update * H + (1 - update) * new
'''),
    dict(
        part="gru_cell",
        name="reset-on-whole-candidate",
        explanation="the reset gate multiplies the whole pre-activation of "
                    "the candidate, input part included, instead of only "
                    "the recurrent part.",
        hint="only H W_hn + b_hn is scaled by R; X W_xn + b_xn is added "
             "as it is.",
        code='''
def gru_cell(X, H, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
    h = H.shape[-1]
    gx = np.dot(X, i2h_weight.T) + i2h_bias
    gh = np.dot(H, h2h_weight.T) + h2h_bias
    R = npx.sigmoid(gx[:, :h] + gh[:, :h])
    Z = npx.sigmoid(gx[:, h:2 * h] + gh[:, h:2 * h])
    N = np.tanh(R * (gx[:, 2 * h:] + gh[:, 2 * h:]))
    return Z * H + (1 - Z) * N
''',
        variant='''
def gru_cell(X, H, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
    n = H.shape[1]
    pre = (X @ i2h_weight.T + i2h_bias) + (H @ h2h_weight.T + h2h_bias)
    r = npx.sigmoid(pre[:, :n])
    z = npx.sigmoid(pre[:, n:2 * n])
    cand = np.tanh(pre[:, 2 * n:] * r)
    return cand + z * (H - cand)
'''),
    dict(
        part="gru_cell",
        name="no-tanh-candidate",
        explanation="the candidate is the raw pre-activation without tanh, "
                    "so the state is no longer bounded.",
        hint="the candidate state goes through tanh.",
        code='''
def gru_cell(X, H, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
    h = H.shape[-1]
    gx = np.dot(X, i2h_weight.T) + i2h_bias
    gh = np.dot(H, h2h_weight.T) + h2h_bias
    R = npx.sigmoid(gx[:, :h] + gh[:, :h])
    Z = npx.sigmoid(gx[:, h:2 * h] + gh[:, h:2 * h])
    N = gx[:, 2 * h:] + R * gh[:, 2 * h:]
    return Z * H + (1 - Z) * N
''',
        variant='''
def gru_cell(X, H, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
    xr, xz, xn = np.split(X @ i2h_weight.T + i2h_bias, 3, axis=-1)
    hr, hz, hn = np.split(H @ h2h_weight.T + h2h_bias, 3, axis=-1)
    reset, update = npx.sigmoid(xr + hr), npx.sigmoid(xz + hz)
    new = xn + reset * hn
    return new + update * (H - new)
'''),
    dict(
        part="gru_cell",
        name="sigmoid-candidate",
        explanation="the candidate goes through a sigmoid like the gates, so "
                    "it is always positive and the state cannot go down to "
                    "negative values.",
        hint="the candidate is not a gate: look at its nonlinearity.",
        code='''
def gru_cell(X, H, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
    h = H.shape[-1]
    gx = np.dot(X, i2h_weight.T) + i2h_bias
    gh = np.dot(H, h2h_weight.T) + h2h_bias
    R = npx.sigmoid(gx[:, :h] + gh[:, :h])
    Z = npx.sigmoid(gx[:, h:2 * h] + gh[:, h:2 * h])
    N = npx.sigmoid(gx[:, 2 * h:] + R * gh[:, 2 * h:])
    return Z * H + (1 - Z) * N
''',
        variant='''
def gru_cell(X, H, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
    n = H.shape[1]
    a = X @ i2h_weight.T + i2h_bias
    b = H @ h2h_weight.T + h2h_bias
    r, z = [npx.sigmoid(a[:, k * n:(k + 1) * n] + b[:, k * n:(k + 1) * n])
            for k in range(2)]
    cand = 1 / (1 + np.exp(-(a[:, 2 * n:] + r * b[:, 2 * n:])))
    return z * H + (1 - z) * cand
'''),
    dict(
        part="gru_cell",
        name="hard-coded-width",
        explanation="the block width is fixed at 4 (the visible test's "
                    "num_hiddens), so with another number of hidden units "
                    "the gates and the candidate take the wrong columns.",
        hint="take num_hiddens from the shape of H.",
        code='''
def gru_cell(X, H, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
    a = np.dot(X, i2h_weight.T) + i2h_bias
    b = np.dot(H, h2h_weight.T) + h2h_bias
    reset = npx.sigmoid(a[:, :4] + b[:, :4])
    update = npx.sigmoid(a[:, 4:8] + b[:, 4:8])
    candidate = np.tanh(a[:, 8:] + reset * b[:, 8:])
    return update * H + (1 - update) * candidate
''',
        variant='''
def gru_cell(X, H, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
    h = 4
    gx = X @ i2h_weight.T + i2h_bias
    gh = H @ h2h_weight.T + h2h_bias
    R = npx.sigmoid(gx[:, 0:h] + gh[:, 0:h])
    Z = npx.sigmoid(gx[:, h:2 * h] + gh[:, h:2 * h])
    N = np.tanh(gx[:, 2 * h:] + R * gh[:, 2 * h:])
    return N + Z * (H - N)
'''),
    dict(
        part="gru_cell",
        name="old-state-dropped",
        explanation="the new state is (1 - Z) * candidate alone: the "
                    "Z * H_{t-1} term that keeps the old state is missing.",
        hint="the new state is a mix of two things, weighted by Z and "
             "1 - Z.",
        code='''
def gru_cell(X, H, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
    h = H.shape[-1]
    gx = np.dot(X, i2h_weight.T) + i2h_bias
    gh = np.dot(H, h2h_weight.T) + h2h_bias
    R = npx.sigmoid(gx[:, :h] + gh[:, :h])
    Z = npx.sigmoid(gx[:, h:2 * h] + gh[:, h:2 * h])
    N = np.tanh(gx[:, 2 * h:] + R * gh[:, 2 * h:])
    return (1 - Z) * N
''',
        variant='''
def gru_cell(X, H, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
    n = H.shape[1]
    pre_x = X @ i2h_weight.T + i2h_bias
    pre_h = H @ h2h_weight.T + h2h_bias
    r = npx.sigmoid(pre_x[:, :n] + pre_h[:, :n])
    z = npx.sigmoid(pre_x[:, n:2 * n] + pre_h[:, n:2 * n])
    n_t = np.tanh(pre_x[:, 2 * n:] + r * pre_h[:, 2 * n:])
    return n_t - z * n_t
'''),
    dict(
        part="gru_cell",
        name="missing-recurrent-bias",
        explanation="h2h_bias is left out, so the candidate (and the gates) "
                    "miss the recurrent bias b_hn that Gluon adds inside "
                    "the reset.",
        hint="Gluon has two biases; the recurrent one is part of the term "
             "that R multiplies.",
        code='''
def gru_cell(X, H, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
    h = H.shape[-1]
    gx = np.dot(X, i2h_weight.T) + i2h_bias
    gh = np.dot(H, h2h_weight.T)
    R = npx.sigmoid(gx[:, :h] + gh[:, :h])
    Z = npx.sigmoid(gx[:, h:2 * h] + gh[:, h:2 * h])
    N = np.tanh(gx[:, 2 * h:] + R * gh[:, 2 * h:])
    return Z * H + (1 - Z) * N
''',
        variant='''
def gru_cell(X, H, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
    Wr, Wz, Wn = np.split(i2h_weight, 3)
    Ur, Uz, Un = np.split(h2h_weight, 3)
    br, bz, bn = np.split(i2h_bias, 3)
    r = npx.sigmoid(X @ Wr.T + H @ Ur.T + br)
    z = npx.sigmoid(X @ Wz.T + H @ Uz.T + bz)
    n = np.tanh(X @ Wn.T + bn + r * (H @ Un.T))
    return z * H + (1 - z) * n
'''),
    dict(
        part="gru_cell",
        name="reshape-not-transpose",
        explanation="the weights are reshaped to (num_inputs, 3h) instead "
                    "of transposed: the shapes fit, but the numbers land in "
                    "the wrong places.",
        hint="to turn a (3h, d) weight into a (d, 3h) one, transpose it "
             "(.T); reshape keeps the memory order.",
        code='''
def gru_cell(X, H, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
    h = H.shape[-1]
    a = np.dot(X, i2h_weight.reshape(X.shape[1], 3 * h)) + i2h_bias
    b = np.dot(H, h2h_weight.reshape(h, 3 * h)) + h2h_bias
    reset = npx.sigmoid(a[:, :h] + b[:, :h])
    update = npx.sigmoid(a[:, h:2 * h] + b[:, h:2 * h])
    candidate = np.tanh(a[:, 2 * h:] + reset * b[:, 2 * h:])
    return update * H + (1 - update) * candidate
''',
        variant='''
def gru_cell(X, H, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
    n = H.shape[1]
    Wx = i2h_weight.reshape(-1, 3 * n)
    Wh = h2h_weight.reshape(n, -1)
    xr, xz, xn = np.split(X @ Wx + i2h_bias, 3, axis=1)
    hr, hz, hn = np.split(H @ Wh + h2h_bias, 3, axis=1)
    r, z = npx.sigmoid(xr + hr), npx.sigmoid(xz + hz)
    cand = np.tanh(xn + r * hn)
    return cand + z * (H - cand)
'''),
    # ------------------------------------------------ gru_cell_textbook
    dict(
        part="gru_cell_textbook",
        name="gluon-reset",
        explanation="the reset gate is applied after the recurrent product "
                    "(Gluon's form), where the textbook applies it to H "
                    "before the product.",
        hint="in the textbook form R multiplies H, and the product with "
             "W_hn comes after.",
        code='''
def gru_cell_textbook(X, H, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
    h = H.shape[-1]
    gx = np.dot(X, i2h_weight.T) + i2h_bias
    gh = np.dot(H, h2h_weight.T) + h2h_bias
    R = npx.sigmoid(gx[:, :h] + gh[:, :h])
    Z = npx.sigmoid(gx[:, h:2 * h] + gh[:, h:2 * h])
    N = np.tanh(gx[:, 2 * h:] + R * gh[:, 2 * h:])
    return Z * H + (1 - Z) * N
''',
        variant='''
def gru_cell_textbook(X, H, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
    Wr, Wz, Wn = np.split(i2h_weight, 3, axis=0)
    Ur, Uz, Un = np.split(h2h_weight, 3, axis=0)
    br, bz, bn = np.split(i2h_bias, 3)
    cr, cz, cn = np.split(h2h_bias, 3)
    reset = npx.sigmoid(X @ Wr.T + br + H @ Ur.T + cr)
    keep = npx.sigmoid(X @ Wz.T + bz + H @ Uz.T + cz)
    new = np.tanh(X @ Wn.T + bn + reset * (H @ Un.T + cn))
    return keep * H + (1 - keep) * new
'''),
    dict(
        part="gru_cell_textbook",
        name="no-tanh-candidate",
        explanation="the candidate is the raw pre-activation without tanh, "
                    "so it is unbounded.",
        hint="the candidate state goes through tanh.",
        code='''
def gru_cell_textbook(X, H, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
    h = H.shape[-1]
    gx = np.dot(X, i2h_weight.T) + i2h_bias
    gh = np.dot(H, h2h_weight.T) + h2h_bias
    R = npx.sigmoid(gx[:, :h] + gh[:, :h])
    Z = npx.sigmoid(gx[:, h:2 * h] + gh[:, h:2 * h])
    N = (gx[:, 2 * h:] + np.dot(R * H, h2h_weight[2 * h:].T)
         + h2h_bias[2 * h:])
    return Z * H + (1 - Z) * N
''',
        variant='''
def gru_cell_textbook(X, H, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
    Wr, Wz, Wn = np.split(i2h_weight, 3)
    Ur, Uz, Un = np.split(h2h_weight, 3)
    br, bz, bn = np.split(i2h_bias, 3)
    cr, cz, cn = np.split(h2h_bias, 3)
    r = npx.sigmoid(X @ Wr.T + H @ Ur.T + br + cr)
    z = npx.sigmoid(X @ Wz.T + H @ Uz.T + bz + cz)
    cand = X @ Wn.T + (r * H) @ Un.T + bn + cn
    return cand + z * (H - cand)
'''),
    dict(
        part="gru_cell_textbook",
        name="reversed-mix",
        explanation="the update gate weighs the candidate and 1 - Z the old "
                    "state (Z N + (1 - Z) H), the reverse of the formula.",
        hint="Z is the share of the OLD state that is kept.",
        code='''
def gru_cell_textbook(X, H, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
    h = H.shape[-1]
    gx = np.dot(X, i2h_weight.T) + i2h_bias
    gh = np.dot(H, h2h_weight.T) + h2h_bias
    R = npx.sigmoid(gx[:, :h] + gh[:, :h])
    Z = npx.sigmoid(gx[:, h:2 * h] + gh[:, h:2 * h])
    N = np.tanh(gx[:, 2 * h:] + np.dot(R * H, h2h_weight[2 * h:].T)
                + h2h_bias[2 * h:])
    return Z * N + (1 - Z) * H
''',
        variant='''
def gru_cell_textbook(X, H, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
    Wr, Wz, Wn = np.split(i2h_weight, 3, axis=0)
    Ur, Uz, Un = np.split(h2h_weight, 3, axis=0)
    br, bz, bn = np.split(i2h_bias, 3)
    cr, cz, cn = np.split(h2h_bias, 3)
    reset = npx.sigmoid(X @ Wr.T + br + H @ Ur.T + cr)
    mix = npx.sigmoid(X @ Wz.T + bz + H @ Uz.T + cz)
    new = np.tanh(X @ Wn.T + bn + (reset * H) @ Un.T + cn)
    return H + mix * (new - H)
'''),
    dict(
        part="gru_cell_textbook",
        name="swapped-rz",
        explanation="the first block is used as the update gate and the "
                    "second as the reset gate; the layout's order is r, z, "
                    "n.",
        hint="check the order of the blocks in the table.",
        code='''
def gru_cell_textbook(X, H, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
    h = H.shape[-1]
    gx = np.dot(X, i2h_weight.T) + i2h_bias
    gh = np.dot(H, h2h_weight.T) + h2h_bias
    Z = npx.sigmoid(gx[:, :h] + gh[:, :h])
    R = npx.sigmoid(gx[:, h:2 * h] + gh[:, h:2 * h])
    N = np.tanh(gx[:, 2 * h:] + np.dot(R * H, h2h_weight[2 * h:].T)
                + h2h_bias[2 * h:])
    return Z * H + (1 - Z) * N
''',
        variant='''
def gru_cell_textbook(X, H, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
    Wz, Wr, Wn = np.split(i2h_weight, 3, axis=0)
    Uz, Ur, Un = np.split(h2h_weight, 3, axis=0)
    bz, br, bn = np.split(i2h_bias, 3)
    cz, cr, cn = np.split(h2h_bias, 3)
    reset = npx.sigmoid(X @ Wr.T + br + H @ Ur.T + cr)
    keep = npx.sigmoid(X @ Wz.T + bz + H @ Uz.T + cz)
    new = np.tanh(X @ Wn.T + bn + (reset * H) @ Un.T + cn)
    return new + keep * (H - new)
'''),
    dict(
        part="gru_cell_textbook",
        name="hard-coded-width",
        explanation="the block width is fixed at 4 (the visible test's "
                    "num_hiddens), so with another number of hidden units "
                    "the blocks are cut in the wrong places.",
        hint="take num_hiddens from the shape of H.",
        code='''
def gru_cell_textbook(X, H, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
    h = 4
    gx = np.dot(X, i2h_weight.T) + i2h_bias
    gh = np.dot(H, h2h_weight.T) + h2h_bias
    R = npx.sigmoid(gx[:, :h] + gh[:, :h])
    Z = npx.sigmoid(gx[:, h:2 * h] + gh[:, h:2 * h])
    N = np.tanh(gx[:, 2 * h:] + np.dot(R * H, h2h_weight[2 * h:].T)
                + h2h_bias[2 * h:])
    return Z * H + (1 - Z) * N
''',
        variant='''
def gru_cell_textbook(X, H, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
    Wr, Wz, Wn = i2h_weight[0:4], i2h_weight[4:8], i2h_weight[8:]
    Ur, Uz, Un = h2h_weight[0:4], h2h_weight[4:8], h2h_weight[8:]
    br, bz, bn = i2h_bias[0:4], i2h_bias[4:8], i2h_bias[8:]
    cr, cz, cn = h2h_bias[0:4], h2h_bias[4:8], h2h_bias[8:]
    reset = npx.sigmoid(X @ Wr.T + br + H @ Ur.T + cr)
    keep = npx.sigmoid(X @ Wz.T + bz + H @ Uz.T + cz)
    new = np.tanh(X @ Wn.T + bn + (reset * H) @ Un.T + cn)
    return new + keep * (H - new)
'''),
    dict(
        part="gru_cell_textbook",
        name="reset-unused",
        explanation="R is computed but the candidate uses H W_hn, not "
                    "(R * H) W_hn, so the reset gate has no effect.",
        hint="the reset gate scales H before its product with W_hn.",
        code='''
def gru_cell_textbook(X, H, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
    h = H.shape[-1]
    gx = np.dot(X, i2h_weight.T) + i2h_bias
    gh = np.dot(H, h2h_weight.T) + h2h_bias
    R = npx.sigmoid(gx[:, :h] + gh[:, :h])
    Z = npx.sigmoid(gx[:, h:2 * h] + gh[:, h:2 * h])
    N = np.tanh(gx[:, 2 * h:] + gh[:, 2 * h:])
    return Z * H + (1 - Z) * N
''',
        variant='''
def gru_cell_textbook(X, H, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
    Wr, Wz, Wn = np.split(i2h_weight, 3)
    Ur, Uz, Un = np.split(h2h_weight, 3)
    br, bz, bn = np.split(i2h_bias, 3)
    cr, cz, cn = np.split(h2h_bias, 3)
    reset = npx.sigmoid(X @ Wr.T + br + H @ Ur.T + cr)
    keep = npx.sigmoid(X @ Wz.T + bz + H @ Uz.T + cz)
    new = np.tanh(X @ Wn.T + bn + H @ Un.T + cn)
    return new + keep * (H - new)
'''),
    dict(
        part="gru_cell_textbook",
        name="reshape-not-transpose",
        explanation="the weights are reshaped to (num_inputs, 3h) instead "
                    "of transposed: the shapes fit, but the numbers land in "
                    "the wrong places.",
        hint="to turn a (3h, d) weight into a (d, 3h) one, transpose it "
             "(.T); reshape keeps the memory order.",
        code='''
def gru_cell_textbook(X, H, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
    h = H.shape[-1]
    Wx = i2h_weight.reshape(X.shape[1], 3 * h)
    Wh = h2h_weight.reshape(h, 3 * h)
    gx = np.dot(X, Wx) + i2h_bias
    gh = np.dot(H, Wh[:, :2 * h]) + h2h_bias[:2 * h]
    R = npx.sigmoid(gx[:, :h] + gh[:, :h])
    Z = npx.sigmoid(gx[:, h:2 * h] + gh[:, h:])
    N = np.tanh(gx[:, 2 * h:] + np.dot(R * H, Wh[:, 2 * h:])
                + h2h_bias[2 * h:])
    return Z * H + (1 - Z) * N
''',
        variant='''
def gru_cell_textbook(X, H, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
    n = H.shape[1]
    Wx = i2h_weight.reshape(-1, 3 * n)
    Wh = h2h_weight.reshape(n, -1)
    br, bz, bn = np.split(i2h_bias, 3)
    cr, cz, cn = np.split(h2h_bias, 3)
    r = npx.sigmoid(X @ Wx[:, :n] + br + H @ Wh[:, :n] + cr)
    z = npx.sigmoid(X @ Wx[:, n:2 * n] + bz + H @ Wh[:, n:2 * n] + cz)
    cand = np.tanh(X @ Wx[:, 2 * n:] + bn + (r * H) @ Wh[:, 2 * n:] + cn)
    return cand + z * (H - cand)
'''),
    dict(
        part="gru_cell_textbook",
        name="missing-recurrent-bias",
        explanation="h2h_bias is left out everywhere; the textbook form "
                    "still has the recurrent biases b_hr, b_hz and b_hn in "
                    "Gluon's layout.",
        hint="each of the three pre-activations has two biases, one from "
             "each bias array.",
        code='''
def gru_cell_textbook(X, H, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
    h = H.shape[-1]
    gx = np.dot(X, i2h_weight.T) + i2h_bias
    gh = np.dot(H, h2h_weight.T)
    R = npx.sigmoid(gx[:, :h] + gh[:, :h])
    Z = npx.sigmoid(gx[:, h:2 * h] + gh[:, h:2 * h])
    N = np.tanh(gx[:, 2 * h:] + np.dot(R * H, h2h_weight[2 * h:].T))
    return Z * H + (1 - Z) * N
''',
        variant='''
def gru_cell_textbook(X, H, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
    Wr, Wz, Wn = np.split(i2h_weight, 3)
    Ur, Uz, Un = np.split(h2h_weight, 3)
    br, bz, bn = np.split(i2h_bias, 3)
    r = npx.sigmoid(X @ Wr.T + H @ Ur.T + br)
    z = npx.sigmoid(X @ Wz.T + H @ Uz.T + bz)
    cand = np.tanh(X @ Wn.T + (r * H) @ Un.T + bn)
    return cand + z * (H - cand)
'''),
    dict(
        part="gru_cell_textbook",
        name="casts-to-float32",
        explanation="the inputs are cast to float32, so float64 inputs lose "
                    "their precision and the new state (and its gradient) "
                    "is only float32-accurate.",
        hint="keep the dtype of the arrays you are given; do not cast.",
        code='''
def gru_cell_textbook(X, H, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
    X, H = X.astype("float32"), H.astype("float32")
    i2h_weight = i2h_weight.astype("float32")
    h2h_weight = h2h_weight.astype("float32")
    i2h_bias, h2h_bias = i2h_bias.astype("float32"), h2h_bias.astype("float32")
    h = H.shape[-1]
    gx = np.dot(X, i2h_weight.T) + i2h_bias
    gh = np.dot(H, h2h_weight.T) + h2h_bias
    R = npx.sigmoid(gx[:, :h] + gh[:, :h])
    Z = npx.sigmoid(gx[:, h:2 * h] + gh[:, h:2 * h])
    N = np.tanh(gx[:, 2 * h:] + np.dot(R * H, h2h_weight[2 * h:].T)
                + h2h_bias[2 * h:])
    return Z * H + (1 - Z) * N
''',
        variant='''
def gru_cell_textbook(X, H, i2h_weight, h2h_weight, i2h_bias, h2h_bias):
    X, H, Wi, Wh, bi, bh = (a.astype(np.float32) for a in (
        X, H, i2h_weight, h2h_weight, i2h_bias, h2h_bias))
    Wr, Wz, Wn = np.split(Wi, 3)
    Ur, Uz, Un = np.split(Wh, 3)
    br, bz, bn = np.split(bi, 3)
    cr, cz, cn = np.split(bh, 3)
    r = npx.sigmoid(X @ Wr.T + br + H @ Ur.T + cr)
    z = npx.sigmoid(X @ Wz.T + bz + H @ Uz.T + cz)
    cand = np.tanh(X @ Wn.T + bn + (r * H) @ Un.T + cn)
    return cand + z * (H - cand)
'''),
    # ------------------------------------------------------ gru_forward
    dict(
        part="gru_forward",
        name="state-not-carried",
        explanation="every step starts from the initial state, so the steps "
                    "do not depend on each other.",
        hint="give each step the state returned by the previous step.",
        code='''
def gru_forward(inputs, H, params, step=gru_cell):
    outputs = [step(X, H, *params) for X in inputs]
    return np.stack(outputs), outputs[-1]
''',
        variant='''
def gru_forward(inputs, H, params, step=gru_cell):
    states = []
    for t in range(inputs.shape[0]):
        H_t = step(inputs[t], H, *params)
        states.append(H_t)
    return np.stack(states, axis=0), H_t
'''),
    dict(
        part="gru_forward",
        name="outputs-shifted",
        explanation="the outputs start with the initial state and miss the "
                    "last one: each output is the state before its step "
                    "instead of after it.",
        hint="output t is the state returned by the step at time t.",
        code='''
def gru_forward(inputs, H, params, step=gru_cell):
    outputs = []
    for X in inputs:
        outputs.append(H)
        H = step(X, H, *params)
    return np.stack(outputs), H
''',
        variant='''
def gru_forward(inputs, H, params, step=gru_cell):
    states = [H]
    for t in range(inputs.shape[0]):
        states.append(step(inputs[t], states[-1], *params))
    return np.stack(states[:-1], axis=0), states[-1]
'''),
    dict(
        part="gru_forward",
        name="first-state-returned",
        explanation="the outputs are right but the state returned is the "
                    "first step's (states[0]) instead of the last one's.",
        hint="the last state is the one after the final step, "
             "outputs[-1].",
        code='''
def gru_forward(inputs, H, params, step=gru_cell):
    states = []
    for t in range(inputs.shape[0]):
        H = step(inputs[t], H, *params)
        states.append(H)
    return np.stack(states, axis=0), states[0]
''',
        variant='''
def gru_forward(inputs, H, params, step=gru_cell):
    outs = []
    for X in inputs:
        H = step(X, H, *params)
        outs.append(H)
    outputs = np.stack(outs)
    return outputs, outputs[0]
'''),
    dict(
        part="gru_forward",
        name="hard-coded-steps",
        explanation="the loop runs 3 steps (the visible test's length) "
                    "instead of every step of the input.",
        hint="take the number of steps from the shape of inputs.",
        code='''
def gru_forward(inputs, H, params, step=gru_cell):
    states = []
    for t in range(3):
        H = step(inputs[t], H, *params)
        states.append(H)
    return np.stack(states, axis=0), states[-1]
''',
        variant='''
def gru_forward(inputs, H, params, step=gru_cell):
    outs = []
    for X in inputs[:3]:
        H = step(X, H, *params)
        outs.append(H)
    return np.stack(outs), H
'''),
    dict(
        part="gru_forward",
        name="last-step-dropped",
        explanation="the loop stops one step early (range(num_steps - 1)), "
                    "so the last input is never read.",
        hint="count the steps: range(n) already stops at n - 1.",
        code='''
def gru_forward(inputs, H, params, step=gru_cell):
    states = []
    for t in range(inputs.shape[0] - 1):
        H = step(inputs[t], H, *params)
        states.append(H)
    return np.stack(states, axis=0), states[-1]
''',
        variant='''
def gru_forward(inputs, H, params, step=gru_cell):
    outs = []
    for X in inputs[:-1]:
        H = step(X, H, *params)
        outs.append(H)
    return np.stack(outs), H
'''),
    dict(
        part="gru_forward",
        name="wrong-stack-axis",
        explanation="the states are stacked along axis 1, giving shape "
                    "(batch_size, num_steps, h) instead of (num_steps, "
                    "batch_size, h).",
        hint="time is the first axis of the outputs, like of the inputs.",
        code='''
def gru_forward(inputs, H, params, step=gru_cell):
    states = []
    for t in range(inputs.shape[0]):
        H = step(inputs[t], H, *params)
        states.append(H)
    return np.stack(states, axis=1), states[-1]
''',
        variant='''
def gru_forward(inputs, H, params, step=gru_cell):
    outs = []
    for X in inputs:
        H = step(X, H, *params)
        outs.append(H)
    return np.stack(outs).transpose(1, 0, 2), H
'''),
    dict(
        part="gru_forward",
        name="initial-state-returned",
        explanation="the outputs are right but the returned state is the "
                    "initial H: the loop's state is kept under another "
                    "name.",
        hint="return the state after the last step.",
        code='''
def gru_forward(inputs, H, params, step=gru_cell):
    states = []
    state = H
    for X in inputs:
        state = step(X, state, *params)
        states.append(state)
    return np.stack(states), H
''',
        variant='''
def gru_forward(inputs, H, params, step=gru_cell):
    outs = [H]
    for t in range(inputs.shape[0]):
        outs.append(step(inputs[t], outs[-1], *params))
    return np.stack(outs[1:], axis=0), outs[0]
'''),
    dict(
        part="gru_forward",
        name="concatenated-not-stacked",
        explanation="the states are concatenated along axis 0, giving shape "
                    "(num_steps * batch_size, h) instead of a new time "
                    "axis.",
        hint="np.concatenate joins along an existing axis; np.stack adds "
             "a new one.",
        code='''
def gru_forward(inputs, H, params, step=gru_cell):
    states = []
    for t in range(inputs.shape[0]):
        H = step(inputs[t], H, *params)
        states.append(H)
    return np.concatenate(states, axis=0), H
''',
        variant='''
def gru_forward(inputs, H, params, step=gru_cell):
    outs = []
    for X in inputs:
        H = step(X, H, *params)
        outs.append(H)
    return np.stack(outs).reshape(-1, H.shape[-1]), H
'''),
    dict(
        part="gru_forward",
        name="outputs-as-list",
        explanation="the states are returned as a Python list of arrays, "
                    "not stacked into one array of shape (num_steps, "
                    "batch_size, h).",
        hint="stack the list of per-step states into one array.",
        code='''
def gru_forward(inputs, H, params, step=gru_cell):
    states = []
    for t in range(inputs.shape[0]):
        H = step(inputs[t], H, *params)
        states.append(H)
    return states, H
''',
        variant='''
def gru_forward(inputs, H, params, step=gru_cell):
    outs = list()
    for X in inputs:
        H = step(X, H, *params)
        outs += [H]
    return outs, outs[-1]
'''),
    dict(
        part="gru_forward",
        name="return-order-swapped",
        explanation="the pair is returned as (H_last, outputs) instead of "
                    "(outputs, H_last).",
        hint="look at the order of the returned values in the task.",
        code='''
def gru_forward(inputs, H, params, step=gru_cell):
    states = []
    for t in range(inputs.shape[0]):
        H = step(inputs[t], H, *params)
        states.append(H)
    return H, np.stack(states, axis=0)
''',
        variant='''
def gru_forward(inputs, H, params, step=gru_cell):
    outs = []
    for X in inputs:
        H = step(X, H, *params)
        outs.append(H)
    result = (outs[-1], np.stack(outs))
    return result
'''),
    # ----------------------------------------------------- count_params
    dict(
        part="count_params",
        name="one-bias-per-block",
        explanation="one bias vector per layer is counted, as in the "
                    "textbook equations, where Gluon keeps two (i2h_bias "
                    "and h2h_bias).",
        hint="list the four arrays of a Gluon layer and count each.",
        code='''
def count_params(kind, num_inputs, num_hiddens, num_layers=1):
    G = {"rnn": 1, "lstm": 4, "gru": 3}[kind]
    total = 0
    for i in range(num_layers):
        d = num_inputs if i == 0 else num_hiddens
        total += G * num_hiddens * (d + num_hiddens + 1)
    return total
''',
        variant='''
def count_params(kind, num_inputs, num_hiddens, num_layers=1):
    blocks = {"rnn": 1, "gru": 3, "lstm": 4}[kind]
    rows = blocks * num_hiddens
    first = rows * num_inputs + rows * num_hiddens + rows
    higher = rows * num_hiddens + rows * num_hiddens + rows
    return first + (num_layers - 1) * higher
'''),
    dict(
        part="count_params",
        name="every-layer-reads-inputs",
        explanation="every layer is counted as reading num_inputs features; "
                    "the layers above the first read the num_hiddens "
                    "outputs of the layer below.",
        hint="what is the input size of layer 2?",
        code='''
def count_params(kind, num_inputs, num_hiddens, num_layers=1):
    G = {"rnn": 1, "lstm": 4, "gru": 3}[kind]
    return num_layers * G * num_hiddens * (num_inputs + num_hiddens + 2)
''',
        variant='''
def count_params(kind, num_inputs, num_hiddens, num_layers=1):
    rows = {"rnn": 1, "lstm": 4, "gru": 3}[kind] * num_hiddens
    total = 0
    for _ in range(num_layers):
        total += rows * num_inputs + rows * num_hiddens + 2 * rows
    return total
'''),
    dict(
        part="count_params",
        name="lstm-three-blocks",
        explanation="the LSTM is counted with 3 blocks (its three gates), "
                    "forgetting the candidate's block: Gluon's LSTM has 4.",
        hint="count the blocks of an LSTM: input, forget, candidate, "
             "output.",
        code='''
def count_params(kind, num_inputs, num_hiddens, num_layers=1):
    blocks = {"rnn": 1, "lstm": 3, "gru": 3}[kind] * num_hiddens
    sizes = [num_inputs] + [num_hiddens] * (num_layers - 1)
    return sum(blocks * (width + num_hiddens + 2) for width in sizes)
''',
        variant='''
def count_params(kind, num_inputs, num_hiddens, num_layers=1):
    gates = 1 if kind == "rnn" else 3
    total = 0
    d = num_inputs
    for _ in range(num_layers):
        total += gates * num_hiddens * (d + num_hiddens) \\
            + 2 * gates * num_hiddens
        d = num_hiddens
    return total
'''),
    dict(
        part="count_params",
        name="gru-two-blocks",
        explanation="the GRU is counted with 2 blocks (its two gates), "
                    "forgetting the candidate's block: Gluon's GRU has 3.",
        hint="count the blocks of a GRU: reset, update and candidate.",
        code='''
def count_params(kind, num_inputs, num_hiddens, num_layers=1):
    blocks = {"rnn": 1, "lstm": 4, "gru": 2}[kind] * num_hiddens
    sizes = [num_inputs] + [num_hiddens] * (num_layers - 1)
    return sum(blocks * (width + num_hiddens + 2) for width in sizes)
''',
        variant='''
def count_params(kind, num_inputs, num_hiddens, num_layers=1):
    if kind == "rnn":
        g = 1
    elif kind == "gru":
        g = 2
    else:
        g = 4
    d, total = num_inputs, 0
    for _ in range(num_layers):
        total += g * num_hiddens * d + g * num_hiddens * num_hiddens \\
            + 2 * g * num_hiddens
        d = num_hiddens
    return total
'''),
    dict(
        part="count_params",
        name="layers-ignored",
        explanation="num_layers is ignored: only the first layer is counted, "
                    "so stacked layers have too few parameters.",
        hint="add up the parameters of every layer.",
        code='''
def count_params(kind, num_inputs, num_hiddens, num_layers=1):
    G = {"rnn": 1, "lstm": 4, "gru": 3}[kind]
    return G * num_hiddens * (num_inputs + num_hiddens + 2)
''',
        variant='''
def count_params(kind, num_inputs, num_hiddens, num_layers=1):
    rows = {"rnn": 1, "lstm": 4, "gru": 3}[kind] * num_hiddens
    i2h = rows * num_inputs
    h2h = rows * num_hiddens
    return i2h + h2h + rows + rows
'''),
    dict(
        part="count_params",
        name="one-layer-too-many",
        explanation="the loop counts num_layers layers of num_hiddens inputs "
                    "after the first, one layer more than there is.",
        hint="with num_layers layers there are num_layers - 1 layers above "
             "the first.",
        code='''
def count_params(kind, num_inputs, num_hiddens, num_layers=1):
    blocks = {"rnn": 1, "lstm": 4, "gru": 3}[kind] * num_hiddens
    sizes = [num_inputs] + [num_hiddens] * num_layers
    return sum(blocks * (width + num_hiddens + 2) for width in sizes)
''',
        variant='''
def count_params(kind, num_inputs, num_hiddens, num_layers=1):
    g = {"rnn": 1, "lstm": 4, "gru": 3}[kind]
    total = g * num_hiddens * (num_inputs + num_hiddens + 2)
    for _ in range(num_layers):
        total += g * num_hiddens * (2 * num_hiddens + 2)
    return total
'''),
    dict(
        part="count_params",
        name="no-biases",
        explanation="only the weight matrices are counted; the two bias "
                    "vectors of each layer are trainable numbers too.",
        hint="a Gluon layer has four arrays: two weights and two biases.",
        code='''
def count_params(kind, num_inputs, num_hiddens, num_layers=1):
    blocks = {"rnn": 1, "lstm": 4, "gru": 3}[kind] * num_hiddens
    sizes = [num_inputs] + [num_hiddens] * (num_layers - 1)
    return sum(blocks * (width + num_hiddens) for width in sizes)
''',
        variant='''
def count_params(kind, num_inputs, num_hiddens, num_layers=1):
    g = {"rnn": 1, "lstm": 4, "gru": 3}[kind]
    total, d = 0, num_inputs
    for _ in range(num_layers):
        total += g * num_hiddens * d + g * num_hiddens * num_hiddens
        d = num_hiddens
    return total
'''),
    dict(
        part="count_params",
        name="returns-array",
        explanation="the count is computed with MXNet's np and returned as "
                    "an ndarray, not as a Python int.",
        hint="convert the result with int(...), or count with plain "
             "Python arithmetic.",
        code='''
def count_params(kind, num_inputs, num_hiddens, num_layers=1):
    blocks = {"rnn": 1, "lstm": 4, "gru": 3}[kind] * num_hiddens
    sizes = np.array([num_inputs] + [num_hiddens] * (num_layers - 1))
    return (blocks * (sizes + num_hiddens + 2)).sum()
''',
        variant='''
def count_params(kind, num_inputs, num_hiddens, num_layers=1):
    g = {"rnn": 1, "lstm": 4, "gru": 3}[kind]
    widths = np.full(num_layers, float(num_hiddens))
    widths[0] = num_inputs
    return np.sum(g * num_hiddens * (widths + num_hiddens + 2))
'''),
]
