"""Vision-language models served over HTTP (Ollama's native API, OpenAI-compatible servers):
fields the OCR engine and the rules leave missing, invalid or unsure (``refine``), and free-form
questions over one image or a set of images (``ask``). Network-bound: it runs in the driver, never
in the OCR worker processes, and every answer is cached on disk."""
from .spec import VlmOptions, parse_spec

__all__ = ["VlmOptions", "parse_spec"]
