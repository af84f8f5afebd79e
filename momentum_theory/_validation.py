"""Argument checks shared by the numeric modules.

Every public numeric function funnels its inputs through these, so a bad
argument fails the same way everywhere: ``TypeError`` for the wrong kind of
object, ``ValueError`` for the right kind with an unusable value, and the
message always names the argument.
"""
from __future__ import annotations

import numbers

import numpy as np


def real_array(value, name: str, *, allow_nonfinite: bool = False) -> np.ndarray:
    """Return ``value`` as a float64 array, or raise naming ``name``.

    Booleans, strings, complex numbers and objects are refused with
    ``TypeError``; NaN and infinities with ``ValueError`` unless
    ``allow_nonfinite``.
    """
    if isinstance(value, (str, bytes)) or value is None:
        raise TypeError(f"{name} must be a real number or array of real numbers, "
                        f"got {type(value).__name__}")
    try:
        arr = np.asarray(value)
    except Exception as exc:  # ragged lists and other oddities
        raise TypeError(f"{name} must be a real number or array of real numbers: {exc}") from None
    if arr.dtype == bool or arr.dtype.kind not in "iuf":
        raise TypeError(f"{name} must be a real number or array of real numbers, "
                        f"got dtype {arr.dtype}")
    arr = arr.astype(np.float64, copy=False)
    if not allow_nonfinite and not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite (no NaN or inf)")
    return arr


def real_scalar(value, name: str) -> float:
    """Return ``value`` as a finite Python float, or raise naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, (numbers.Real, np.ndarray, np.generic)):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    arr = real_array(value, name)
    if arr.ndim != 0:
        raise ValueError(f"{name} must be a scalar, got an array of shape {arr.shape}")
    return float(arr)


def count(value, name: str, *, minimum: int = 0) -> int:
    """Return ``value`` as an ``int`` >= ``minimum``, or raise naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, (numbers.Integral, np.integer)):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__}")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    return int(value)


def curvature_interval(mu, L):
    """``(mu, L)`` as floats with ``0 < mu <= L``, or raise naming them."""
    mu = real_scalar(mu, "mu")
    L = real_scalar(L, "L")
    if mu <= 0:
        raise ValueError(f"mu must be positive, got {mu}")
    if L < mu:
        raise ValueError(f"L must be >= mu, got L={L} < mu={mu}")
    return mu, L


def grid_axis(values, name: str) -> np.ndarray:
    """A non-empty 1-D array of finite grid values, or raise naming ``name``."""
    arr = real_array(values, name)
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"{name} must be a non-empty 1-D array of grid values, got shape {arr.shape}")
    return arr


def momentum_beta(value, name: str = "beta") -> np.ndarray:
    """A momentum parameter array with every entry in the open interval (-1, 1)."""
    arr = real_array(value, name)
    if np.any(np.abs(arr) >= 1):
        raise ValueError(f"{name} must lie in the open interval (-1, 1)")
    return arr


#: The largest result (in bytes) a public numeric function agrees to build:
#: 4 GiB. Beyond it NumPy's ``MemoryError`` (or swapping) is likely on the
#: machines this is used on; the check refuses up front instead, naming the
#: arguments that set the size. Larger maps can be streamed with
#: :func:`momentum_theory.ratemaps.radius_map` into a ``numpy.memmap`` or
#: reduced with :func:`momentum_theory.ratemaps.radius_histogram`.
MAX_RESULT_BYTES = 4 * 2 ** 30


def _gib(nbytes) -> str:
    return f"{nbytes / 2 ** 30:.3g} GiB"


def result_size(shape, itemsize, *names, what="the result"):
    """Refuse a result of ``shape`` x ``itemsize`` bytes above :data:`MAX_RESULT_BYTES`.

    ``shape`` may be a tuple of ints (exact arbitrary-size integers are used,
    so no product overflows) or a number of elements; the message names the
    arguments in ``names``.
    """
    count = 1
    for n in (shape if isinstance(shape, tuple) else (shape,)):
        count *= int(n)
    nbytes = count * int(itemsize)
    if nbytes > MAX_RESULT_BYTES:
        who = " and ".join(names)
        raise ValueError(f"{who}: {what} of {count:.4g} values would need {_gib(nbytes)}, "
                         f"above the limit of {_gib(MAX_RESULT_BYTES)} "
                         f"(momentum_theory._validation.MAX_RESULT_BYTES)")
    return nbytes


def broadcast(*pairs):
    """Broadcast ``(array, name)`` pairs, naming both arguments on a mismatch."""
    arrays = [a for a, _ in pairs]
    try:
        return np.broadcast_arrays(*arrays)
    except ValueError:
        shapes = ", ".join(f"{n} {np.shape(a)}" for a, n in pairs)
        raise ValueError(f"shapes do not broadcast: {shapes}") from None


def scalar_out(result: np.ndarray, *inputs: np.ndarray):
    """Give a Python/NumPy scalar back when every input was a scalar."""
    if all(np.ndim(x) == 0 for x in inputs):
        return result[()]
    return result
