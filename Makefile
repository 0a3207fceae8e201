VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test test-fast test-dist dist setup system-deps compiled-loop bench clean resources golden screenshots docs

# setup.py and the C source: the compositor's compiled loop (studio/core/_over.c) is rebuilt with them.
$(STAMP): pyproject.toml setup.py studio/core/_over.c studio/core/_pixels.c tools/ensure-venv.sh
	bash tools/ensure-venv.sh $(VENV)
	touch $(STAMP)

setup: $(STAMP)

# Qt resources (bundled fonts, the window's icons) compiled from resources.qrc; generated, never committed.
studio/resources_rc.py: resources.qrc $(wildcard assets/fonts/*.ttf) $(wildcard assets/icons/*.svg) | $(STAMP)
	$(BIN)/python -m studio.core.graphics.resources

resources: studio/resources_rc.py

# Rewrites tests/graphics/golden/*.png from the current renderers; review the diff before committing.
golden: setup resources
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m tests.graphics.regenerate_golden

# Rewrites docs/images/console*.png from the real window under Xvfb (the README shows them).
screenshots: setup system-deps resources
	STUDIO_UPDATE_SCREENSHOTS=1 $(BIN)/python -m pytest -q tests/ui/test_real_window.py tests/ui/test_host_view_window.py \
		tests/ui/test_empty_show_window.py tests/ui/test_console_shows.py tests/ui/test_console_audio_tbar.py tests/ui/test_console_channels.py \
		tests/ui/test_producer_run.py tests/ui/test_wizard_first_start.py

# Rewrites the generated parts of docs/ (the graphics parameter reference, the vendor request table) from the code.
docs: setup
	$(BIN)/python -m studio.core.graphics.kinds_doc
	$(BIN)/python -m studio.gateway.limits_doc
	$(BIN)/python -m studio.wire.commands_doc
	$(BIN)/python -m studio.gateway.store_doc
	$(BIN)/python -m studio.gateway.comments.sources_doc

system-deps:
	bash tools/install-system-deps.sh

# A .venv set up before a C compiler was there (`make run` on a fresh machine, then `make test`) has no
# compiled loop, and its stamp is up to date: build it in place now.
compiled-loop: setup
	@$(BIN)/python -c "from studio.core._over import resample" 2>/dev/null || $(BIN)/python -m pip install -q --no-deps -e .

# The producer console; with no display, the 30 s demo played headless into recordings/.
run: setup resources
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ] || [ "$$QT_QPA_PLATFORM" = offscreen ]; then \
		$(BIN)/studio; \
	else \
		echo "No display (DISPLAY and WAYLAND_DISPLAY are unset): playing the 30 s demo headless into recordings/ instead of opening the window."; \
		mkdir -p recordings; \
		$(BIN)/studio broadcast --demo --duration 30 --record recordings/demo-$$(date +%Y%m%d-%H%M%S).mkv; \
	fi

# Three workers on 2 cores: test files marked `realtime` run one at a time on one of them, the rest on
# the other two at idle priority (tests/conftest.py). The suite waits more than it computes (about one
# core busy on average with two workers), so a third worker shortens it; PYTEST_ARGS= runs everything
# in one process, one test at a time.
PYTEST_ARGS ?= -n 3
# system-deps first: a fresh .venv compiles studio/core/_over.c with the compiler it installs.
test: system-deps setup compiled-loop resources
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q $(PYTEST_ARGS)

# Every benchmark (about 15 min on 2 cores with the 5-minute soak); writes docs/performance.md and docs/performance.png.
# BENCH_ARGS=--quick: a 60 s soak; BENCH_ARGS=--long: a 30 min soak.
# Everything not marked `realtime` or `slow` (no show against the clock, no long process runs): under
# 2 minutes on 2 cores, for the edit-test loop. `make test` stays the whole suite.
test-fast: system-deps setup compiled-loop resources
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -n 2 -m "not realtime and not slow"

# The installable app (docs/install.md): a PyInstaller one-folder build from build.spec, packed by
# tools/pack-dist.sh as a tarball (with the desktop entry and icon) and a .deb; prints the sizes.
dist: setup compiled-loop resources
	$(BIN)/python -m pip install -q -e '.[dist]'
	$(BIN)/python -m PyInstaller --noconfirm --log-level WARN build.spec
	bash tools/pack-dist.sh

# The built app, unpacked from its tarball, tested as a user runs it (tests/dist/; `.ci/run` runs it
# after `make test`): broadcast, engine + control, the console and the host view, devices, clean exit.
test-dist: dist system-deps
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -p no:cacheprovider -m dist tests/dist --frozen-app dist

bench: setup resources
	$(BIN)/python -m pip install -q -e '.[bench]'
	$(BIN)/python -m bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) build dist *.egg-info
