"""The book builds in the quick profile, executed, with no warning, and
shows no solution or hidden test."""
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from authoring.notebooks import ASSIGNMENTS, ROOT, notebooks_of, secret_lines

sys.path.insert(0, str(ROOT / "scripts"))
import build_book  # noqa: E402

PROFILE = "quick"


def toc_files():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]]

    def walk(entries):
        for e in entries:
            files.append(e["file"])
            walk(e.get("sections", []))
    for part in toc["parts"]:
        walk(part["chapters"])
    return files


@pytest.fixture(scope="module")
def html(quick_book):
    pages = {}
    for f in toc_files():
        path = quick_book / f"{f}.html"
        assert path.is_file(), f"{f} was not built"
        pages[f] = BeautifulSoup(path.read_text(), "html.parser")
    return pages


def test_every_page_is_built_without_errors(html):
    for name, soup in html.items():
        text = soup.get_text()
        assert "Traceback (most recent call last)" not in text, name
        assert not soup.select(".output.traceback"), name


def test_pages_that_train_state_profile_and_device(html):
    training = [n for n, s in html.items()
                if any("Trainer(" in cell.get_text()
                       for cell in s.select(".cell_input"))]
    assert training, "no page trains a model"
    for name in training:
        text = html[name].get_text()
        assert f"profile={PROFILE}" in text, name
        assert "device=cpu" in text or "device=gpu" in text, name


def test_pages_have_executed_outputs_and_figures(html):
    code_pages = [s for s in html.values() if s.select(".cell_input")]
    assert code_pages
    for soup in code_pages:
        assert soup.select(".cell_output"), "a code page has no outputs"
    figures = sum(len(s.select(".cell_output img")) for s in html.values())
    assert figures >= 4


def test_no_solution_or_hidden_test_in_the_html(html):
    everything = " ".join(" ".join(s.get_text().split())
                          for s in html.values())
    for path in build_book.html_dir(PROFILE).rglob("*"):
        assert not re.search(r"solutions?/.*\.ipynb$", str(path.relative_to(
            build_book.html_dir(PROFILE)))), f"solution copied: {path}"
    for assignment in ASSIGNMENTS:
        for notebook in notebooks_of(assignment):
            leaked = [s for s in secret_lines(assignment, notebook)
                      if s in everything]
            assert not leaked, f"solution lines in the book: {leaked}"
    assert "BEGIN HIDDEN TESTS" not in everything
    assert "BEGIN SOLUTION" not in everything


def test_output_path_is_per_profile():
    assert build_book.output_dir("quick") != build_book.output_dir("full")
    assert Path(build_book.html_dir("full")).parts[-1] == "html"


def test_math_renders_offline(html):
    """MathJax is served from the build, not from a CDN."""
    for name, soup in html.items():
        for script in soup.find_all("script", src=True):
            assert not script["src"].startswith(("http:", "https:", "//")), (
                f"{name} loads {script['src']} from the network")
    mathjax = build_book.html_dir(PROFILE) / "_static" / "mathjax"
    assert (mathjax / "MathJax.js").is_file()
    assert (mathjax / "config" / "TeX-AMS-MML_HTMLorMML-full.js").is_file()


def _sources():
    return {f: (ROOT / f"{f}.md").read_text() for f in toc_files()}


def _bib_keys():
    return re.findall(r"^@\w+\{([^,]+),", (ROOT / "references.bib")
                      .read_text(), re.M)


def test_works_are_cited_not_named_in_plain_text():
    """A work a page names goes through {cite}, so it is in the
    bibliography; every entry of references.bib is cited somewhere."""
    plain = re.compile(r"[A-Z][a-z]+ (?:et al\.|and [A-Z][a-z]+),? "
                       r"\(?(?:19|20)\d\d|[A-Z][a-z]+ \((?:19|20)\d\d[,)]")
    cited = set()
    for name, text in _sources().items():
        assert not plain.search(text), (name, plain.search(text).group())
        for keys in re.findall(r"\{cite(?::\w+)?\}`([^`]+)`", text):
            cited.update(k.strip() for k in keys.split(","))
    keys = _bib_keys()
    assert len(keys) == len(set(keys)) >= 20
    assert cited == set(keys), (cited ^ set(keys))


