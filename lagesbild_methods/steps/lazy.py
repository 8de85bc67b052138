"""Section modules imported on first use, so that importing a step's spec (the runner does, before any
kernel starts) stays light."""
from __future__ import annotations

import importlib
from typing import Callable


def lazy_getattr(package: str, names: dict[str, str]) -> Callable[[str], object]:
    """A module ``__getattr__`` for ``package`` that looks ``name`` up in the module ``names[name]`` on first
    use. A bare module name is relative to the package (``"overview"`` = ``.overview``); a name that starts
    with a dot is taken as written (``"..context"``)."""
    def __getattr__(name: str):
        if name in names:
            module = names[name] if names[name].startswith(".") else f".{names[name]}"
            return getattr(importlib.import_module(module, package), name)
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return __getattr__
