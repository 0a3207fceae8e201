import multiprocessing
import sys

from studio.child_processes import RUN_MODULE_FLAG, run_child_module
from studio.cli import main

# Guarded: output workers are spawned processes that re-import the main module.
if __name__ == "__main__":
    # A frozen build (build.spec) starts its workers by re-running this executable.
    multiprocessing.freeze_support()
    if sys.argv[1:2] == [RUN_MODULE_FLAG]:   # the frozen executable starting one of its own child processes
        raise SystemExit(run_child_module(sys.argv[2:]))
    raise SystemExit(main())