def test_bibliography_page_lists_every_work(html):
    soup = html["book/references"]
    entries = soup.select("div.citation, dl.citation > dt")
    assert len(entries) == len(_bib_keys()), len(entries)
    assert "Hochreiter" in soup.get_text()
    links = html["book/lstm/lstm"].select('a[href*="references.html#"]')
    assert links, "the LSTM page does not link its citation"


def test_pages_offer_notebook_repository_and_launch(html):
    for name, soup in html.items():
        if not soup.select(".cell_input"):
            continue
        hrefs = [a.get("href", "")
                 for a in soup.select(".bd-header-article a")]
        assert any(h.endswith(f"_sources/{name}.ipynb") for h in hrefs), name
        assert any(h.startswith("https://mybinder.org/v2/gh/")
                   for h in hrefs), name
        assert any("git-pull?repo=" in h for h in hrefs), name
        assert any(h.startswith("https://github.com/") for h in hrefs), name
        notebook = build_book.html_dir(PROFILE) / "_sources" / f"{name}.ipynb"
        assert notebook.is_file(), notebook


def test_exercise_pages_link_the_student_notebook(html):
    for assignment in ASSIGNMENTS:
        soup = html[f"book/{assignment}/exercise"]
        [link] = [a for a in soup.select("a.download")
                  if a.get("href", "").endswith(f"/{assignment}.ipynb")]
        path = build_book.html_dir(PROFILE) / link["href"].replace("../", "")
        assert path.is_file(), path
        assert path.read_bytes() == (ROOT / "exercises" / assignment /
                                     f"{assignment}.ipynb").read_bytes()


def test_tables_print_whole_numbers_and_spaced_columns(html):
    """Counts print as integers (not 2908.0) and styled tables pad their
    cells (an unpadded Styler table printed 0.0537.9e-08)."""
    whole = {"parameters", "params", "epochs", "best epoch"}
    checked = 0
    for name, soup in html.items():
        for table in soup.select(".cell_output table"):
            header = [th.get_text(strip=True)
                      for th in table.select("thead tr:last-child th")]
            for row in table.select("tbody tr"):
                cells = [c.get_text(strip=True) for c in row.find_all(
                    ["th", "td"])]
                for column, text in zip(header, cells):
                    if column in whole and text not in ("", "<NA>"):
                        checked += 1
                        assert re.fullmatch(r"[\d,]+", text), (
                            name, column, text)
            if (table.get("id") or "").startswith("T_"):
                style = table.find_previous("style")
                assert style and "padding" in style.get_text(), (
                    name, "styled table without cell padding")
    assert checked >= 5, checked


# --- Numbers in prose come from the build that printed them -------------

# Pages whose prose quotes measured figures only through myst-nb's glue:
# every page that trains or measures.
GLUED_PAGES = [
    "book/attention/attention", "book/attention/seq2seq",
    "book/birnn/birnn", "book/bptt/bptt", "book/bptt/experiments",
    "book/deep_rnn/deep_rnn",
    "book/gru/gru", "book/gru/comparison", "book/lstm/lstm",
    "book/rnn/language_models", "book/rnn/rnn_concise",
    "book/rnn/rnn_scratch", "book/transformer/transformer",
    "book/transformer/parallelism",
]
GLUED = "\u27e8G\u27e9"  # stands for a glued value in the patterns below

