"""mmbatch: batch, offline multimodal document processing.

Installed under the import name ``mmbatch`` (the folder in the repository is ``pipeline/``;
every import inside the package is relative, so a checkout also imports it as ``pipeline``).
"""

__version__ = "0.1.0"
