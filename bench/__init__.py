"""Benchmarks of the generator and of the generated runtime (`make bench`; see README.md)."""
