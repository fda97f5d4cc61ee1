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


def executable_pages():
    """Every page that runs code: the chapter notebooks and the MyST text notebooks."""
    from myst_nb.core.read import is_myst_markdown_notebook

    texts = [p for p in sorted(BOOK.glob("*.md")) if is_myst_markdown_notebook(p.read_text())]
    return [pytest.param(p, id=p.name) for p in notebooks() + texts]


def page_code(path):
    if path.suffix == ".ipynb":
        return code_of(path)
    from myst_nb.core.read import read_myst_markdown_notebook

    nb = read_myst_markdown_notebook(path.read_text())
    return [cell.source for cell in nb.cells if cell.cell_type == "code"]


# A seed typed into a call: default_rng(3), rng=0, random_state=0, RandomState(0), np.random.seed
SEED_LITERAL = re.compile(r"default_rng\(\s*\d|\b(?:rng|random_state|seed)\s*=\s*\d"
                          r"|RandomState\(\s*\d|np\.random\.seed\(")


@pytest.mark.parametrize("path", executable_pages())
def test_page_takes_its_seed_from_one_place(path):
    """One call of rbmlib.page_seed per page, and no other seed typed in, so that BOOK_SEED
    re-runs the whole page under another seed (make test does, twice)."""
    code = "\n".join(page_code(path))
    calls = len(re.findall(r"\bpage_seed\(", code))
    assert calls == 1, f"{path.name}: {calls} calls of rbmlib.page_seed; a page takes its seed once"
    typed = [m.group(0) for m in SEED_LITERAL.finditer(code)]
    assert not typed, f"{path.name}: seeds typed in ({typed}); draw them from the page's rng"


def _without_magics(source):
    return "\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!")))


def module_all(path):
    """The names in a module's ``__all__``, read from its source (nothing is imported).

    A package's ``__init__`` may join its submodules' lists, ``__all__ = model.__all__ +
    exact.__all__``; those are read from the submodules' files.
    """
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "__all__"
                                                for t in node.targets):
            parts, value = [], node.value
            while isinstance(value, ast.BinOp) and isinstance(value.op, ast.Add):
                parts.insert(0, value.right)
                value = value.left
            parts.insert(0, value)
            names = []
            for part in parts:
                if isinstance(part, ast.Attribute) and part.attr == "__all__":
                    names += module_all(path.parent / f"{part.value.id}.py")
                else:
                    names += list(ast.literal_eval(part))
            return names
    return None


def public_modules():
    """{name: path} of rbmlib's public modules: its files and its packages' ``__init__``."""
    paths = [p for p in (ROOT / "rbmlib").glob("*.py") if not p.name.startswith("_")]
    paths += [p for p in (ROOT / "rbmlib").glob("*/__init__.py")
              if not p.parent.name.startswith("_")]
    return {(p.parent.name if p.name == "__init__.py" else p.stem): p for p in paths}


def api_documented_names(text):
    """{module: names} documented by the autodoc directives of book/api.md.

    ``automodule`` with a bare ``:members:`` documents the module's ``__all__`` (autodoc honours
    it unless ``:ignore-module-all:``), minus ``:exclude-members:``; ``:members: a, b`` documents
    a and b; ``autofunction``/``autoclass``/``autodata``/``autoexception`` document one name.
    """
    documented = {}
    directive = re.compile(r"^\.\. (auto\w+):: rbmlib\.([\w.]+)\n((?:[ \t]+:.*\n?)*)", re.M)
    for kind, target, option_text in directive.findall(text):
        options = dict(re.findall(r":([\w-]+):[ \t]*(.*)", option_text))
        if kind == "automodule":
            names = documented.setdefault(target, set())
            if "members" not in options:
                continue
            if options["members"].strip():
                names.update(n.strip() for n in options["members"].split(","))
            elif "ignore-module-all" not in options:
                names.update(module_all(public_modules()[target]) or [])
            names.difference_update(n.strip() for n in options.get("exclude-members", "").split(","))
        elif kind in ("autofunction", "autoclass", "autodata", "autoexception"):
            module, _, name = target.rpartition(".")
            documented.setdefault(module, set()).add(name)
    return documented


