"""Write each script of a page once.

sphinx-thebe registers its inline settings (``const THEBE_JS_URL = ...``)
from an ``env-before-read-docs`` handler, after Sphinx's HTML builder has
already been given the registry's scripts, so every page received that
block twice and the browser stopped at the second with "Identifier
'THEBE_JS_URL' has already been declared". This extension drops repeated
entries (same file or body, same attributes) from a page's script list.
"""


def _key(script):
    # Sphinx stores an inline script's file name as None when it comes
    # through app.add_js_file and as "" when read back from the registry:
    # the same script, two unequal entries.
    return (script.filename or "", script.priority,
            tuple(sorted(script.attributes.items())))


def drop_repeated_scripts(app, pagename, templatename, context, doctree):
    unique = {}
    for script in context.get("script_files", []):
        unique.setdefault(_key(script), script)
    context["script_files"] = list(unique.values())


def setup(app):
    app.connect("html-page-context", drop_repeated_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
