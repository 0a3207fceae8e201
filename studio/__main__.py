import multiprocessing

from studio.cli import main

# Guarded: output workers are spawned processes that re-import the main module.
if __name__ == "__main__":
    # A frozen build (build.spec) starts its workers by re-running this executable.
    multiprocessing.freeze_support()
    raise SystemExit(main())
