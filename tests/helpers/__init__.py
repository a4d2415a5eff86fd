"""Shared test helpers (importable as ``helpers``: pyproject puts tests/ on the path)."""
