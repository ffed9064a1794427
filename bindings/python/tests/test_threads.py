"""Threads: several threads share one key; long native calls release the
GIL so other Python threads keep running."""

from __future__ import annotations

import hmac
import os
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Callable, List

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

import paycrypt


def test_many_threads_one_hmac_key() -> None:
    secret = b"shared terminal secret"
    key = paycrypt.HmacKey(secret)

    def work(seed: int) -> int:
        rng = __import__("random").Random(seed)
        for i in range(1500):
            msg = rng.randbytes(rng.randrange(0, 300))
            want = hmac.digest(secret, msg, "sha256")
            if i % 3 == 0:
                assert key.sign(msg) == want
            elif i % 3 == 1:
                key.verify(msg, want)
                key.verify(msg, want.hex())
            else:
                assert key.sign_batch([msg, msg[:5]]) == [want, hmac.digest(secret, msg[:5], "sha256")]
        return seed

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert sorted(pool.map(work, range(8))) == list(range(8))


def test_many_threads_one_aes_key() -> None:
    k = bytes(range(32))
    key = paycrypt.AesGcm(k)
    ref = AESGCM(k)

    def work(seed: int) -> None:
        rng = __import__("random").Random(seed)
        for _ in range(800):
            nonce = rng.randbytes(12)
            pt = rng.randbytes(rng.randrange(0, 2000))
            aad = rng.randbytes(rng.randrange(0, 40))
            ct = key.encrypt(nonce, pt, aad)
            assert ct == ref.encrypt(nonce, pt, aad)
            assert key.decrypt(nonce, ct, aad) == pt
            env = paycrypt.envelope_seal(key, seed, pt, aad)
            assert paycrypt.envelope_open(key, env, aad) == pt

    threads = [threading.Thread(target=work, args=(i,)) for i in range(6)]
    errors: List[BaseException] = []

    def hook(args: threading.ExceptHookArgs) -> None:
        errors.append(args.exc_value if args.exc_value else RuntimeError("thread failed"))

    old = threading.excepthook
    threading.excepthook = hook
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        threading.excepthook = old
    assert not errors, errors


def _ran_during(call: Callable[[], object]) -> bool:
    """Whether another Python thread ran in the middle half of `call`.

    If the GIL were held for the whole native call, the other thread
    could only run just before or just after it (at a GIL switch), never
    in the middle."""
    stamps: List[float] = []
    stop = threading.Event()
    started = threading.Event()

    def spin() -> None:
        started.set()
        i = 0
        while not stop.is_set():
            i += 1
            if i % 64 == 0:
                stamps.append(time.perf_counter())

    # a short switch interval: a thread that holds the GIL hands it over
    # quickly, so only a call that releases it lets the spinner run long
    old_interval = sys.getswitchinterval()
    sys.setswitchinterval(0.0005)
    t = threading.Thread(target=spin)
    try:
        t.start()
        started.wait()
        t0 = time.perf_counter()
        call()
        t1 = time.perf_counter()
    finally:
        stop.set()
        t.join()
        sys.setswitchinterval(old_interval)
    lo, hi = t0 + (t1 - t0) / 4, t1 - (t1 - t0) / 4
    return any(lo < s < hi for s in stamps)


def test_long_native_calls_release_the_gil() -> None:
    key = paycrypt.HmacKey(b"k")
    aes = paycrypt.AesGcm(bytes(32))
    big = os.urandom(1 << 20) * 64  # 64 MiB
    msgs = [big[i << 24 : (i + 1) << 24] for i in range(4)]  # 4 x 16 MiB
    tag = key.sign(big)
    sealed = aes.encrypt(bytes(12), msgs[0], None)
    header = paycrypt.webhook_sign(key, msgs[0], 1)
    # short inputs keep the GIL (paycrypt.GIL_RELEASE_BYTES), long ones not
    assert paycrypt.GIL_RELEASE_BYTES <= 1 << 16
    calls: List[Callable[[], object]] = [
        lambda: key.sign_batch(msgs),
        lambda: key.sign(big),
        lambda: key.verify(big, tag),
        lambda: key.verify(big, tag.hex()),
        lambda: paycrypt.sha256(big),
        lambda: paycrypt.hmac_sha256(b"k", big),
        lambda: aes.encrypt(bytes(12), msgs[0], None),
        lambda: aes.decrypt(bytes(12), sealed, None),
        lambda: paycrypt.webhook_verify(key, msgs[0], header, tolerance=0),
    ]
    for call in calls:
        assert _ran_during(call)


def test_gil_probe_detects_a_call_that_holds_the_gil() -> None:
    # control for the probe above: bytes.upper keeps the GIL (~0.2 s here)
    big = os.urandom(1 << 20) * 64
    assert not _ran_during(big.upper)
