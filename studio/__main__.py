from studio.cli import main

# Guarded: output workers are spawned processes that re-import the main module.
if __name__ == "__main__":
    raise SystemExit(main())
