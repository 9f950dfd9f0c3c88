"""Box-and-arrow diagrams: every shape draws the boxes its spec lists."""
import matplotlib
import pytest
from matplotlib.patches import FancyBboxPatch

from seqmodels import diagrams

matplotlib.use("Agg")
# d2l.use_svg_display goes through an IPython helper deprecated in 8.24.
pytestmark = pytest.mark.filterwarnings(
    "ignore:backend2gui:DeprecationWarning")


def boxes(ax):
    return [p for p in ax.patches if isinstance(p, FancyBboxPatch)]


@pytest.mark.parametrize("kind", sorted(diagrams.SHAPES))
def test_each_shape_draws_its_columns(kind):
    fig = diagrams.plot_rnn_shapes([kind])
    [ax] = fig.axes
    _, columns = diagrams.SHAPES[kind]
    expected = sum(1 + (x is not None) + (y is not None)
                   for x, _, y in columns)
    assert len(boxes(ax)) == expected
    texts = {t.get_text() for t in ax.texts}
    assert {x for x, _, _ in columns if x} <= texts
    assert {y for _, _, y in columns if y} <= texts
    matplotlib.pyplot.close(fig)


def test_all_shapes_in_one_figure():
    fig = diagrams.plot_rnn_shapes()
    assert len(fig.axes) == len(diagrams.SHAPES)
    titles = [ax.get_title(loc="left") for ax in fig.axes]
    assert any("captioning" in t for t in titles)
    matplotlib.pyplot.close(fig)


def test_captioning_example_spells_the_caption():
    _, columns = diagrams.SHAPES["image_to_sequence"]
    words = [y for _, _, y in columns if y]
    assert " ".join(words) == "a cat standing on a chair"


@pytest.mark.parametrize("num_steps", [1, 3, 5])
def test_unrolled_rnn_has_three_boxes_per_step(num_steps):
    fig = diagrams.plot_unrolled_rnn(num_steps)
    [ax] = fig.axes
    # Folded cell (3 boxes), H_0, then X_t, H_t, O_t per step.
    assert len(boxes(ax)) == 3 + 1 + 3 * num_steps
    texts = {t.get_text() for t in ax.texts}
    assert f"$H_{num_steps}$" in texts and "$W_{hh}$" in texts
    matplotlib.pyplot.close(fig)


def _texts(fig):
    return {t.get_text() for ax in fig.axes for t in ax.texts}


def _circles(ax):
    from matplotlib.patches import Circle
    return [p for p in ax.patches if isinstance(p, Circle)]


@pytest.mark.parametrize("graph", [diagrams.lstm_cell_graph,
                                   diagrams.gru_cell_graph])
def test_cell_graphs_connect_only_known_nodes(graph):
    nodes, edges = graph()
    for path in edges:
        assert len(path) >= 2
        for point in path:
            assert point in nodes if isinstance(point, str) else \
                len(point) == 2, point


def test_lstm_cell_draws_its_gates_and_operations():
    fig = diagrams.plot_lstm_cell()
    [ax] = fig.axes
    nodes, edges = diagrams.lstm_cell_graph()
    ops = [n for n in nodes.values() if n[3] == "op"]
    assert len(_circles(ax)) == len(ops) == 5  # 3 products, +, tanh
    assert len(boxes(ax)) == len(nodes) - len(ops)
    texts = _texts(fig)
    for name in ("F", "I", "O"):
        assert rf"$\sigma$: $\mathbf{{{name}}}_t$" in texts
    assert r"$\tanh$: $\tilde{\mathbf{C}}_t$" in texts
    assert {r"$\mathbf{C}_{t-1}$", r"$\mathbf{C}_t$",
            r"$\mathbf{H}_t$"} <= texts
    # One arrow per edge (annotations), no more, no fewer.
    assert len([c for c in ax.texts
                if getattr(c, "arrow_patch", None)]) == len(edges)
    matplotlib.pyplot.close(fig)


def test_gru_cell_draws_reset_update_and_candidate():
    fig = diagrams.plot_gru_cell()
    [ax] = fig.axes
    nodes, _ = diagrams.gru_cell_graph()
    assert len(_circles(ax)) == 5  # R*H, Z*H, (1-Z), (1-Z)*H~, +
    texts = _texts(fig)
    assert {r"$\sigma$: $\mathbf{R}_t$", r"$\sigma$: $\mathbf{Z}_t$",
            r"$\tanh$: $\tilde{\mathbf{H}}_t$", r"$1-$"} <= texts
    matplotlib.pyplot.close(fig)


@pytest.mark.parametrize("layers, steps", [(1, 3), (3, 4)])
def test_deep_rnn_has_one_box_per_layer_and_step(layers, steps):
    fig = diagrams.plot_deep_rnn(layers, steps)
    [ax] = fig.axes
    assert len(boxes(ax)) == steps * (layers + 2)
    assert rf"$\mathbf{{H}}_{steps}^{{({layers})}}$" in _texts(fig)
    matplotlib.pyplot.close(fig)


def test_birnn_has_both_directions_at_every_step():
    fig = diagrams.plot_birnn(num_steps=5)
    [ax] = fig.axes
    assert len(boxes(ax)) == 4 * 5
    texts = _texts(fig)
    assert r"$\overrightarrow{\mathbf{H}}_5$" in texts
    assert r"$\overleftarrow{\mathbf{H}}_1$" in texts
    matplotlib.pyplot.close(fig)


def test_encoder_decoder_feeds_the_context_to_every_decoder_step():
    source, target = ("a", "b", "c"), ("u", "v", "w", "z")
    fig = diagrams.plot_encoder_decoder(source, target)
    [ax] = fig.axes
    # 2 per source token, the context, 3 per target token.
    assert len(boxes(ax)) == 2 * 3 + 1 + 3 * 4
    texts = _texts(fig)
    assert "<bos>" in texts and r"$\mathbf{c}$" in texts
    assert r"$\mathbf{s}_4$" in texts
    matplotlib.pyplot.close(fig)


def test_attention_step_scores_every_encoder_state():
    fig = diagrams.plot_attention_step(num_steps=5)
    [ax] = fig.axes
    assert len(_circles(ax)) == 5
    texts = _texts(fig)
    assert {r"$a_5$", r"$\mathbf{c}_{t'}$", r"$\mathbf{s}_{t'-1}$",
            r"$\mathbf{s}_{t'}$"} <= texts
    matplotlib.pyplot.close(fig)


def test_transformer_block_and_its_causal_mask():
    from matplotlib.patches import Rectangle
    fig = diagrams.plot_transformer_block(mask_size=4)
    block, mask = fig.axes
    assert len(_circles(block)) == 2  # the two residual sums
    cells = [p for p in mask.patches if isinstance(p, Rectangle)]
    assert len(cells) == 16
    ones = [t for t in mask.texts if t.get_text() == "1"]
    assert len(ones) == 4 * 5 // 2  # query t sees keys 0..t
    assert any("masked multi-head" in t for t in _texts(fig))
    matplotlib.pyplot.close(fig)


def test_figures_render_as_svg():
    import io
    for plot in (diagrams.plot_lstm_cell, diagrams.plot_gru_cell,
                 diagrams.plot_deep_rnn, diagrams.plot_birnn,
                 diagrams.plot_encoder_decoder,
                 diagrams.plot_attention_step,
                 diagrams.plot_transformer_block):
        fig = plot()
        out = io.StringIO()
        fig.savefig(out, format="svg")
        assert out.getvalue().lstrip().startswith("<?xml"), plot.__name__
        assert out.getvalue().count("<path") > 10, plot.__name__
        matplotlib.pyplot.close(fig)
