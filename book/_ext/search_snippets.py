"""Search result snippets without the source of the maths.

Sphinx's search page (``searchtools.js``) fetches every page it lists
and shows a snippet of the page's text, taken with ``textContent`` from
the HTML. Inline maths is in that HTML as its TeX source, ``\\(k\\)``,
because MathJax typesets it only in the browser, so the snippets showed
``\\(\\mathbf{H}_t\\)`` and whole ``\\[ ... \\]`` blocks. This extension
adds a small script to the search page that hands ``Search.htmlToText``
the page with inline maths turned into plain text (``\\(\\mathbf{H}_t\\)``
becomes ``H_t``, ``\\(\\theta = 1\\)`` becomes ``θ = 1``) and display maths
left out. The pages themselves are unchanged: MathJax still needs the
source there.
"""
from pathlib import Path

FILENAME = "search_snippets.js"

SCRIPT = r"""/* Search snippets without maths source: search_snippets.py */
"use strict";
const MATH_SYMBOLS = {
  alpha: "α", beta: "β", gamma: "γ", delta: "δ", epsilon: "ε",
  varepsilon: "ε", eta: "η", theta: "θ", kappa: "κ", lambda: "λ", mu: "μ",
  pi: "π", rho: "ρ", sigma: "σ", tau: "τ", phi: "φ", psi: "ψ", omega: "ω",
  Delta: "Δ", Sigma: "Σ", Omega: "Ω", odot: "⊙", cdot: "·", times: "×",
  le: "≤", leq: "≤", ge: "≥", geq: "≥", ne: "≠", neq: "≠", approx: "≈",
  to: "→", rightarrow: "→", leftarrow: "←", infty: "∞", in: "∈",
  ldots: "…", dots: "…", cdots: "…", partial: "∂", nabla: "∇", sum: "Σ",
  prod: "Π", sqrt: "√", mid: "|",
};
const MATH_STYLES = new RegExp("\\\\(?:" + [
  "mathbf", "mathrm", "mathcal", "mathbb", "mathit", "boldsymbol", "text",
  "textrm", "textit", "operatorname", "tilde", "hat", "bar", "vec",
  "overleftarrow", "overrightarrow", "left", "right", "big", "Big", "bigg",
  "Bigg", "displaystyle"].join("|") + ")(?![A-Za-z])", "g");

/* The TeX source of one inline formula as plain text. */
const plainMath = (tex) => tex.trim()
  .replace(/^\\\(|\\\)$/g, "").replace(/^\\\[|\\\]$/g, "")
  .replace(/^\$+|\$+$/g, "")
  .replace(MATH_STYLES, "")
  .replace(/\\(?:,|;|:|!|quad|qquad)(?![A-Za-z])/g, " ")
  .replace(/\\([A-Za-z]+)/g, (_, name) => MATH_SYMBOLS[name] || name)
  .replace(/\\(.)/g, "$1")
  .replace(/[{}]/g, "")
  .replace(/\s+/g, " ").trim();

/* A fetched page with inline maths as plain text and display maths left
   out, for the snippet. */
const withoutMathSource = (htmlString) => {
  const doc = new DOMParser().parseFromString(htmlString, "text/html");
  doc.querySelectorAll("div.math").forEach((el) => el.remove());
  doc.querySelectorAll("span.math").forEach((el) => {
    el.replaceWith(doc.createTextNode(plainMath(el.textContent)));
  });
  return doc.documentElement.outerHTML;
};

if (typeof document !== "undefined") {
  /* searchtools.js, which defines Search, loads after this script. */
  document.addEventListener("DOMContentLoaded", () => {
    if (typeof Search === "undefined" || Search._mathFree) return;
    const htmlToText = Search.htmlToText;
    Search.htmlToText = (htmlString, anchor) =>
      htmlToText(withoutMathSource(htmlString), anchor);
    Search._mathFree = true;
  });
}
if (typeof module !== "undefined") module.exports = { plainMath };
"""


def add_script(app, pagename, templatename, context, doctree):
    if pagename == "search":
        app.add_js_file(FILENAME)


def write_script(app, exception):
    if exception is None and app.builder.format == "html":
        static = Path(app.outdir) / "_static"
        static.mkdir(parents=True, exist_ok=True)
        (static / FILENAME).write_text(SCRIPT, encoding="utf-8")


def setup(app):
    app.connect("html-page-context", add_script)
    app.connect("build-finished", write_script)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
