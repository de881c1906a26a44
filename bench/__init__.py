"""On-demand benchmarks (`python -m bench` or `make bench`). Never run by the test suite."""
