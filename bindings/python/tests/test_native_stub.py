"""The typing stub of the cffi extension must match the C header, and the
extension must export every function the header declares."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

from paycrypt._native import lib

PKG = Path(__file__).resolve().parents[1]


def _load(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def test_stub_is_generated_from_the_current_header() -> None:
    sys.path.insert(0, str(PKG))
    try:
        gen = _load("paycrypt_gen_stub", PKG / "tools" / "gen_stub.py")
    finally:
        sys.path.remove(str(PKG))
    committed = (PKG / "src" / "paycrypt" / "_native.pyi").read_text()
    assert gen.render(gen.current_cdef()) == committed, (
        "src/paycrypt/_native.pyi is out of date with include/paycrypt.h: "
        "run python bindings/python/tools/gen_stub.py"
    )


def test_extension_exports_every_header_function() -> None:
    stub = (PKG / "src" / "paycrypt" / "_native.pyi").read_text()
    declared = set(re.findall(r"def (paycrypt_\w+)\(", stub))
    header = (PKG.parents[1] / "include" / "paycrypt.h").read_text()
    in_header = set(re.findall(r"\b(paycrypt_\w+)\s*\(", header))
    assert in_header <= declared
    for name in declared:
        assert callable(getattr(lib, name)), name
