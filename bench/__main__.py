"""Run every benchmark in this package (`make bench`)."""

from bench import bench_composite, bench_console, bench_control, bench_encode

BENCHMARKS = [bench_composite, bench_encode, bench_console, bench_control]

if __name__ == "__main__":
    for benchmark in BENCHMARKS:
        benchmark.main()