# Phrases that must be followed (or preceded) by a glued value, not by a
# typed-in number. Each fails if the figure is written in the source.
MUST_BE_GLUED = {
    "book/attention/attention": [
        f"the output, {GLUED}, is pulled towards its value 10",
        f"it took {GLUED} s against {GLUED} s for the plain one",
        f"got {GLUED}% of the validation dates exactly right (mean BLEU "
        f"{GLUED}) against {GLUED}% ({GLUED})",
        f"By source length, plain against attention, this build measured "
        f"{GLUED}. {GLUED}",
        f"the largest weight of a row lies between {GLUED}% and {GLUED}%",
        f"training examples in this build, {GLUED}.",
        f"the source character with the largest average weight: {GLUED}.",
    ],
    "book/attention/seq2seq": [
        f"translated {GLUED}% of the {GLUED} validation dates exactly "
        f"right, with a mean BLEU of {GLUED}: it {GLUED}",
        f"the plain model saw {GLUED} training examples in {GLUED} epochs "
        f"({GLUED} s of training)",
        f"Its exact-match rate by source length was {GLUED}: {GLUED}.",
    ],
    "book/birnn/birnn": [
        f"the past alone gives state 1 a probability of {GLUED}",
        f"the bidirectional model's validation perplexity, {GLUED}, is "
        f"{GLUED} the unidirectional one's, {GLUED}",
        f"processed {GLUED} tokens per second ({GLUED} times the "
        "unidirectional model's)",
        f"the bidirectional tagger restored {GLUED}% of the masked "
        f"characters and the unidirectional one {GLUED}%",
        f"its epochs took {GLUED} s against {GLUED} s",
    ],
    "book/bptt/bptt": [
        f"this random matrix's is {GLUED} times its",  # maths removed
        f"50 factors were already enough to shrink the norm {GLUED}.",
    ],
    "book/bptt/experiments": [
        f"In this build ({GLUED} of training) the measurement "
        f"{GLUED}",
        f"The vanilla RNN's gradient falls below a millionth of its largest "
        f"value after {GLUED} untrained and after {GLUED} trained",
        f"the LSTM's hidden-state gradient needs {GLUED} (untrained) and "
        f"{GLUED} (trained)",
        f"roughly one order of magnitude {GLUED} in this build",
        f"without clipping the model {GLUED}; with",
        f"(detach: {GLUED} and {GLUED} against {GLUED} for the full "
        "gradient)",
        f"best validation perplexity {GLUED} against {GLUED}",
    ],
    "book/deep_rnn/deep_rnn": [
        f"three layers have {GLUED} times the recurrent parameters of one",
        f"time per epoch went from {GLUED} s to {GLUED} s and {GLUED} s",
        f"with {GLUED} times the parameters and {GLUED} times the training "
        "time",
        f"For {GLUED} epochs the three-layer model sat within 3% of a "
        f"validation perplexity of {GLUED}",
    ],
    "book/gru/gru": [
        f"differed by {GLUED} with small weights and by {GLUED} with",
        f"After {GLUED} the scratch GRU stood at {GLUED} and the "
        f"Gluon GRU at {GLUED}",
        f"The fused layer trained {GLUED} times as many tokens per second",
        f"{GLUED}% of all gate values were below 0.1 and {GLUED}% above 0.9",
        f"the gradient reaching the state 31 steps back was {GLUED} of its "
        "size",
    ],
    "book/gru/comparison": [
        f"The GRU processed {GLUED} times as many training tokens per "
        "second as the LSTM",
        f"generated characters {GLUED} times as fast",
        f"to reach the vanilla RNN's final perplexity ({GLUED}): GRU "
        f"{GLUED}, LSTM {GLUED}, and the RNN itself {GLUED}.",
        f"The LSTM ended {GLUED} ({GLUED} against {GLUED})",
        f"with {GLUED} to {GLUED} times its parameters",
    ],
    "book/lstm/lstm": [
        f"processed {GLUED} times as many tokens per second as the fused "
        "LSTM",
        f"validation perplexity is {GLUED}, {GLUED} than the RNN's {GLUED}",
        f"best validation perplexity, {GLUED}, came at epoch {GLUED}",
        f"forget gate averaged {GLUED}",
        f"input and output gates averaged {GLUED} and {GLUED}",
        f"reached a validation perplexity of {GLUED} against the RNN's "
        f"{GLUED}",
    ],
    "book/rnn/language_models": [
        f"the unigram model scores {GLUED}, {GLUED} the uniform guess of "
        f"{GLUED}",
        f"the vocabulary size ({GLUED} here) is a uniform guess",
        f"a validation perplexity of {GLUED} in this build",
    ],
    "book/rnn/rnn_concise": [
        f"Both models end at {GLUED}, {GLUED} (scratch) and {GLUED} (Gluon)",
        f"The fused layer processed {GLUED} tokens per second against "
        f"{GLUED} for the Python loop",
        f"a training run took {GLUED} s instead of {GLUED} s",
        f"the scratch model generated {GLUED} characters per second and "
        f"the Gluon model {GLUED}",
    ],
    "book/rnn/rnn_scratch": [
        f"In this build ({GLUED} epochs) the validation perplexity "
        f"{GLUED}, from {GLUED} after the first epoch to {GLUED}",
        f"vocabulary size: {GLUED} against {GLUED}",
        f"the largest gradient norm over all {GLUED} minibatches was "
        f"{GLUED}",
        f"run above had reached {GLUED} after the same number of epochs",
    ],
    "book/transformer/transformer": [
        f"it processed {GLUED} times as many tokens per second",
        f"the LSTM stands at {GLUED} (best {GLUED}) and the Transformer at "
        f"{GLUED} (best {GLUED})",
        "with the same optimiser and learning rate, per epoch the "
        f"Transformer {GLUED}",
        f"{GLUED} looked furthest back, on average {GLUED} characters",
        f"generated {GLUED} times as many characters per second",
    ],
    "book/transformer/parallelism": [
        f"the LSTM's pass went from {GLUED} ms to {GLUED} ms",
        f"the Transformer's from {GLUED} ms to {GLUED} ms",
        f"the Transformer was {GLUED}",
    ],
}

