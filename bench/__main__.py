"""Run every benchmark in this package (`make bench`)."""

from bench import bench_canvases, bench_composite, bench_console, bench_control, bench_encode, bench_import

BENCHMARKS = [bench_composite, bench_encode, bench_control, bench_console, bench_canvases, bench_import]

if __name__ == "__main__":
    for benchmark in BENCHMARKS:
        benchmark.main()
