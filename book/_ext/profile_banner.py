"""A banner on every page whose figures come from the quick profile.

A page that trains prints ``seqmodels.describe_run()``, which starts with
``profile=<name>``. When that output says ``profile=quick`` the page's
numbers come from a short smoke-test run (a few epochs on a fraction of
the data), so this extension puts a warning admonition under the page title
that says so and where the publication figures are. The full build prints
``profile=full`` and gets no banner. The decision is read from the page's
own executed output, not from the environment, so a banner can never
disagree with the figures under it.
"""
from docutils import nodes

MARKER = "profile=quick"
TITLE = "Quick build: a short smoke test"
BODY = (
    "This page was executed with SEQ_PROFILE=quick: its models are trained "
    "for a few epochs on a fraction of the data, so the perplexities, "
    "scores and timings below only show that the code runs, and the "
    "comparisons in the text are worded from these figures, which may "
    "disagree with the course's. The figures the course discusses come "
    "from the full build (make book, SEQ_PROFILE=full), the version "
    "published on the course's site.")


def _is_quick(doctree):
    for node in doctree.findall(nodes.literal_block):
        if MARKER in node.astext():
            return True
    return False


def add_banner(app, doctree):
    if not _is_quick(doctree):
        return
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None:
        return
    banner = nodes.admonition(classes=["warning", "quick-build"])
    banner += nodes.title(text=TITLE)
    banner += nodes.paragraph(text=BODY)
    title = next(iter(section.findall(nodes.title)), None)
    index = section.index(title) + 1 if title is not None else 0
    section.insert(index, banner)


def setup(app):
    # The search page's snippet fix lives next to this file; _config.yml
    # lists this extension, which loads that one.
    app.setup_extension("search_snippets")
    app.connect("doctree-read", add_banner)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
