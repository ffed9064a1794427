"""Benchmark: paycrypt's Python binding against the standard library and
``cryptography``, measured in the same run. Prints a Markdown table.

    build/pyvenv/bin/python bindings/python/bench.py [--quick]

Times are CPU time of the benchmarking thread (time.thread_time), so other
processes on a busy machine do not inflate them. The functions of one
comparison are timed in interleaved rounds and each one's best round
counts; figures are ns per operation (for batches, per message). A ratio
> 1 means paycrypt is faster.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import os
import platform
import sys
import time
import timeit
from dataclasses import dataclass
from typing import Callable, Dict, List, Optional

import cryptography
from cryptography.hazmat.backends.openssl.backend import backend as openssl_backend
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

import paycrypt

KEY = bytes(range(32))


@dataclass
class Row:
    what: str
    size: str
    ours_ns: float
    theirs: str
    theirs_ns: float
    target: Optional[float] = None  # minimum ratio theirs/ours

    @property
    def ratio(self) -> float:
        return self.theirs_ns / self.ours_ns

    def verdict(self) -> str:
        if self.target is None:
            return ""
        return f"≥ {self.target:g}× {'✅' if self.ratio >= self.target else '❌'}"


# CPU time of this thread: time other processes take from a busy machine
# does not count (every function measured runs in the calling thread).
CLOCK = time.thread_time


def calibrate(fn: Callable[[], object], target_s: float) -> int:
    """How many calls of fn take about target_s seconds."""
    number, elapsed = timeit.Timer(fn, timer=CLOCK).autorange()
    return max(1, int(number * target_s / max(elapsed, 1e-9)))


def compare(fns: Dict[str, Callable[[], object]], rounds: int, per: int = 1,
            slice_s: float = 0.02) -> Dict[str, float]:
    """Best ns per operation of each function, timed in interleaved rounds:
    every round runs each function for about slice_s, so background load
    hits all of them alike, and the best round of each counts."""
    numbers = {name: calibrate(fn, slice_s) for name, fn in fns.items()}
    best = {name: float("inf") for name in fns}
    for _ in range(rounds):
        for name, fn in fns.items():
            t = timeit.Timer(fn, timer=CLOCK).timeit(number=numbers[name]) / numbers[name]
            best[name] = min(best[name], t * 1e9 / per)
    return best


def bench_sign(sizes: List[int], rounds: int) -> List[Row]:
    rows: List[Row] = []
    key = paycrypt.HmacKey(KEY)
    base = hmac.new(KEY, digestmod=hashlib.sha256)
    sign = key.sign
    digest = hmac.digest
    new = hmac.new
    sha = hashlib.sha256
    for size in sizes:
        msg = os.urandom(size)
        assert sign(msg) == digest(KEY, msg, "sha256")

        def copy_idiom(msg: bytes = msg) -> bytes:
            c = base.copy()
            c.update(msg)
            return c.digest()

        t = compare(
            {
                "ours": lambda: sign(msg),
                "digest": lambda: digest(KEY, msg, "sha256"),
                "new": lambda: new(KEY, msg, sha).digest(),
                "copy": copy_idiom,
            },
            rounds,
        )
        label = f"{size} B"
        rows.append(Row("`HmacKey.sign`", label, t["ours"], "`hmac.digest(key, msg, 'sha256')`",
                        t["digest"], 2.0 if size == 64 else None))
        rows.append(Row("`HmacKey.sign`", label, t["ours"], "`hmac.new(key, msg, sha256).digest()`",
                        t["new"]))
        rows.append(Row("`HmacKey.sign`", label, t["ours"], "`base.copy(); update; digest()`",
                        t["copy"], 1.3 if size == 64 else None))
    return rows


def bench_batch(sizes: List[int], count: int, rounds: int) -> List[Row]:
    rows: List[Row] = []
    key = paycrypt.HmacKey(KEY)
    base = hmac.new(KEY, digestmod=hashlib.sha256)
    digest = hmac.digest
    sign = key.sign
    for size in sizes:
        msgs = [os.urandom(size) for _ in range(count)]
        assert key.sign_batch(msgs) == [digest(KEY, m, "sha256") for m in msgs]

        def loop_digest() -> List[bytes]:
            return [digest(KEY, m, "sha256") for m in msgs]

        def loop_copy() -> List[bytes]:
            out = []
            for m in msgs:
                c = base.copy()
                c.update(m)
                out.append(c.digest())
            return out

        def loop_sign() -> List[bytes]:
            return [sign(m) for m in msgs]

        t = compare(
            {
                "ours": lambda: key.sign_batch(msgs),
                "digest": loop_digest,
                "copy": loop_copy,
                "sign": loop_sign,
            },
            rounds,
            per=count,
            slice_s=0.05,
        )
        label = f"{count:,} × {size} B"
        fastest, name = min((t["digest"], "`hmac.digest`"), (t["copy"], "`.copy()` idiom"))
        rows.append(Row("`HmacKey.sign_batch`", label, t["ours"], "`hmac.digest` loop", t["digest"],
                        5.0 if size == 64 else None))
        rows.append(Row("`HmacKey.sign_batch`", label, t["ours"], f"fastest stdlib loop ({name})",
                        fastest))
        rows.append(Row("`HmacKey.sign_batch`", label, t["ours"], "`HmacKey.sign` loop", t["sign"]))
    return rows


def bench_aes(sizes: List[int], rounds: int) -> List[Row]:
    rows: List[Row] = []
    ours = paycrypt.AesGcm(KEY)
    theirs = AESGCM(KEY)
    nonce = os.urandom(12)
    aad = b"order-6735"
    enc, tenc = ours.encrypt, theirs.encrypt
    dec, tdec = ours.decrypt, theirs.decrypt
    for size in sizes:
        pt = os.urandom(size)
        ct = enc(nonce, pt, aad)
        assert ct == tenc(nonce, pt, aad)
        t = compare(
            {
                "enc": lambda: enc(nonce, pt, aad),
                "tenc": lambda: tenc(nonce, pt, aad),
                "dec": lambda: dec(nonce, ct, aad),
                "tdec": lambda: tdec(nonce, ct, aad),
            },
            rounds,
        )
        label = f"{size:,} B" if size < 1024 else f"{size // 1024} KiB"
        target = 1.5 if size <= 1024 else (1.0 if size == 16384 else None)
        rows.append(Row("`AesGcm.encrypt`", label, t["enc"], "`AESGCM.encrypt`", t["tenc"], target))
        rows.append(Row("`AesGcm.decrypt`", label, t["dec"], "`AESGCM.decrypt`", t["tdec"]))
    return rows


def fmt_ns(ns: float) -> str:
    return f"{ns:,.0f}" if ns >= 100 else f"{ns:.1f}"


def main(argv: Optional[List[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="fewer repeats (a smoke run)")
    args = parser.parse_args(argv)
    rounds = 3 if args.quick else 25
    rows = bench_sign([64, 256, 1024], rounds)
    rows += bench_batch([64, 256, 1024], 10_000, max(3, rounds // 2))
    rows += bench_aes([64, 256, 1024, 4096, 16384], rounds)

    print(f"paycrypt {paycrypt.__version__} (cffi API mode + paycrypt._fast), Python {platform.python_version()}, "
          f"cryptography {cryptography.__version__} "
          f"({openssl_backend.openssl_version_text()}), {platform.machine()}, "
          f"{os.cpu_count()} CPUs; load average at start "
          f"{os.getloadavg()[0]:.2f}" if hasattr(os, "getloadavg") else "")
    print()
    print("| operation | size | paycrypt ns | compared with | their ns | ratio | target |")
    print("|---|---:|---:|---|---:|---:|---|")
    for r in rows:
        print(f"| {r.what} | {r.size} | {fmt_ns(r.ours_ns)} | {r.theirs} | {fmt_ns(r.theirs_ns)} "
              f"| {r.ratio:.2f}× | {r.verdict()} |")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
