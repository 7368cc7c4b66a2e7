"""The models the engine can load, by name. A model module registers its class where it is
defined (``@register("ocr_det")``); a duplicate name is an error. The pipeline loads models
through ``create`` (the OCR pipeline its detector, line classifier and recogniser; compare its
image and text encoders), so adding a model is adding one module to ``pipeline.models``."""
from __future__ import annotations

from typing import Any, Callable, Dict, Type

_MODELS: Dict[str, type] = {}


def register(name: str) -> Callable[[Type], Type]:
    def deco(cls: Type) -> Type:
        if name in _MODELS and _MODELS[name] is not cls:
            raise RuntimeError(f"model name {name!r} registered twice ({_MODELS[name]} and {cls})")
        cls.model_name = name
        _MODELS[name] = cls
        return cls

    return deco


def registered() -> Dict[str, type]:
    from .. import models  # noqa: F401  (importing the package registers the built-in models)

    return dict(_MODELS)


def create(name: str, *args: Any, **kwargs: Any) -> Any:
    """An instance of the model registered as ``name`` (its session loaded by the model)."""
    models = registered()
    if name not in models:
        raise KeyError(f"no model registered as {name!r} (registered: {', '.join(models)})")
    return models[name](*args, **kwargs)
