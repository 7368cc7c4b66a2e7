"""Inputs: discover files, hash them, and turn each into pages (images or PDF pages)."""
