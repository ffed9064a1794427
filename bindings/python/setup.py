"""Build script: compiles the Rust library with cargo and links it
statically into the cffi extension ``paycrypt._native``.

Static metadata lives in pyproject.toml; this file only adds the native
build step (see build_native.py).
"""

from __future__ import annotations

import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_native  # noqa: E402


class BuildPaycrypt(build_ext):
    """build_ext that first runs cargo, then emits and compiles the cffi C
    source generated from include/paycrypt.h."""

    def run(self) -> None:
        try:
            root = build_native.repo_root()
            static_lib = build_native.build_rust(root)
            ffibuilder = build_native.make_ffibuilder(root, static_lib)
        except build_native.BuildError as exc:
            sys.stderr.write(f"\n{exc}\n\n")
            raise SystemExit(1) from None
        tmp = Path(self.build_temp)
        tmp.mkdir(parents=True, exist_ok=True)
        # writes the generated C source into build_temp and describes it
        generated = ffibuilder.distutils_extension(str(tmp))
        ext = self.extensions[0]
        for attr in ("sources", "include_dirs", "extra_objects", "libraries",
                     "extra_link_args", "extra_compile_args", "define_macros"):
            setattr(ext, attr, list(getattr(generated, attr, None) or []))
        # paycrypt._fast (src/paycrypt/_fast.c): the hot paths as plain
        # CPython functions, linked against the same static library
        fast = self.extensions[1]
        fast.include_dirs = [str(root / "include")]
        for attr, value in build_native.link_args(static_lib).items():
            setattr(fast, attr, value)
        # the library changes with the Rust sources, not with the C file
        self.force = True
        super().run()


setup(
    ext_modules=[
        Extension("paycrypt._native", sources=["<generated>"]),
        Extension("paycrypt._fast", sources=["src/paycrypt/_fast.c"], depends=["src/paycrypt/_gil.h"]),
    ],
    cmdclass={"build_ext": BuildPaycrypt},
)
