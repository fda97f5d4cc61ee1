"""tools/build_report.py: a failed build names its chapter, cell and error, and leaves no broken
_static behind (issue 12). The Sphinx events are driven here with stand-in app objects."""

import importlib.util
import json
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("build_report", ROOT / "tools" / "build_report.py")
build_report = importlib.util.module_from_spec(spec)
spec.loader.exec_module(build_report)


class ExecutionError(Exception):
    """Named like myst-nb's: its message is the notebook's path."""


class CellExecutionError(Exception):
    """Named like nbclient's: a header, the source between dashed lines, then the traceback."""

    def __init__(self, source, ename, evalue):
        dashes = "------------------"
        super().__init__(f"An error occurred while executing the following cell:\n{dashes}\n"
                         f"{source}\n{dashes}\n\nTraceback ...")
        self.ename, self.evalue = ename, evalue


def notebook(tmp_path, sources):
    cells = [{"cell_type": "markdown", "source": ["# A chapter\n"], "metadata": {}}]
    cells += [{"cell_type": "code", "source": [s], "metadata": {}, "outputs": [],
               "execution_count": None} for s in sources]
    path = tmp_path / "book" / "chapter.ipynb"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4,
                                "nbformat_minor": 5}))
    return path


def failure(path, source, ename="AssertionError", evalue="expected 1, got 2"):
    try:
        try:
            raise CellExecutionError(source, ename, evalue)
        except CellExecutionError as cell_error:
            raise ExecutionError(str(path)) from cell_error
    except ExecutionError as error:
        return error


def test_report_names_the_chapter_the_cell_and_the_error(tmp_path):
    path = notebook(tmp_path, ["x = 1", "assert x == 2, 'expected 1, got 2'", "y = 3"])
    report = build_report.describe_failure(
        failure(path, "assert x == 2, 'expected 1, got 2'"), tmp_path)
    assert "The chapter book/chapter.ipynb failed" in report
    assert "code cell 2:" in report
    assert "    assert x == 2, 'expected 1, got 2'" in report
    assert "AssertionError: expected 1, got 2" in report


def test_a_cell_not_found_is_still_reported(tmp_path):
    path = notebook(tmp_path, ["x = 1"])
    report = build_report.describe_failure(failure(path, "something else"), tmp_path)
    assert "It stopped in this cell:" in report


def test_other_errors_give_no_report(tmp_path):
    assert build_report.describe_failure(ValueError("a Sphinx problem"), tmp_path) is None


def test_report_is_written_on_failure_and_removed_on_success(tmp_path, capsys):
    path = notebook(tmp_path, ["assert False"])
    app = SimpleNamespace(outdir=str(tmp_path / "_build" / "html"), srcdir=str(tmp_path))
    build_report.report_failure(app, failure(path, "assert False"))
    written = tmp_path / "_build" / build_report.REPORT_NAME
    assert "code cell 1" in written.read_text()
    assert "code cell 1" in capsys.readouterr().out
    build_report.report_failure(app, None)  # the next build succeeds
    assert not written.exists()


def test_a_stray_static_file_is_replaced_by_the_folder(tmp_path):
    outdir = tmp_path / "html"
    outdir.mkdir()
    (outdir / "_static").write_bytes(b"a logo where a folder should be")
    build_report.remove_stray_static_file(SimpleNamespace(outdir=str(outdir)))
    assert not (outdir / "_static").exists()
    (outdir / "_static").write_bytes(b"the theme copied it again")
    app = SimpleNamespace(builder=SimpleNamespace(format="html", outdir=str(outdir)))
    build_report.make_static_folder(app, RuntimeError("the build failed"))
    assert (outdir / "_static").is_dir()


def test_other_builders_are_left_alone(tmp_path):
    app = SimpleNamespace(builder=SimpleNamespace(format="latex", outdir=str(tmp_path)))
    build_report.make_static_folder(app, None)
    assert not (tmp_path / "_static").exists()
