"""The option model: every option declared once (``catalogue``), the kinds of value and their
one parser (``types``), the settings they fill (``settings``), and the README tables
(``docs``)."""
from .model import Option, result_field, results_key
from .types import OptionError

__all__ = ["Option", "OptionError", "result_field", "results_key"]
