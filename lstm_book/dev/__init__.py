"""Helpers of the tests and the benchmark: a build copy of the repository, and PyTorch references."""