def test_api_page_documents_every_public_name():
    """Every name in the __all__ of every public rbmlib module is on the API page, and the
    page's list of top-level re-exports is rbmlib.__all__."""
    text = (BOOK / "api.md").read_text()
    documented = api_documented_names(text)
    modules = public_modules()
    assert len(modules) >= 18, "rbmlib's modules were not found"
    missing = []
    for module, path in sorted(modules.items()):
        names = module_all(path)
        assert names is not None, f"{path.relative_to(ROOT)} has no __all__: say what is public"
        missing += [f"rbmlib.{module}.{name}" for name in names
                    if name not in documented.get(module, set())]
    assert not missing, f"book/api.md does not document {missing}"
    # The sentence that lists the re-exports runs from "`import rbmlib`" to "`rbmlib.__all__`".
    sentence = re.search(r"`import rbmlib`(.*?)`rbmlib\.__all__`", text, re.S)
    assert sentence, "book/api.md should say which names `import rbmlib` re-exports"
    listed = set(re.findall(r"\{py:\w+\}`~?rbmlib\.(?:\w+\.)*(\w+)`", sentence.group(1)))
    unlisted = sorted(set(module_all(ROOT / "rbmlib" / "__init__.py")) - listed)
    assert not unlisted, f"book/api.md does not list the top-level re-exports {unlisted}"


def test_binder_can_build_the_environment():
    """Binder (repo2docker) installs requirements.txt into the Python that runtime.txt names."""
    from importlib.metadata import PackageNotFoundError, metadata

    from packaging.specifiers import SpecifierSet

    runtime = (ROOT / "runtime.txt").read_text().strip()
    match = re.fullmatch(r"python-(\d+\.\d+)", runtime)
    assert match, f"runtime.txt should read like 'python-3.11', not {runtime!r}"
    python = match.group(1) + ".99"  # repo2docker takes the newest patch release of that version
    lines = [line.split("#")[0].strip() for line in (ROOT / "requirements.txt").read_text().splitlines()]
    assert "-e ." in lines, "requirements.txt must install rbmlib itself (-e .)"
    refused = []
    for line in lines:
        if "==" not in line:
            continue
        name = line.split("==")[0]
        try:
            requires = metadata(name).get("Requires-Python")
        except PackageNotFoundError:
            continue  # not installed here; pip would check it on Binder
        if requires and python not in SpecifierSet(requires):
            refused.append(f"{name} needs Python {requires}")
    assert not refused, f"runtime.txt asks for Python {match.group(1)}, but {refused}"


@pytest.mark.parametrize("nb_path", chapter_notebooks())
def test_every_live_widget_has_a_static_counterpart(nb_path):
    """A reader without a kernel sees each slider's story as figures: the book's convention is a
    paragraph that says "on this page ..." beside each live control (see book/running.md)."""
    widgets = [cell for cell in code_of(nb_path)
               if re.search(r"\binteract(ive)?\(|\bTrainingLab\(", cell) and ".animation(" not in cell]
    static = re.findall(r"\b[Oo]n this page\b", markdown_of(nb_path))
    assert len(static) >= len(widgets), (
        f"{nb_path.name}: {len(widgets)} live widgets but {len(static)} 'on this page' counterparts")


def page_markdown(path):
    if path.suffix == ".ipynb":
        return markdown_of(path)
    return path.read_text()  # a MyST text page: its prose and its code-cell sources


GLUE_WRITTEN = re.compile(r"""\bglue\(\s*(f?)(["'])(.+?)\2""")
GLUE_READ = re.compile(r"\{glue(?::[a-z]+)?\}`([^`:]+)")


@pytest.mark.parametrize("path", executable_pages())
def test_every_glued_number_the_prose_reads_is_written_by_the_page(path):
    """{glue:text}`key` in the prose needs glue("key", ...) in the page's code (an f-string key
    matches any value of its fields); the strict build would fail on it only after minutes."""
    patterns = []
    for is_f, _, key in GLUE_WRITTEN.findall("\n".join(page_code(path))):
        if is_f:
            parts = re.split(r"\{[^{}]*\}", key)
            patterns.append(re.compile(".+".join(map(re.escape, parts)) + "$"))
        else:
            patterns.append(re.compile(re.escape(key) + "$"))
    missing = sorted({key for key in GLUE_READ.findall(page_markdown(path))
                      if not any(p.match(key) for p in patterns)})
    assert not missing, f"{path.name}: the prose pastes {missing}, which no code cell glues"


CODE_COLUMNS = 80  # the reading column of the site shows about this many characters of code


@pytest.mark.parametrize("path", executable_pages())
def test_code_fits_the_reading_column(path):
    long = [(n, len(line)) for n, cell in enumerate(page_code(path))
            for line in cell.splitlines() if len(line) > CODE_COLUMNS]
    assert not long, (f"{path.name}: code lines over {CODE_COLUMNS} characters "
                      f"(cell, length): {long}")
