"""The MyST text pages execute in a real kernel, under a third seed.

nbval collects only ``.ipynb`` files, so the MyST text pages (the introduction) are executed
here with nbclient. ``make test`` runs this file with ``WIDGET_SEED`` set: the kernel gets
``BOOK_SEED=$WIDGET_SEED`` (see ``rbmlib.page_seed``), so their asserts also run under a third
seed, besides the build's. The chapters' sliders are moved to both ends in nbval's own kernel
(``tests/widget_probe.py``), so that each chapter is executed once for both checks.
"""

import importlib.util
import os

import nbformat
import pytest
from myst_nb.core.read import is_myst_markdown_notebook, read_myst_markdown_notebook
from nbclient import NotebookClient
from test_book import ROOT

# The build's fix for nbclient's Output-widget stall applies to this test's client too.
_spec = importlib.util.spec_from_file_location("nbclient_widget_echo",
                                               ROOT / "tools" / "nbclient_widget_echo.py")
_echo = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_echo)
_echo.patch()

pytestmark = pytest.mark.kernel


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


@pytest.mark.parametrize("md_path", text_notebooks())
def test_text_notebook_executes(md_path):
    """A MyST text page with code cells runs without error, like the chapters under nbval."""
    nb = read_myst_markdown_notebook(md_path.read_text())
    assert any(cell.cell_type == "code" for cell in nb.cells), f"{md_path.name}: no code cells"
    execute(nb, md_path)
