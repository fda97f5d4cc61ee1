"""Sphinx extension: a failed build says which chapter failed, and leaves nothing broken behind.

1. Which chapter, which cell.  When a chapter raises, myst-nb stops the build with a traceback
   of some sixty lines through Sphinx and click, and Jupyter Book ends with "Look above for the
   cause".  On failure this extension writes a short report (the notebook, the number of the
   code cell, its first lines, and the error with its message) to ``_build/build-failure.txt``
   and prints it; ``make book`` prints it again as the last thing on the screen.
2. The theme's logo copy.  pydata-sphinx-theme copies the logos into ``<html>/_static`` when
   the build finishes, also when it failed; if the failure came before Sphinx had made that
   folder, ``copy_asset_file`` writes the logo to a *file* named ``_static``, and every later
   build fails with ``NotADirectoryError``.  The folder is made (and a stray file of that name
   removed) before the theme's handler runs.
"""

import json
import textwrap
from pathlib import Path

REPORT_NAME = "build-failure.txt"


def _report_path(app):
    # <root>/_build/html -> <root>/_build/build-failure.txt
    return Path(app.outdir).parent / REPORT_NAME


def _causes(exception):
    while exception is not None:
        yield exception
        exception = exception.__cause__ or exception.__context__


def _failed_cell(notebook, cell_source):
    """The 1-based number of the code cell whose source is ``cell_source``, or None."""
    try:
        cells = json.loads(Path(notebook).read_text())["cells"]
    except (OSError, ValueError, KeyError):
        return None  # a MyST text notebook: no cell numbers to give
    code = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
    for number, source in enumerate(code, start=1):
        if source.strip() == cell_source.strip():
            return number
    return None


def describe_failure(exception, srcdir):
    """A few lines that say where the build failed and why, or None if no chapter raised."""
    notebook = cell_error = None
    for cause in _causes(exception):
        name = type(cause).__name__
        if name == "ExecutionError" and notebook is None:
            notebook = str(cause)
        elif name == "CellExecutionError" and cell_error is None:
            cell_error = cause
    if notebook is None and cell_error is None:
        return None
    try:
        shown = Path(notebook).resolve().relative_to(Path(srcdir).resolve())
    except (TypeError, ValueError):
        shown = notebook
    lines = [f"The chapter {shown} failed while the book was executed."]
    if cell_error is not None:
        text = str(cell_error)
        # nbclient's message: a header, the cell's source between dashed lines, the traceback
        parts = text.split("------------------")
        source = parts[1].strip("\n") if len(parts) > 2 else ""
        number = _failed_cell(notebook, source) if notebook and source else None
        where = f"code cell {number}" if number else "this cell"
        lines.append(f"It stopped in {where}:")
        lines += ["    " + line for line in source.splitlines()[:12]]
        if len(source.splitlines()) > 12:
            lines.append("    ...")
        message = f"{cell_error.ename}: {cell_error.evalue}".strip()
        lines.append("with")
        lines += textwrap.wrap(message, 96, initial_indent="    ", subsequent_indent="    ")
    lines.append("Fix it and run `make book` again; nothing needs deleting by hand.")
    return "\n".join(lines)


def report_failure(app, exception):
    path = _report_path(app)
    report = describe_failure(exception, app.srcdir) if exception is not None else None
    if report is None:
        path.unlink(missing_ok=True)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(report + "\n")
    print("\n" + report + "\n", flush=True)


def make_static_folder(app, exception):
    if app.builder.format != "html":
        return
    static = Path(app.builder.outdir) / "_static"
    if static.exists() and not static.is_dir():
        static.unlink()
    static.mkdir(parents=True, exist_ok=True)


def remove_stray_static_file(app):
    # A tree left broken by a build from before this extension existed.
    static = Path(app.outdir) / "_static"
    if static.exists() and not static.is_dir():
        static.unlink()


def setup(app):
    app.connect("builder-inited", remove_stray_static_file)
    app.connect("build-finished", make_static_folder, priority=100)  # before the theme (500)
    app.connect("build-finished", report_failure, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
