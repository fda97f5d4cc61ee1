"""Remove outputs, execution counts and saved widget state from notebooks, in place.

Chapters are committed without outputs: the build and nbval execute them.
Usage: python tools/strip_notebooks.py book/*.ipynb
"""

import sys

import nbformat


def strip(path):
    nb = nbformat.read(path, as_version=4)
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    nbformat.write(nb, path)


if __name__ == "__main__":
    for path in sys.argv[1:]:
        strip(path)
