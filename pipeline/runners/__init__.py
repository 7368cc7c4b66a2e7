"""Execution of the stages: locally in this process (``local``); process pools and Dask later."""
