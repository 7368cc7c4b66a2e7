"""mmbatch: batch, offline multimodal document processing (import package ``pipeline``)."""

__version__ = "0.1.0"
