"""Speed levers for ``bench/vs_faster_paddle.py --lever NAME=VALUE``, applied in every process of
the measured run (the command and its workers) without editing the code: the bench puts this
folder first on PYTHONPATH and names the levers in ``MMBATCH_LEVERS`` (``name=value,...``).
Python imports ``sitecustomize`` at start-up, so each worker process applies them too.

- ``det_max_side=N``: the detector's longest input side (``OcrOptions.max_side``, default 2000;
  crops are still cut from the full page)
- ``rec_min_width=N``: the recogniser's padding floor in pixels (``TextRecognizer.min_width``,
  default 4 x 48 = 192)
- ``ort_spin=0``: onnxruntime intra-op threads do not spin waiting for work
- ``ort_opt=basic``: graph optimisation level basic instead of all
Nothing happens without ``MMBATCH_LEVERS``.
"""
import os

_SPEC = os.environ.get("MMBATCH_LEVERS", "")


def _apply(levers):
    from importlib import import_module

    ocr = import_module("pipeline.ocr")  # the package's own ``ocr`` is the API function
    session = import_module("pipeline.engine.session")
    ocr_rec = import_module("pipeline.models.ocr_rec")

    if "det_max_side" in levers:
        side = int(levers["det_max_side"])
        init = ocr.OcrPipeline.__init__

        def pipeline_init(self, *a, **k):
            init(self, *a, **k)
            self.options.max_side = side

        ocr.OcrPipeline.__init__ = pipeline_init
    if "rec_min_width" in levers:
        floor = int(levers["rec_min_width"])
        rec_init = ocr_rec.TextRecognizer.__init__

        def rec_init_floor(self, *a, **k):
            rec_init(self, *a, **k)
            self.min_width = floor

        ocr_rec.TextRecognizer.__init__ = rec_init_floor
    if "ort_spin" in levers or "ort_opt" in levers:
        make = session.session_options

        def options(threads):
            so = make(threads)
            if "ort_spin" in levers:
                so.add_session_config_entry("session.intra_op.allow_spinning",
                                            levers["ort_spin"])
            if levers.get("ort_opt") == "basic":
                so.graph_optimization_level = session.ort.GraphOptimizationLevel.ORT_ENABLE_BASIC
            return so

        session.session_options = options


if _SPEC:
    _apply(dict(kv.split("=", 1) for kv in _SPEC.split(",") if kv))
