"""The engine seam: registry, providers, injected sessions."""
from __future__ import annotations

import numpy as np
import pytest

from pipeline.engine import providers, registry
from pipeline.engine.manifest import get_spec
from pipeline.errors import UsageError


def test_builtin_models_are_registered():
    assert {"ocr_det", "ocr_rec", "ocr_cls"} <= set(registry.registered())


def test_duplicate_registration_fails_loudly():
    registry.registered()

    with pytest.raises(RuntimeError, match="registered twice"):
        @registry.register("ocr_det")
        class Another:  # noqa: F841
            pass


def test_the_pipeline_loads_its_models_through_the_registry(monkeypatch):
    """What is registered under a name is what the OCR pipeline runs: replacing the class
    registered as ocr_cls (here a stand-in that records its arguments) changes the pipeline."""
    from pipeline.ocr import OcrOptions, OcrPipeline

    made = []

    class StandIn:
        def __init__(self, **kw):
            made.append(kw)

    models = dict(registry.registered())
    monkeypatch.setattr(registry, "_MODELS", dict(models, ocr_cls=StandIn))
    p = OcrPipeline(OcrOptions(threads=1))
    assert isinstance(p.cls, StandIn) and made == [{"device": "auto", "threads": 1}]
    assert type(p.det) is models["ocr_det"] and type(p.rec) is models["ocr_rec"]
    with pytest.raises(KeyError, match="no model registered as 'nope'"):
        registry.create("nope")


def test_cpu_is_always_available_and_auto_picks_it_here():
    assert "CPUExecutionProvider" in providers.available()
    assert providers.choose("cpu") == ["CPUExecutionProvider"]
    if "CUDAExecutionProvider" not in providers.available():
        assert providers.choose("auto") == ["CPUExecutionProvider"]
        with pytest.raises(UsageError, match="onnxruntime-gpu"):
            providers.choose("cuda")
    with pytest.raises(UsageError, match="unknown device"):
        providers.choose("tpu")


class FakeSession:
    """Same surface as pipeline.engine.session.Session, scripted output."""

    def __init__(self, name, outputs, metadata=None):
        self.spec = get_spec(name)
        self.providers = ["CPUExecutionProvider"]
        self.metadata = metadata or {}
        self.outputs = list(outputs)
        self.inputs = []
        self.seconds = 0.0

    def run(self, x):
        self.inputs.append(x)
        return self.outputs.pop(0)


def test_recogniser_decodes_ctc_with_an_injected_session():
    from pipeline.models.ocr_rec import TextRecognizer

    # charset: blank, a, b, c, space (last)
    steps = [1, 1, 0, 2, 0, 0, 2, 4, 3]  # "a" "b" "b" " " "c" after collapsing repeats/blanks
    prob = np.full((1, len(steps), 5), 0.01, dtype=np.float32)
    for t, k in enumerate(steps):
        prob[0, t, k] = 0.9
    fake = FakeSession("ocr_rec", [prob], {"character": "a\nb\nc"})
    rec = TextRecognizer(session=fake)
    assert rec.batch == 1  # CPU: one crop at a time at its own width
    out = rec([np.zeros((30, 40, 3), dtype=np.uint8)])
    assert out[0].text == "abb c"
    assert out[0].conf == pytest.approx(0.9)
    x = fake.inputs[0]
    assert x.shape == (1, 3, 48, 96)  # 40 px wide at 48 high = 64 px, padded to the minimum
    assert x.dtype == np.float32


def test_line_direction_turns_only_confident_upside_down_lines():
    from pipeline.models.ocr_cls import LineDirection

    probs = np.array([[0.05, 0.95], [0.6, 0.4], [0.2, 0.8]], dtype=np.float32)
    cls = LineDirection(session=FakeSession("ocr_cls", [probs]))
    crops = [np.arange(2 * 6 * 3, dtype=np.uint8).reshape(2, 6, 3) for _ in range(3)]
    turned, res = cls.turn(crops)
    assert [r[0] for r in res] == ["180", "0", "180"]
    assert np.array_equal(turned[0], crops[0][::-1, ::-1])
    assert turned[1] is crops[1] and turned[2] is crops[2]  # 0.8 is below the 0.9 threshold
