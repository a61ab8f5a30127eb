# The README's commands. Each one sets up .venv on a fresh machine (Python 3.11, nothing else).
SHELL  := /bin/bash
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# The venv is stamped with a hash of what it was installed from, not with file times: nbdev-export rewrites
# pyproject.toml with the same content, which must not make the next `make` reinstall everything.
DEPS   := $(shell cat pyproject.toml constraints.txt 2>/dev/null | sha1sum | cut -c1-16)
STAMP  := $(VENV)/.installed-$(DEPS)
# Model hubs and dataset downloads are not needed by the tests: keep them from trying.
export HF_HUB_OFFLINE ?= 1
export HF_DATASETS_OFFLINE ?= 1
export TRANSFORMERS_NO_ADVISORY_WARNINGS ?= 1
export MPLBACKEND ?= Agg

.PHONY: reproduce dry-run gpu-check gpu-hours test check-clean docs docs-check preview screenshots readme bench bench-lm venv

venv: $(STAMP)

# The main job: every registered experiment at cpu scale; results and REPORT.md in results/ (reruns resume).
reproduce: $(STAMP)
	$(BIN)/rlo-reproduce --scale cpu --out results

# Every task's paper preset on generated data, two steps per phase (minutes on a CPU; records marked dry_run).
dry-run: $(STAMP)
	$(BIN)/rlo-reproduce --scale paper --dry-run --out results-dry

# On a GPU machine (no network needed): the dry run on CUDA, the NF4 QLoRA path, the StyleGAN2-ADA loss (with
# STYLEGAN2_ADA_REPO=checkout) and 2-GPU DDP; one table, also in gpu-check/gpu_check.md.
gpu-check: $(STAMP)
	$(BIN)/python -m rlo_nb.run.gpucheck cuda gpu-check

# The data loader's images/s on each paper data layout (generated data, or the real ones with ARGS="--data cifar10=DIR,...")
# and the GPU-hours of the vision and pruning presets (ARGS="--step-rates gpu-check/step_rates.json" after a gpu-check).
gpu-hours: $(STAMP)
	$(BIN)/rlo-gpu-hours $(ARGS)

$(STAMP):
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip
	$(BIN)/python -m pip install -e ".[dev]" -c constraints.txt
	rm -f $(VENV)/.installed*; touch $@

# nbdev-clean and nbdev-export must be no-ops: notebooks are stored clean and the library matches them.
check-clean: $(STAMP)
	@sum() { find nbs rlo_nb -type f \( -name '*.ipynb' -o -name '*.py' -o -name '*.yml' \) -not -path '*/.ipynb_checkpoints/*' | sort | xargs sha1sum; }; \
	before="$$(sum)"; $(BIN)/nbdev-clean && $(BIN)/nbdev-export || exit 1; after="$$(sum)"; \
	if [ "$$before" != "$$after" ]; then \
	  echo "nbdev-clean / nbdev-export changed these files; run them and commit the result:"; \
	  diff <(echo "$$before") <(echo "$$after") | grep '^[<>]' | awk '{print "  " $$3}' | sort -u; exit 1; \
	fi; echo "notebooks clean, library in sync"

# Then the docs as a reader meets them: the preview built and checked page by page (tools/check_docs.py, under a minute).
test: check-clean
	$(BIN)/nbdev-test --n-workers 2 --do-print --timing
	$(BIN)/python tools/check_docs.py

bench: $(STAMP)
	$(BIN)/rlo-loss-bench

# Chunked LM loss against full logits: 4096 tokens, vocabulary 50272, hidden 768 (peak memory and time ratios).
bench-lm: $(STAMP)
	$(BIN)/rlo-lm-bench

# Quarto where it is installed; otherwise an offline preview of every notebook in _docs/, built by Sphinx (MyST-NB, the
# book theme) from nbdev's processed notebooks, with the navigation of nbs/sidebar.yml.
docs: $(STAMP)
	@if command -v quarto >/dev/null; then $(BIN)/nbdev-docs; else $(MAKE) --no-print-directory preview; fi

# The offline preview typesets math with MathJax 3 and its TeX fonts (what Quarto uses), from the npm registry once,
# into the ignored .mathjax/; later builds need no network. Docs only: `make test` never needs npm.
MATHJAX := .mathjax/node_modules/mathjax/es5/tex-chtml-full.js
$(MATHJAX):
	@command -v npm >/dev/null || { echo "the offline preview needs npm once, to fetch MathJax 3 (apt-get install npm)"; exit 1; }
	npm install --prefix .mathjax --no-save --no-audit --no-fund --no-package-lock mathjax@3.2.2

preview: $(STAMP) $(MATHJAX)
	$(BIN)/python tools/docs_preview.py

# Build the preview and check every page for title, sidebar, table of contents, search, previous/next, raw markdown
# and broken links (part of `make test`; needs no npm: without .mathjax/ it skips the math checks).
docs-check: $(STAMP)
	$(BIN)/python tools/check_docs.py

# A screenshot of every page of the preview (headless Chromium from Debian: apt-get install chromium) in _screenshots/,
# to look at the pages as a reader does; `make docs` first.
screenshots:
	$(BIN)/python tools/screenshots.py

# README.md from nbs/index.ipynb without Quarto (nbdev-readme needs Quarto).
readme: $(STAMP)
	$(BIN)/python tools/docs_preview.py --readme-only
