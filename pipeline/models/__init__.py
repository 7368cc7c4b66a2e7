"""One module per model; each owns its preprocessing, session and postprocessing and registers
itself with ``pipeline.engine.registry``. Importing this package registers the built-in models."""
from . import image_encoder, ocr_cls, ocr_det, ocr_rec, page_orient, text_encoder  # noqa: F401
