"""Move every slider of every chapter to both ends and redraw, in a real kernel.

nbval runs each notebook once with the sliders at their initial values; a reader in JupyterLab
will drag them to the ends of their ranges.  This test executes each chapter, then for every
``ipywidgets.interactive`` it created sets all controls to their largest values and calls the
redraw function, then all to their smallest.  ``interactive`` itself swallows exceptions into
its output area, so the function is called directly and any error fails the test.  Every
``rbmlib.lab.TrainingLab`` (the live training lab) gets the same treatment: all its controls at
one end, then ``reset(); tick(); tick()``.  A chapter passes if it has at least one of either.

``make test`` runs these chapters under another seed than nbval and the build do: the kernel
gets ``BOOK_SEED=$WIDGET_SEED`` when ``WIDGET_SEED`` is set (see ``rbmlib.page_seed``), so every
assert of every page, and of the MyST text pages that nbval cannot collect, runs under a third
seed.
"""

import importlib.util
import json
import os

import nbformat
import pytest
from myst_nb.core.read import is_myst_markdown_notebook, read_myst_markdown_notebook
from nbclient import NotebookClient
from test_book import ROOT, chapter_notebooks

# The build's fix for nbclient's Output-widget stall applies to this test's client too.
_spec = importlib.util.spec_from_file_location("nbclient_widget_echo",
                                               ROOT / "tools" / "nbclient_widget_echo.py")
_echo = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_echo)
_echo.patch()

pytestmark = pytest.mark.kernel

PROBE = '''
import gc as _gc, json as _json
import ipywidgets as _w
import matplotlib.pyplot as _plt
import numpy as _np
from rbmlib.lab import TrainingLab as _TrainingLab


def _ends(control):
    """The smallest and largest values a control offers."""
    if isinstance(control, _w.FloatLogSlider):
        return control.base ** control.min, control.base ** control.max
    if hasattr(control, "min") and hasattr(control, "max"):
        return control.min, control.max
    if hasattr(control, "_options_values"):
        return control._options_values[0], control._options_values[-1]
    if isinstance(control, (_w.Checkbox, _w.ToggleButton)):
        return False, True
    return control.value, control.value


_report = []
for _widget in [o for o in _gc.get_objects() if isinstance(o, _w.interactive)]:
    _controls = _widget.kwargs_widgets
    for _control in _controls:
        _control.unobserve(_widget.update, names="value")
    for _end in (1, 0):
        for _control in _controls:
            _control.value = _ends(_control)[_end]
        _kwargs = {c._kwarg: c.get_interact_value() for c in _controls}
        _widget.f(**_kwargs)  # an exception here fails the cell, and the test
        _plt.close("all")
        _report.append({k: repr(v) for k, v in _kwargs.items()})
for _lab in [o for o in _gc.get_objects() if isinstance(o, _TrainingLab)]:
    for _end in (1, 0):
        for _control in _lab.controls:
            _control.value = _ends(_control)[_end]
        _lab.reset()
        _lab.tick()
        _lab.tick()  # an exception here fails the cell, and the test
        # Three records, or a divergence the lab reports in its status line (not an error).
        assert len(_lab.history.epoch) == 3 or "diverged" in _lab.status.value, _lab.status.value
        assert _np.all(_np.isfinite(_lab.history.train_log_likelihood)), _lab.status.value
        _report.append({"lab": type(_lab).__name__,
                        **{c.description: repr(c.value) for c in _lab.controls}})
print(_json.dumps(_report))
'''


def kernel_env():
    """The kernel's environment: this one, with BOOK_SEED from WIDGET_SEED when that is set."""
    env = dict(os.environ)
    if os.environ.get("WIDGET_SEED"):
        env["BOOK_SEED"] = os.environ["WIDGET_SEED"]
    return env


def execute(nb, nb_path):
    client = NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(nb_path.parent)}}
    )
    client.execute(env=kernel_env())


def text_notebooks():
    """The MyST text notebooks among the pages (as myst-nb decides): nbval collects only .ipynb."""
    pages = sorted((ROOT / "book").glob("*.md"))
    return [pytest.param(p, id=p.stem) for p in pages if is_myst_markdown_notebook(p.read_text())]


@pytest.mark.parametrize("nb_path", chapter_notebooks())
def test_every_slider_redraws_at_both_ends(nb_path):
    nb = nbformat.read(nb_path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(PROBE))
    execute(nb, nb_path)
    stream = "".join(o.get("text", "") for o in nb.cells[-1].outputs if o.output_type == "stream")
    calls = json.loads(stream.strip().splitlines()[-1])
    assert calls, f"{nb_path.name}: no ipywidgets.interactive and no TrainingLab found to move"


@pytest.mark.parametrize("md_path", text_notebooks())
def test_text_notebook_executes(md_path):
    """A MyST text page with code cells runs without error, like the chapters under nbval."""
    nb = read_myst_markdown_notebook(md_path.read_text())
    assert any(cell.cell_type == "code" for cell in nb.cells), f"{md_path.name}: no code cells"
    execute(nb, md_path)
