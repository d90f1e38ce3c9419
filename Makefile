# Two commands do everything: `make run` (dashboard on the demo county) and `make test`.
# Each sets up its own virtual environment, and both install Chromium and the CJK fonts from Debian
# when missing: the briefing draws its charts with Chromium, the browser tests drive it. `make test`
# also installs LibreOffice, with which the briefing tests print the Word and PowerPoint files.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501

.PHONY: run test demo bench browser office clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/activate
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt $(VENV)/.runtime
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

run: $(VENV)/.runtime
	@$(MAKE) --no-print-directory browser || echo "未能安装 Chromium 和中文字体：看板照常运行，简报下载不可用。"
	$(BIN)/streamlit run dashboard.py --server.address 127.0.0.1 --server.port $(PORT) --server.headless true

demo: $(VENV)/.runtime
	$(BIN)/python -m minyi demo

browser:
	@command -v chromium >/dev/null 2>&1 && fc-list 2>/dev/null | grep -q "Noto Sans CJK" || \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; }

# The tests also print the briefing's Word and PowerPoint files to PNG pages with LibreOffice.
office:
	@command -v soffice >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1 || \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			libreoffice-writer-nogui libreoffice-impress-nogui poppler-utils >/dev/null; }

test: $(VENV)/.dev browser office
	$(BIN)/python -m pytest -q

bench: $(VENV)/.dev browser
	$(BIN)/python bench/import.py
	$(BIN)/python bench/pages.py
	$(BIN)/python bench/backends.py
	$(BIN)/python bench/sources.py
	$(BIN)/python bench/briefing.py
	$(BIN)/python bench/sessions.py
	$(BIN)/python bench/browser.py

clean:
	rm -rf $(VENV) .pytest_cache test-artifacts