# Decimal numbers a glued page may write in its prose, with the reason.
ALLOWED_DECIMALS = {
    ("book/lstm/lstm", "0.9"): "a threshold the page chooses, not a result",
    ("book/transformer/transformer", "0.01"): "the learning rate, a setting",
    ("book/attention/seq2seq", "01.01"): "a date written as 01.01.69",
    ("book/birnn/birnn", "0.01"): "the tagger's learning rate, a setting",
    ("book/bptt/bptt", "0.9"): "a spectral radius the page chooses",
    ("book/bptt/bptt", "1.0"): "a spectral radius the page chooses",
    ("book/bptt/bptt", "1.1"): "a spectral radius the page chooses",
    ("book/gru/gru", "0.1"): "a threshold the page chooses, not a result",
    ("book/gru/comparison", "0.5"): "a learning rate an exercise tries",
    ("book/gru/gru", "0.9"): "a threshold the page chooses, not a result",
    ("book/rnn/language_models", "0.5"): "a worked example's probability",
    ("book/rnn/language_models", "0.25"): "a worked example's probability",
    ("book/rnn/language_models", "0.125"): "a worked example's probability",
}

_DECIMAL = re.compile(r"(?<![\w.])\d+\.\d+")


def _prose_with_glue_marked(soup):
    """The article's paragraphs and list items, outside code cells and
    maths, with every glued value replaced by GLUED."""
    soup = BeautifulSoup(str(soup.select_one("main, article") or soup),
                         "html.parser")
    for span in soup.select("span.pasted-text"):
        span.replace_with(GLUED)
    for junk in soup.select(".cell, .math, script, style, pre, code, "
                            ".admonition.quick-build, table"):
        junk.decompose()
    # Sphinx prints apostrophes as typographic quotes
    return [" ".join(el.get_text(" ").replace("\u2019", "'").split())
            for el in soup.select("p, li")]


def test_glued_pages_quote_figures_through_glue(html):
    for name in GLUED_PAGES:
        source = (ROOT / f"{name}.md").read_text()
        roles = re.findall(r"\{glue:text\}`[^`]+`", source)
        spans = html[name].select("span.pasted-text")
        # every role rendered to a glued value (a failed one is an error
        # in the -W build, but a role written as plain text is not)
        assert len(spans) == len(roles) >= 3, (name, len(spans), len(roles))
        assert all(s.get_text(strip=True) for s in spans), name
        prose = " ".join(_prose_with_glue_marked(html[name]))
        prose = re.sub(r"\s+([,.;:)%])", r"\1", prose)
        prose = re.sub(r"\(\s+", "(", prose)
        for phrase in MUST_BE_GLUED[name]:
            assert phrase in prose, (name, phrase)


