# Confronting the Partition Function — every target creates the virtual environment it needs.
#   make book    build the website into _build/html
#   make test    unit tests and doctests, every notebook (nbval), the strict build, the browser test
#   make lab     JupyterLab on the chapters (sliders work)
#   make serve   serve _build/html on http://localhost:8000
#   make pdf     the whole book as one PDF (needs TeX; see README.md, not part of make test)
#   make bench   speed goals, measured (not part of make test)
#   make strip   remove outputs from the committed notebooks

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
VENDOR := .vendor/.fetched
PORT   ?= 8000
JB_BUILD := $(BIN)/jupyter-book build . -W -n --keep-going
# make test executes every page under two seeds (rbmlib.page_seed): the strict build under each
# page's own seed, and nbval under BOOK_SEED=$(SECOND_SEED), which also moves every slider to both
# ends in the same kernel (tests/widget_probe.py); the MyST text pages run under $(THIRD_SEED) too.
# Any other seed must pass too: BOOK_SEED=7 make book, or make notebooks SECOND_SEED=7.
SECOND_SEED ?= 1
THIRD_SEED  ?= 2
# A failed build ends with its report (tools/build_report.py): which chapter, cell and error.
FAILURE_REPORT := { echo; echo "make: the build failed"; cat _build/build-failure.txt 2>/dev/null; exit 1; }

.PHONY: book test unit notebooks strict-build browser lab serve pdf bench strip clean

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $(STAMP)

# MathJax and the ipywidgets embedder, served by the site itself (needs npm; see the script)
$(VENDOR): tools/vendor_js.py tools/vendor_js.lock.json | $(STAMP)
	$(BIN)/python tools/vendor_js.py
	touch $(VENDOR)

book: $(STAMP) $(VENDOR)
	$(JB_BUILD) || $(FAILURE_REPORT)
	@echo "The book is at file://$(CURDIR)/_build/html/index.html (or run: make serve)"

test: unit notebooks strict-build browser
	@echo "make test: all checks passed"

unit: $(STAMP)
	$(BIN)/python -m pytest -m "not browser and not kernel" --doctest-modules rbmlib tests

notebooks: $(STAMP)
	BOOK_SEED=$(SECOND_SEED) WIDGET_SEED=$(THIRD_SEED) \
		$(BIN)/python -m pytest --nbval-lax -n 2 --dist loadfile book tests/test_widgets.py

strict-build: $(STAMP) $(VENDOR)
	rm -rf _build/html _build/.doctrees _build/jupyter_execute
	env -u BOOK_SEED $(JB_BUILD) || $(FAILURE_REPORT)

browser: $(STAMP)
	$(BIN)/python -m pytest -m browser tests/test_site.py

pdf: $(STAMP)
	@command -v xelatex >/dev/null && command -v latexmk >/dev/null && command -v xindy >/dev/null \
		|| { echo "make pdf needs xelatex, latexmk and xindy: see README.md"; exit 1; }
	$(BIN)/jupyter-book build . --builder pdflatex
	@echo "The PDF is at $(CURDIR)/_build/latex/book.pdf"

# JupyterLab's settings for this project (no news pop-up over the figures), in the venv, not in ~
LAB_OVERRIDES := $(VENV)/share/jupyter/lab/settings/overrides.json

lab: $(STAMP)
	mkdir -p $(dir $(LAB_OVERRIDES)) && cp tools/jupyterlab-overrides.json $(LAB_OVERRIDES)
	$(BIN)/jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root) book

serve:
	@test -f _build/html/index.html || { echo "no site yet: run make book"; exit 1; }
	@echo "Serving http://localhost:$(PORT) (Ctrl-C to stop)"
	$(PYTHON) -m http.server $(PORT) --bind 127.0.0.1 --directory _build/html

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_exact.py
	$(BIN)/python benchmarks/bench_pcd.py
	$(BIN)/python benchmarks/bench_ais.py
	$(BIN)/python benchmarks/bench_lab.py

strip: $(STAMP)
	$(BIN)/python tools/strip_notebooks.py book/*.ipynb

clean:
	rm -rf _build
