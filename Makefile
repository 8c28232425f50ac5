# The verbs a contributor needs. `make html` and `make test` set everything up
# themselves: a .venv with the pinned versions of requirements/*.txt.
PYTHON     ?= python3
VENV       ?= .venv
PY         := $(VENV)/bin/python
SPHINXOPTS ?= -W --keep-going -T -j auto
BUILDDIR   ?= _build
PYTEST_ARGS ?=
# pytest-xdist workers: the build tests share one worker (their xdist_group), the rest spread out.
PYTEST_WORKERS ?= auto
# One BLAS thread everywhere (conf.py sets the same for the build's kernels): the
# summation order, and so the trained model, is then the same in a test as in the build.
export OPENBLAS_NUM_THREADS := 1
export OMP_NUM_THREADS := 1
export MKL_NUM_THREADS := 1

.PHONY: html build-html pdf build-pdf test test-env lint clean lock help livehtml bench

help:
	@echo "make html   build the site into $(BUILDDIR)/html (warnings are errors)"
	@echo "make pdf    print the built site into $(BUILDDIR)/pdf/lstm-book.pdf and link it from the site"
	@echo "make test   build, then run ruff and the whole test suite"
	@echo "make test-env  install the test tools (pytest, torch, ruff, Playwright) into $(VENV), to run some tests"
	@echo "make lint   ruff check and ruff format --check on the whole tree"
	@echo "make clean  remove the build (the .venv stays)"
	@echo "make livehtml  serve the book on localhost, rebuilding as you edit"
	@echo "make bench  measure builds, page weights and lstm_calc against torch into bench/RESULTS.md"
	@echo "make lock   re-resolve requirements/*.txt from pyproject.toml"

$(VENV)/.docs-installed: pyproject.toml requirements/docs.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -r requirements/docs.txt
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

$(VENV)/.test-installed: $(VENV)/.docs-installed requirements/test.txt
	$(PY) -m pip install --quiet -r requirements/test.txt
	touch $@

html: $(VENV)/.docs-installed
	@$(MAKE) --no-print-directory build-html

# Build into a staging directory; publish to $(BUILDDIR)/html only when the build
# succeeded. (`build-html` alone assumes the environment is set up.)
build-html:
	@$(PY) -m sphinx -b html $(SPHINXOPTS) -d $(BUILDDIR)/doctrees . $(BUILDDIR)/staging \
	  || { echo "make html: the build FAILED (see above); $(BUILDDIR)/html still holds the last good build" >&2; exit 1; }
	@$(PY) -m lstm_book.sphinx.publish $(BUILDDIR)/staging $(BUILDDIR)/html
	@echo "make html: published to $(BUILDDIR)/html"

# The whole book as one PDF, printed from the published site by the tests' Chromium (Playwright and
# pypdf are in requirements/test.txt); copied into the site, whose sidebars then link to it.
# (`build-pdf` alone assumes the site is built and the test environment installed.)
pdf: html $(VENV)/.test-installed
	@$(MAKE) --no-print-directory build-pdf

build-pdf:
	$(PY) -m lstm_book.dev.pdf $(BUILDDIR)/html $(BUILDDIR)/pdf/lstm-book.pdf

# The PDF is printed before the tests that read it back; without Chromium (outside CI) it is
# not, and those tests skip with the reason.
test: html $(VENV)/.test-installed lint
	@if [ -x /usr/bin/chromium ] || [ "$$CI" = true ]; then $(MAKE) --no-print-directory build-pdf; \
	  else echo "make test: no Chromium at /usr/bin/chromium, so no PDF: its tests skip"; fi
	$(PY) -m pytest -n $(PYTEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

# The test tools of requirements/test.txt in the .venv, without running anything: for running some tests.
test-env: $(VENV)/.test-installed

# ruff (pinned in requirements/test.txt, configured in pyproject.toml): lint and format.
lint: $(VENV)/.test-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

$(VENV)/.live-installed: $(VENV)/.docs-installed requirements/live.txt
	$(PY) -m pip install --quiet -r requirements/live.txt
	touch $@

livehtml: $(VENV)/.live-installed
	$(PY) -m sphinx_autobuild -b html $(SPHINXOPTS) -d $(BUILDDIR)/live-doctrees . $(BUILDDIR)/live \
	  --watch lstm_calc --watch lstm_book --ignore "$(BUILDDIR)/*" --ignore "*.pyc"

bench: $(VENV)/.test-installed
	$(PY) bench/run.py

clean:
	rm -rf $(BUILDDIR) jupyter_execute

lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet --upgrade setuptools wheel
	.lock-venv/bin/pip install --quiet -e '.[docs]'
	.lock-venv/bin/pip freeze --all --exclude-editable | grep -v -E '^(pip|wheel)==' > requirements/docs.txt
	.lock-venv/bin/pip install --quiet -c requirements/docs.txt -e '.[docs,test]'
	( echo "-r docs.txt"; .lock-venv/bin/pip freeze --all --exclude-editable | grep -v -E '^(pip|wheel)==' \
	  | grep -v -x -F -f requirements/docs.txt | sed 's/^torch==2.13.0+cpu$$/torch==2.13.0/' ) > requirements/test.txt
	.lock-venv/bin/pip install --quiet -c requirements/docs.txt -e '.[docs,live]'
	( echo "-r docs.txt"; .lock-venv/bin/pip freeze --all --exclude-editable | grep -v -E '^(pip|wheel)==' \
	  | grep -v -x -F -f requirements/docs.txt | grep -v -x -F -f requirements/test.txt | grep -v '^torch==' ) > requirements/live.txt
	rm -rf .lock-venv
