"""Session-wide test set-up: Qt offscreen, real servers started by fixtures."""

import compileall
import os
import sys
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Crash reports of the processes tests start stay in the session's temporary folder, not the user's data
# directory; a test that needs them apart (tests/fixtures/engine.py's user_env) gives its own folder.
os.environ["STUDIO_CRASH_REPORTS_DIR"] = tempfile.mkdtemp(prefix="studio-crash-reports-")
# The console's first start opens the setup wizard (tests/ui/test_setup_wizard.py tests it apart).
os.environ["STUDIO_NO_FIRST_RUN_WIZARD"] = "1"

# The suite starts hundreds of `studio` processes. Under PYTHONDONTWRITEBYTECODE (set in some CI
# images and on this machine) each one compiled the whole package from source again, Qt resources
# (4.6 MB) included: ~0.4 s of CPU per process. Bytecode is written once here (only files that
# changed) and read by every process; pytest's rewritten test modules are cached the same way.
sys.dont_write_bytecode = False
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
compileall.compile_dir(Path(__file__).resolve().parents[1] / "studio", quiet=1)

pytest_plugins = ["tests.fixtures.rtmp_server", "tests.fixtures.tls_terminator", "tests.fixtures.pulse_server",
                  "tests.fixtures.engine"]


def pytest_addoption(parser):
    parser.addoption("--frozen-app", metavar="DIR", default=None,
                     help="the folder `make dist` wrote (its tarball is unpacked and tested: tests/dist/)")


def pytest_collection_modifyitems(config, items):
    """Tests of the built app (marked `dist`) run only when `make test-dist` names it: `make test` stays as it was."""
    if config.getoption("--frozen-app"):
        return
    deselected = [item for item in items if item.get_closest_marker("dist")]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if not item.get_closest_marker("dist")]


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A fresh studio database file per test."""
    return tmp_path / "studio.db"


@pytest.fixture
def db(db_path: Path):
    from studio.core.show.db import open_database

    database = open_database(db_path)
    yield database
    database.close()


@pytest.fixture(autouse=True)
def no_broadcast_outlives_its_test():
    yield
    from tests.broadcast.live_process import kill_leftover_broadcasts
    kill_leftover_broadcasts()


@pytest.fixture(scope="session", autouse=True)
def one_qapplication(qapp):
    """The session's QApplication, made before any test runs: the graphics renderer makes a bare
    QGuiApplication when none exists (ensure_gui_app), and once that exists no widget can be
    built, so a widget test after a graphics or engine test in the same run would abort."""
    return qapp


def realtime_test_files(root: Path) -> set[str]:
    """Test files (paths as in node ids) that carry the `realtime` mark."""
    return {str(path.relative_to(root.parent)) for path in root.rglob("test_*.py")
            if "pytest.mark.realtime" in path.read_text(encoding="utf-8")}


try:
    from xdist.scheduler import LoadScopeScheduling
except ImportError:   # pytest-xdist is in the test extra; without it the suite runs in one process
    LoadScopeScheduling = None
else:
    class RealtimeApartScheduling(LoadScopeScheduling):
        """Work units for the workers (`make test`: three): every test file marked `realtime` (a show playing against the
        clock: frames skipped, lateness, how fast a fault is seen) in one unit, so those run one at
        a time on one worker as they did before; every other file a unit of its own (module-scoped
        fixtures, such as a shared engine, start once), run by whichever worker is free."""

        def __init__(self, config, log=None):
            super().__init__(config, log)
            self.realtime_files = realtime_test_files(Path(__file__).resolve().parent)

        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::")[0]
            return "realtime" if path in self.realtime_files else path

    @pytest.hookimpl(optionalhook=True)  # `-p no:xdist` leaves the hook undeclared
    def pytest_xdist_make_scheduler(config, log):
        """`make test` runs `-n 3`: real-time files together on one worker, the rest beside them.
        (pytest-xdist's own `xdist_group` cannot do it under pytest 9.2: it rewrites `item._nodeid`,
        which pytest no longer reads.)"""
        return RealtimeApartScheduling(config, log)


# Beside a real-time test, the other worker (and every process its tests start) runs under Linux's
# SCHED_IDLE policy: it gets the CPU only when the real-time worker and its show do not want it,
# so a show playing against the clock runs as it did alone. Root only (leaving SCHED_IDLE may
# need it); a real-time test in that worker switches back to the normal policy first, and so does a
# `light_timing` test: it times itself with wide margins and little CPU, so it may run beside a
# real-time test, but starved at idle priority it would read its own lateness.


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    if os.environ.get("PYTEST_XDIST_WORKER") and os.geteuid() == 0 and hasattr(os, "SCHED_IDLE"):
        keeps_priority = item.get_closest_marker("realtime") or item.get_closest_marker("light_timing")
        policy = os.SCHED_OTHER if keeps_priority else os.SCHED_IDLE
        os.sched_setscheduler(0, policy, os.sched_param(0))
