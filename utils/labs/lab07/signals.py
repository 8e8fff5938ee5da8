"""Synthetic heartbeat-like traces (ECG-like) for lab 07: deterministic, class-balanced, offline.

Not real ECGs and not for any medical use: a small, documented generator whose classes differ
in the *shape* of one beat somewhere in the trace, the kind of local pattern a convolutional
layer is built to find wherever it is.

**The generator.** A trace is ``duration`` seconds sampled at ``rate`` Hz. Beats follow one
another every ``RR`` seconds (heart rate drawn per trace, 60-100 beats per minute, plus 4 %
jitter per beat), starting at a random phase, so a beat can sit anywhere. Each beat is a sum of
Gaussian bumps ``A * exp(-(t - c)^2 / (2 sigma^2))`` (amplitude ``A``, centre ``c`` seconds after
the beat's R peak, width ``sigma`` seconds), listed in :data:`BEAT_SHAPES`:

- ``normal``: P wave (small, before), Q dip, tall narrow R peak, S dip, T wave (broad, after).
- ``premature`` (label 1): one beat of the trace, chosen at random, comes 35 % early and has the
  shape of a *premature ventricular beat*: no P wave, a wide R, a deep wide S and an inverted T.
  The next beat keeps the regular rhythm (a longer pause follows it).
- ``no P wave`` (label 2): the P wave is missing from one beat of the trace, chosen at random;
  everything else is normal. A subtle difference on purpose: it lasts 0.1 s.

Every trace then gets its own amplitude scale (0.85-1.15), a slow baseline wander (0.15-0.35
Hz, amplitude up to 0.1) and white noise (standard deviation ``noise``).

All randomness comes from ``np.random.default_rng(seed)``: the same arguments give the same
arrays on every machine. Classes come in equal numbers, in a shuffled order.
"""
from __future__ import annotations

import numpy as np

from utils.validation import check_int, check_number

__all__ = ["HEARTBEAT_CLASSES", "BEAT_SHAPES", "beat_shape", "make_heartbeats"]

HEARTBEAT_CLASSES = ("normal", "premature beat", "no P wave")

# (amplitude, centre in s after the R peak, width sigma in s) of each bump of one beat.
BEAT_SHAPES = {
    "normal": {"P": (0.15, -0.20, 0.025), "Q": (-0.12, -0.035, 0.010), "R": (1.00, 0.0, 0.012),
               "S": (-0.25, 0.035, 0.012), "T": (0.30, 0.26, 0.045)},
    "premature": {"R": (0.90, 0.0, 0.035), "S": (-0.60, 0.085, 0.040),
                  "T": (-0.35, 0.32, 0.060)},
}
BEAT_SHAPES["no P wave"] = {k: v for k, v in BEAT_SHAPES["normal"].items() if k != "P"}


def _bumps(r_time: float, kind: str) -> np.ndarray:
    """The bumps of one beat as rows (amplitude, centre in s, width in s)."""
    return np.array([(a, r_time + c, s) for a, c, s in BEAT_SHAPES[kind].values()])


def _sum_of_bumps(t: np.ndarray, bumps: np.ndarray) -> np.ndarray:
    a, c, s = bumps[:, :1], bumps[:, 1:2], bumps[:, 2:]
    return np.sum(a * np.exp(-((t - c) ** 2) / (2 * s * s)), axis=0)


def beat_shape(t, r_time: float, kind: str = "normal") -> np.ndarray:
    """The voltage at times ``t`` (s) of one beat of ``kind`` whose R peak is at ``r_time`` s."""
    if kind not in BEAT_SHAPES:
        raise ValueError(f"kind must be one of {sorted(BEAT_SHAPES)}, got {kind!r}.")
    r_time = check_number(r_time, "r_time")
    t = np.asarray(t, dtype=np.float64)
    return _sum_of_bumps(t.ravel(), _bumps(r_time, kind)).reshape(t.shape)


def _trace(rng, t, label: int, noise: float) -> np.ndarray:
    """One trace of class ``label`` at times ``t``."""
    duration = t[-1] + (t[1] - t[0])
    rr = 60.0 / rng.uniform(60, 100)
    first = rng.uniform(-rr, 0)                              # the phase: beats can sit anywhere
    n_beats = int(duration / rr) + 3
    times = first + rr * np.arange(n_beats) + rng.normal(0, 0.04 * rr, n_beats)   # R peaks
    inside = np.flatnonzero((times > 0.25) & (times < duration - 0.35))
    odd = rng.choice(inside)                                 # the beat that differs (labels 1, 2)
    bumps = []
    for i, r_time in enumerate(times):
        kind = "normal"
        if label == 1 and i == odd:
            kind, r_time = "premature", r_time - 0.35 * rr
        elif label == 2 and i == odd:
            kind = "no P wave"
        bumps.append(_bumps(r_time, kind))
    x = _sum_of_bumps(t, np.concatenate(bumps))
    wander = rng.uniform(0, 0.1) * np.sin(2 * np.pi * rng.uniform(0.15, 0.35) * t
                                          + rng.uniform(0, 2 * np.pi))
    return rng.uniform(0.85, 1.15) * x + wander + rng.normal(0, noise, t.shape)


def make_heartbeats(m_per_class: int = 100, *, duration: float = 2.5, rate: int = 64,
                    noise: float = 0.03, seed: int = 0):
    """``X`` of shape ``(3 * m_per_class, L)`` with ``L = round(duration * rate)`` samples per
    trace, and labels ``y`` (int64, 0 ``normal``, 1 ``premature beat``, 2 ``no P wave``; see
    :data:`HEARTBEAT_CLASSES`), ``m_per_class`` of each in a shuffled order.

    The generator is described in this module's docstring; the same arguments always give the
    same arrays.
    """
    m_per_class = check_int(m_per_class, "m_per_class", low=1, high=100_000)
    duration = check_number(duration, "duration", low=1.0, high=60.0)
    rate = check_int(rate, "rate", low=32, high=1000)
    noise = check_number(noise, "noise", low=0.0, high=1.0)
    seed = check_int(seed, "seed", low=0)
    rng = np.random.default_rng(seed)
    t = np.arange(round(duration * rate)) / rate
    y = rng.permutation(np.repeat(np.arange(len(HEARTBEAT_CLASSES)), m_per_class))
    X = np.stack([_trace(rng, t, int(label), noise) for label in y])
    return X, y.astype(np.int64)
