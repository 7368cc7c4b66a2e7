"""Any other page: no cues, no fields of its own (user-defined fields still apply). A page no
doc type claims is "other"."""
from . import FALLBACK, DocType, register

OTHER = register(DocType(name=FALLBACK, phrase="a document page", rank=1000))
