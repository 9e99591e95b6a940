"""Stands in for a machine without torch (the check_vectors.py skip test puts
this directory first on PYTHONPATH): importing torch fails as it would there."""
raise ImportError("No module named 'torch' (simulated by python/tests/no_torch)", name="torch")