def test_no_unglued_decimal_in_the_prose_of_glued_pages(html):
    for name in GLUED_PAGES:
        for text in _prose_with_glue_marked(html[name]):
            for number in _DECIMAL.findall(text):
                assert (name, number) in ALLOWED_DECIMALS, (
                    f"{name}: {number} in prose is not glued: {text[:200]}")


def test_quick_build_shows_the_smoke_test_banner_on_training_pages(html):
    printed = [n for n, s in html.items()
               if f"profile={PROFILE}" in " ".join(
                   o.get_text() for o in s.select(".cell_output"))]
    training = {n for n, s in html.items()
                if any("Trainer(" in cell.get_text()
                       for cell in s.select(".cell_input"))}
    assert training and training <= set(printed), training - set(printed)
    # every page that trains or measures, whatever class it trains with
    # (the seq2seq pages call s2s.train, not a Trainer)
    assert set(GLUED_PAGES) <= set(printed), set(GLUED_PAGES) - set(printed)
    for name in printed:
        banners = html[name].select(".admonition.quick-build")
        assert len(banners) == 1, (name, len(banners))
        text = " ".join(banners[0].get_text(" ").split())
        assert "smoke test" in text and "full build" in text, text
        # under the page title, before any output
        assert not banners[0].find_previous(class_="cell"), name
    for name in set(html) - set(printed):
        assert not html[name].select(".admonition.quick-build"), name


# --- Search snippets and page titles ------------------------------------

def test_search_snippets_show_no_maths_source(html):
    """The search page shows a snippet of each page found; inline maths
    would appear there as its TeX source, \\(k\\). book/_ext/
    search_snippets.py gives the search page a script that turns it into
    plain text before the snippet is cut."""
    out = build_book.html_dir(PROFILE)
    search = BeautifulSoup((out / "search.html").read_text(), "html.parser")
    sources = [s["src"] for s in search.find_all("script", src=True)]
    assert any(s.startswith("_static/search_snippets.js") for s in sources)
    script = out / "_static" / "search_snippets.js"
    assert "Search.htmlToText" in script.read_text()
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: the script's function is "
                    "not run")
    formulas = sorted({el.get_text() for soup in html.values()
                       for el in soup.select("span.math")})
    assert len(formulas) > 100, len(formulas)
    run = subprocess.run(
        [node, "-e", "const {plainMath} = require(process.argv[1]);"
         "const all = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
         "console.log(JSON.stringify(all.map(plainMath)));", str(script)],
        input=json.dumps(formulas), capture_output=True, text=True,
        check=True)
    plain = dict(zip(formulas, json.loads(run.stdout)))
    for tex, text in plain.items():
        assert not re.search(r"[\\{}]", text), (tex, text)
    assert plain["\\(\\mathbf{H}_t\\)"] == "H_t"
    assert plain["\\(\\theta = 1\\)"] == "\u03b8 = 1"


def _title_key(title):
    """A title as a reader compares it: case, parenthesised additions
    such as "(LSTM)" and punctuation do not make two titles different."""
    title = re.sub(r"\([^)]*\)", " ", title.lower())
    return " ".join(re.sub(r"[^\w\s]", " ", title).split())


def test_page_titles_are_distinct(html):
    """A chapter's index page and its sections do not share a title
    ("Gated Recurrent Units" and "Gated recurrent units (GRU)")."""
    titles = {}
    for name, soup in html.items():
        h1 = soup.select_one("main h1, article h1")
        assert h1 is not None, name
        title = h1.get_text(" ", strip=True).replace("#", "").strip()
        titles.setdefault(_title_key(title), []).append((name, title))
    repeated = {k: v for k, v in titles.items() if len(v) > 1}
    assert not repeated, repeated


# --- Conclusions the page's own evidence licenses ----------------------

