"""Model modules register themselves here where they are defined; a duplicate name is an error."""
from __future__ import annotations

from typing import Callable, Dict, Type

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
    import pipeline.models  # noqa: F401  (importing the package registers the built-in models)

    return dict(_MODELS)

