"""Tests of the book's sources: the table of contents, committed notebooks, the chapter rhythm."""

import ast
import json
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"


def toc_files():
    """Every `file:` entry of _toc.yml, including the root, as paths without suffix."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]]

    def walk(node):
        if isinstance(node, dict):
            if "file" in node:
                files.append(node["file"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(toc.get("parts", []))
    walk(toc.get("chapters", []))
    return files


def notebooks():
    return sorted(p for p in BOOK.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def chapter_notebooks():
    return [pytest.param(p, id=p.stem) for p in notebooks()]


def code_of(nb_path):
    cells = json.loads(nb_path.read_text())["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]


def markdown_of(nb_path):
    cells = json.loads(nb_path.read_text())["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


def test_every_toc_entry_exists():
    for entry in toc_files():
        candidates = [ROOT / f"{entry}{suffix}" for suffix in (".md", ".ipynb")]
        assert any(c.exists() for c in candidates), f"_toc.yml lists {entry}, which does not exist"


def test_every_page_in_book_is_in_the_toc():
    listed = set(toc_files())
    pages = [p for p in BOOK.rglob("*") if p.suffix in {".md", ".ipynb"}]
    pages = [p for p in pages if ".ipynb_checkpoints" not in p.parts]
    missing = [str(p.relative_to(ROOT)) for p in pages
               if str(p.relative_to(ROOT).with_suffix("")) not in listed]
    assert not missing, f"pages that readers never see (add them to _toc.yml): {missing}"


@pytest.mark.parametrize("nb_path", chapter_notebooks())
def test_notebook_is_committed_without_outputs(nb_path):
    nb = json.loads(nb_path.read_text())
    dirty = [i for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code"
             and (c.get("outputs") or c.get("execution_count") is not None)]
    assert not dirty, f"{nb_path.name}: cells {dirty} carry outputs; run `make strip`"
    assert "widgets" not in nb["metadata"], f"{nb_path.name}: saved widget state in metadata"
    assert nb["metadata"].get("kernelspec", {}).get("name") == "python3"


@pytest.mark.parametrize("nb_path", chapter_notebooks())
def test_notebook_follows_the_chapter_rhythm(nb_path):
    code = "\n".join(code_of(nb_path))
    asserts = sum(isinstance(node, ast.Assert) for cell in code_of(nb_path)
                  for node in ast.walk(ast.parse(_without_magics(cell))))
    assert asserts >= 3, f"{nb_path.name}: {asserts} asserts; each chapter checks >= 3 identities"
    assert "ipywidgets" in code or "TrainingLab" in code, f"{nb_path.name}: no live widget"
    assert not re.search(r"sys\.path\.(append|insert)", code), "rbmlib is installed, not path-hacked"
    text = markdown_of(nb_path)
    assert re.search(r"^## Summary", text, re.M), f"{nb_path.name}: no '## Summary' section"
    assert "{exercise-start}" in text and "{solution-start}" in text, f"{nb_path.name}: no exercises"
    assert text.count("{solution-start}") == text.count("{solution-end}")
    assert text.count("{exercise-start}") == text.count("{exercise-end}")


def _without_magics(source):
    return "\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!")))
