"""Sphinx extension: fix two script problems every page of this site had.

1. Repeated scripts.  In this book's build (jupyter-book 1.0.4, sphinx-thebe 0.3.1) every page
   carried sphinx-thebe's inline configuration (``const THEBE_JS_URL = ...``) twice, so the browser
   reported "Identifier 'THEBE_JS_URL' has already been declared"; sphinx-togglebutton's inline
   setting was repeated too.  Exact repeats of a script (same file or inline body, same
   attributes) are dropped from each page's list, keeping the first.
2. The widget embedder speaks MathJax 2.  ``@jupyter-widgets/html-manager`` typesets every widget
   label with ``MathJax.Hub.Queue(["Typeset", MathJax.Hub, element])``, the MathJax 2 interface;
   the site serves MathJax 3, which has no ``Hub``, so each label raised "Cannot read properties
   of undefined (reading 'Queue')".  A small shim gives whatever ``window.MathJax`` is (the
   configuration object, then MathJax 3 itself, which replaces it) a ``Hub.Queue`` that typesets
   the element with MathJax 3 once MathJax has started.

tests/test_site.py fails on any console error, so it checks both.
"""

MATHJAX2_HUB_SHIM = """(function () {
  function queue(command) {
    var element = Array.isArray(command) ? command[2] : null;
    var mathjax = window.MathJax;
    if (element && mathjax && mathjax.startup && mathjax.startup.promise) {
      mathjax.startup.promise.then(function () { return mathjax.typesetPromise([element]); });
    }
  }
  var current = window.MathJax;
  function withHub(value) {
    if (value && typeof value === "object" && !value.Hub) { value.Hub = {Queue: queue}; }
    return value;
  }
  withHub(current);
  Object.defineProperty(window, "MathJax", {
    configurable: true,
    get: function () { return current; },
    set: function (value) { current = withHub(value); }
  });
})();"""


def _key(script):
    # An inline script is registered with filename None by one extension and "" by another.
    filename = getattr(script, "filename", script) or ""
    return (str(filename), getattr(script, "priority", None),
            tuple(sorted(getattr(script, "attributes", {}).items())))


def unique_scripts(app, pagename, templatename, context, doctree):
    seen, unique = set(), []
    for script in context.get("script_files", []):
        if _key(script) not in seen:
            seen.add(_key(script))
            unique.append(script)
    context["script_files"] = unique


def setup(app):
    app.add_js_file(None, body=MATHJAX2_HUB_SHIM, priority=100)  # before MathJax and the widgets
    app.connect("html-page-context", unique_scripts)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
