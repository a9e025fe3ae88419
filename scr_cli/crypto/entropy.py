"""Does the body of an encrypted packet look like ciphertext? Byte statistics every real encryption passes.

A `.gpg` file can carry the right recipient packets and then plaintext where the encrypted data should be;
nothing short of the key tells real ciphertext from a crafted one, but ciphertext is indistinguishable from
random bytes, and text, zeros or raw binary are not. The body is cut into windows of 4 KiB (a tail shorter
than 128 bytes joins the window before it) and each window must pass:

- three byte classes, none over-represented: printable ASCII (text in Latin script), UTF-8 continuation
  bytes 0x80-0xBF (text in other scripts) and zero bytes (padding, raw binary). The threshold is the count a
  uniform random window exceeds with probability below 1e-12 (the exact binomial tail), so a file of a
  gigabyte still has a chance below one in a million of a false alarm;
- a chi-square test over the 256 byte frequencies, both tails (too skewed, or too even to be chance), at the
  same 1e-12 level, on windows of 128 bytes and more (at most 64 windows spread over the body, to bound the
  cost on large files; in a short window it amounts to counting pairs of equal bytes);
- a body shorter than 128 bytes gets a count of repeated bytes instead (a Poisson tail, conservative).

Pure Python and fast enough for a hook (a few milliseconds per megabyte of `bytes.translate`).
"""

from __future__ import annotations

import math
from collections import Counter
from functools import lru_cache

WINDOW = 4096
CHI_MIN = 128  # windows this long or longer get the chi-square test; shorter bodies the repeat count
CHI_SAMPLES = 64
TAIL = 1e-12  # the chance that one test of a random window fails
_ALL = bytes(range(256))
CLASSES = (
    ("printable text", bytes(range(0x20, 0x7F)) + b"\t\n\r"),
    ("text in a non-Latin script", bytes(range(0x80, 0xC0))),
    ("zero bytes", b"\x00"),
)
# the complement of each class: what `translate(None, delete)` removes to leave only the class's bytes
_OTHERS = tuple(bytes(b for b in _ALL if b not in members) for _, members in CLASSES)


@lru_cache(maxsize=64)
def binomial_limit(n: int, p: float) -> int:
    """The smallest count t with P(X >= t) <= TAIL for X ~ Binomial(n, p)."""
    log_p, log_q = math.log(p), math.log1p(-p)
    log_n = math.lgamma(n + 1)
    tail = 0.0
    for k in range(n, -1, -1):
        term = math.exp(log_n - math.lgamma(k + 1) - math.lgamma(n - k + 1) + k * log_p + (n - k) * log_q)
        if tail + term > TAIL:
            return k + 1
        tail += term
    return 0


@lru_cache(maxsize=64)
def repeat_limit(n: int) -> int:
    """The smallest number of repeated bytes r with P(R >= r) <= TAIL in n random bytes (n below 128).

    R = n - distinct values is at most the number of equal pairs, which is close to Poisson with mean
    n(n-1)/512 (the pairs are pairwise independent); its tail bounds R's, erring towards accepting.
    """
    lam = n * (n - 1) / 512
    log_lam = math.log(lam) if lam > 0 else -math.inf
    tail = 0.0
    for r in range(n, -1, -1):
        term = math.exp(-lam + r * log_lam - math.lgamma(r + 1)) if lam > 0 else float(r == 0)
        if tail + term > TAIL:
            return r + 1
        tail += term
    return 0


def chi_square_limits() -> tuple[float, float]:
    """The chi-square values (255 degrees of freedom) a random window falls below, or exceeds, with probability TAIL.

    Too uniform a count (every byte value equally often) is as unlike ciphertext as too skewed.

    Wilson-Hilferty: (X/k)^(1/3) is close to normal with mean 1 - 2/(9k) and variance 2/(9k).
    """
    k = 255
    z = 7.034  # the normal quantile of 1 - 1e-12
    spread = math.sqrt(2 / (9 * k))
    return float(k * (1 - 2 / (9 * k) - z * spread) ** 3), float(k * (1 - 2 / (9 * k) + z * spread) ** 3)


CHI_LOW, CHI_HIGH = chi_square_limits()


def windows(size: int) -> list[tuple[int, int]]:
    """(start, end) of the windows of a body of `size` bytes; a short tail joins the window before it."""
    bounds = [(start, min(start + WINDOW, size)) for start in range(0, size, WINDOW)]
    if len(bounds) > 1 and bounds[-1][1] - bounds[-1][0] < CHI_MIN:
        last = bounds.pop()
        bounds[-1] = (bounds[-1][0], last[1])
    return bounds


def chi_square(window: bytes) -> float:
    counts = Counter(window)
    n = len(window)
    return 256 * sum(c * c for c in counts.values()) / n - n


def class_problem(window: bytes) -> str | None:
    n = len(window)
    for (label, members), others in zip(CLASSES, _OTHERS, strict=True):
        found = len(window.translate(None, others))
        if found >= binomial_limit(n, len(members) / 256):
            return f"{found} of {n} bytes are {label}"
    return None


def randomness_problem(body: bytes) -> str | None:
    """Why `body` is not what an encryption produces (None when it passes every test)."""
    size = len(body)
    if size == 0:
        return "no encrypted bytes"
    bounds = windows(size)
    for start, end in bounds:
        problem = class_problem(body[start:end])
        if problem:
            return f"{problem} where ciphertext is expected (at byte {start})"
    if size < CHI_MIN:
        repeats = size - len(set(body))
        if repeats >= repeat_limit(size):
            return f"{repeats} of {size} bytes repeat others, far more than in ciphertext"
        return None
    step = max(1, len(bounds) // CHI_SAMPLES)
    sample = bounds[::step][:CHI_SAMPLES - 1] + [bounds[-1]]
    for start, end in dict.fromkeys(sample):
        value = chi_square(body[start:end])
        if not CHI_LOW <= value <= CHI_HIGH:
            return f"byte frequencies far from uniform (chi-square {value:.0f}) where ciphertext is expected " \
                   f"(at byte {start})"
    return None
