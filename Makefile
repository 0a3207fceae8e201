VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test setup system-deps bench clean

$(STAMP): pyproject.toml tools/ensure-venv.sh
	bash tools/ensure-venv.sh $(VENV)
	touch $(STAMP)

setup: $(STAMP)

system-deps:
	bash tools/install-system-deps.sh

run: setup
	@mkdir -p recordings
	$(BIN)/studio broadcast --demo --duration 30 --record recordings/demo-$$(date +%Y%m%d-%H%M%S).mkv

test: setup system-deps
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

bench: setup
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) build dist *.egg-info
