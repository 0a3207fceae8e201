"""Run every benchmark in this package (`make bench`)."""

from bench import bench_composite

BENCHMARKS = [bench_composite]

if __name__ == "__main__":
    for benchmark in BENCHMARKS:
        benchmark.main()