def _prose(soup):
    """The article's paragraphs and list items as a reader sees them
    (glued values included), outside code cells."""
    soup = BeautifulSoup(str(soup.select_one("main, article") or soup),
                         "html.parser")
    for junk in soup.select(".cell, script, style, pre, table"):
        junk.decompose()
    text = " ".join(" ".join(el.get_text(" ").replace("\u2019", "'")
                             .split()) for el in soup.select("p, li"))
    text = re.sub(r"\s+([,.;:)%])", r"\1", text)
    return re.sub(r"\(\s+", "(", text)


_NUM = r"(-?[\d,]*\.?\d+)"

# (page, pattern, check): the pattern finds a glued comparison word with
# the glued numbers it compares; check(word, *numbers) says whether the
# word is licensed by the numbers as printed.
COMPARISONS = [
    ("book/lstm/lstm",
     rf"validation perplexity is {_NUM}, (lower|higher) \(\w+\) than the "
     rf"RNN's {_NUM}",
     lambda a, w, b: (a < b) == (w == "lower")),
    ("book/lstm/lstm",
     rf"forget gate averaged {_NUM}.*?gates averaged {_NUM} and {_NUM}: "
     r"the forget gate's mean is (below|above|not clearly different from)",
     lambda f, i, o, w: {"below": f < min(i, o), "above": f > max(i, o)}
     .get(w, not (f < min(i, o) or f > max(i, o)) or abs(f - min(i, o))
          <= 0.02 or abs(f - max(i, o)) <= 0.02)),
    ("book/gru/comparison",
     r"(At the same learning rate, both gated cells beat the vanilla RNN|"
     r"The gated cells do not both beat the vanilla RNN in this build) "
     rf"\({_NUM} and {_NUM} against {_NUM} at their best\)",
     lambda w, a, b, c: (max(a, b) < c) == w.startswith("At")),
    ("book/gru/comparison",
     rf"The LSTM ended (lower|higher) \({_NUM} against {_NUM}\)",
     lambda w, a, b: (a < b) == (w == "lower")),
    ("book/transformer/transformer",
     rf"validation perplexity was {_NUM} and the LSTM's {_NUM}: with the "
     r"same optimiser and learning rate, per epoch the Transformer "
     r"(learns faster|does not learn faster)",
     lambda t, l_, w: (t < l_) == (w == "learns faster")),
]


def _number(text):
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return text


def test_glued_comparison_words_follow_the_numbers(html):
    """A comparison word chosen in code ("lower", "beat", "below") agrees
    with the numbers printed beside it: a word chosen from unrounded
    values can contradict the rounded ones the reader sees."""
    for page, pattern, check in COMPARISONS:
        found = re.findall(pattern, _prose(html[page]))
        assert found, (page, pattern)
        for groups in found:
            values = [_number(g) for g in groups]
            assert check(*values), (page, groups)


def test_clipping_credited_only_where_it_fired(html):
    """rnn_scratch says clipping "kept the run stable" only for a
    threshold that clipped at least one update in that run."""
    spans = [s.get_text(" ", strip=True)
             for s in html["book/rnn/rnn_scratch"].select(
                 "span.pasted-text")]
    counts = [int(m) for s in spans for m in re.findall(
        r"^(\d+) of the \d+ minibatches were clipped", s)]
    assert len(counts) == 2, spans  # theta = 1, then theta = 0.3
    clipped = dict(zip(("1", "0.3"), counts))
    for text in spans:
        for theta, rest in re.findall(r"θ = ([\d.]+) ([^;]*)", text):
            if theta not in clipped:
                continue
            if "never acted" in rest:
                assert clipped[theta] == 0, (theta, rest)
            if "shortened" in rest or "kept the run stable" in rest:
                n = re.search(r"shortened (\d+) of", rest)
                assert n and int(n.group(1)) == clipped[theta] > 0, (
                    theta, rest)


