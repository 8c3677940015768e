"""Benchmarks and the synthetic data they build with: outside the package, so that editing them changes no cache key."""
