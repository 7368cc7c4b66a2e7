"""Errors that carry an exit code. Only ``pipeline.cli`` turns them into messages.

Exit codes (documented in ``mmbatch --help`` and the README):
  0  success: every document was processed
  1  some documents failed (each is an ``error`` row in ``documents``)
  2  usage or configuration error
  3  locked: another run holds the output (reserved for scheduled runs)
  4  internal error (a bug: please report it with the traceback)
  5  model files missing or corrupt (``mmbatch models verify`` says which)
  6  the vision-language model server (``--vlm``) does not answer, or lacks the model
"""
from __future__ import annotations

EXIT_OK = 0
EXIT_DOCUMENTS_FAILED = 1
EXIT_USAGE = 2
EXIT_LOCKED = 3
EXIT_INTERNAL = 4
EXIT_MODELS = 5
EXIT_VLM = 6


class MmbatchError(Exception):
    """Base class: a message for a person and an exit code for a scheduler."""

    exit_code = EXIT_INTERNAL


class UsageError(MmbatchError):
    exit_code = EXIT_USAGE


class ModelError(MmbatchError):
    exit_code = EXIT_MODELS


class VlmUnavailable(MmbatchError):
    """The ``--vlm`` server cannot be reached at start, or does not have the model."""

    exit_code = EXIT_VLM


class DocumentError(MmbatchError):
    """One document cannot be processed; the batch goes on and records a row."""

    exit_code = EXIT_DOCUMENTS_FAILED


class DocumentTimeout(BaseException):
    """One document took longer than ``--doc-timeout``: raised in the worker by a SIGALRM
    handler. A BaseException (like KeyboardInterrupt) so that no ``except Exception`` on the way
    (Pillow's, ours) swallows or rewraps it; ``process_document`` turns it into an error row."""

    def __init__(self, seconds: float):
        super().__init__(f"took longer than {seconds:g} s (--doc-timeout)")
        self.seconds = seconds