def _cached_notebooks():
    """The executed notebook of every page, from the quick build's
    jupyter-cache (its glue outputs survive there: the HTML drops
    remove-cell cells)."""
    from jupyter_cache import get_cache
    cache = get_cache(build_book.output_dir(PROFILE) / "_build"
                      / ".jupyter_cache")
    latest = {}
    for record in cache.list_cache_records():
        uri = Path(record.uri)
        if uri.is_relative_to(ROOT):
            page = str(uri.relative_to(ROOT).with_suffix(""))
            if page not in latest or record.created > latest[page].created:
                latest[page] = record
    return {page: cache.get_cache_bundle(r.pk).nb
            for page, r in latest.items()}


def _glued_values(nb):
    values = {}
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            meta = out.get("metadata", {}).get("scrapbook")
            if meta:
                key = meta["mime_prefix"] + "text/plain"
                values[meta["name"]] = out["data"].get(key)
    return values


def test_no_glued_number_prints_as_zero_unless_it_is_zero(html):
    """A glued number whose format rounds it to 0 (0 s, 0.0%, 0.00) while
    the value is not 0 says something false; print it with significant
    figures instead."""
    import ast
    notebooks = _cached_notebooks()
    checked = 0
    for name in GLUED_PAGES:
        values = _glued_values(notebooks[name])
        source = (ROOT / f"{name}.md").read_text()
        for key, spec in re.findall(r"\{glue:text\}`([\w]+):?([^`]*)`",
                                    source):
            raw = values[key]
            try:
                value = ast.literal_eval(raw)
            except (ValueError, SyntaxError):
                value = float(raw) if re.fullmatch(r"[-+.\deE]+", raw) \
                    else raw  # numpy scalars print as plain numbers
            if not isinstance(value, (int, float)):
                continue
            shown = format(value, spec) if spec else str(value)
            checked += 1
            if value != 0:
                assert re.search(r"[1-9]", shown), (name, key, value, shown)
    assert checked > 100, checked


def test_code_is_shown_as_source_not_printed(html):
    """Library code appears as highlighted source (literalinclude), never
    as an inspect.getsource printout."""
    for name, text in _sources().items():
        assert "getsource" not in text, name
    for name, soup in html.items():
        for out in soup.select(".cell_output pre"):
            first = out.get_text().lstrip()
            assert not first.startswith(("def ", "class ")), (name, first)
    shown = " ".join(" ".join(s.get_text() for s in soup.select(
        "div.highlight-python pre, div.highlight-default pre"))
        for soup in html.values())
    for needle in ("def gru_step(", "def masked_softmax(",
                   "class AdditiveAttention(", "class MultiHeadAttention(",
                   "class DecoderBlock(", "class TransformerLM(",
                   "def lstm_step(", "def rnn_step("):
        assert needle in shown, needle
    assert "def forward(self, X, state):" in html[
        "book/attention/attention"].get_text()  # the Bahdanau decoder


def test_figures_are_numbered_captioned_and_described(html):
    """Every image of a page sits in a numbered figure with a caption and
    alt text a screen-reader user can follow (not a file path)."""
    total = 0
    for name, soup in html.items():
        article = soup.select_one("article.bd-article") or soup
        for img in article.find_all("img"):
            total += 1
            figure = img.find_parent("figure")
            assert figure is not None, (name, img.get("src"))
            number = figure.select_one("figcaption .caption-number")
            assert number and number.get_text().startswith("Fig."), (
                name, img.get("src"))
            caption = figure.select_one("figcaption .caption-text")
            assert caption and len(caption.get_text().split()) >= 5, name
            alt = img.get("alt", "")
            assert len(alt.split()) >= 8, (name, alt)
            assert not re.search(r"[/\\]|\.(png|svg|jpe?g)$", alt), (
                name, alt)
    assert total >= 40, total


def test_diagram_cells_hide_their_code():
    """A cell that only draws a diagram shows the figure, not the
    plotting call."""
    cell = re.compile(r"```\{code-cell\}[^\n]*\n(---\n.*?\n---\n)?(.*?)```",
                      re.S)
    for name, text in _sources().items():
        for meta, body in cell.findall(text):
            if re.match(r"\s*diagrams\.plot_", body):
                assert "remove-input" in (meta or ""), (name, body[:60])
