"""Errors that carry an exit code, and the one place that maps any failure to a message and an
exit code (``failure``). Only ``pipeline.cli`` prints them.

Exit codes (documented in ``mmbatch --help`` and the README):
  0  success: every document was processed
  1  some documents failed (each is an ``error`` row in ``documents``)
  2  usage or configuration error
  3  locked: another run holds the output (reserved for scheduled runs)
  4  internal error (a bug: the traceback is written to a file the message names)
  5  model files missing or corrupt (``mmbatch models verify`` says which)
  6  the vision-language model server (``--vlm``) does not answer, or lacks the model
  130 interrupted (Ctrl-C), 143 terminated (SIGTERM): workers ended, lock released, committed
      parts kept
"""
from __future__ import annotations

EXIT_OK = 0
EXIT_DOCUMENTS_FAILED = 1
EXIT_USAGE = 2
EXIT_LOCKED = 3
EXIT_INTERNAL = 4
EXIT_MODELS = 5
EXIT_VLM = 6
EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 143


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


class Terminated(BaseException):
    """SIGTERM arrived (a scheduler stopping the run): raised in the main thread by the CLI's
    handler so that the run cleans up as on Ctrl-C (a BaseException for the same reason)."""


def failure(e: BaseException, debug: bool = False) -> tuple:
    """(exit code, one-line message) for an exception that ended a command. An unexpected one
    is an internal error: its traceback goes to a file the message names (or, with ``debug``,
    into the message itself)."""
    if isinstance(e, MmbatchError):
        return e.exit_code, f"mmbatch: error: {e}"
    if isinstance(e, KeyboardInterrupt):
        return EXIT_INTERRUPTED, ("mmbatch: interrupted: workers stopped, committed parts kept; "
                                  "run again to finish")
    if isinstance(e, Terminated):
        return EXIT_TERMINATED, ("mmbatch: terminated: workers stopped, committed parts kept; "
                                 "run again to finish")
    import traceback

    text = "".join(traceback.format_exception(type(e), e, e.__traceback__))
    what = f"{type(e).__name__}: {e}" if str(e) else type(e).__name__
    if debug:
        return EXIT_INTERNAL, f"{text.rstrip()}\nmmbatch: internal error ({what})"
    return EXIT_INTERNAL, (f"mmbatch: internal error ({what}); the traceback is in "
                           f"{_write_traceback(text)} (--debug prints it)")


def _write_traceback(text: str) -> str:
    import os
    import tempfile
    import time

    name = f"mmbatch-error-{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}.txt"
    path = os.path.join(tempfile.gettempdir(), name)
    try:
        with open(path, "w") as fh:
            fh.write(text)
    except OSError:
        return "(nowhere: the temporary folder is not writable; use --debug)"
    return path
