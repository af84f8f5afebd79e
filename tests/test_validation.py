"""The shared argument checks behave the same for every caller."""
import numpy as np
import pytest

from momentum_theory import _validation as v


@pytest.mark.parametrize("bad", ["1.0", b"1", None, [1, "a"], {"a": 1}, 1j, True, np.array([True])])
def test_real_array_refuses_non_real_kinds(bad):
    with pytest.raises(TypeError, match="speed"):
        v.real_array(bad, "speed")


@pytest.mark.parametrize("bad", [np.nan, -np.inf, [1.0, np.nan]])
def test_real_array_refuses_non_finite(bad):
    with pytest.raises(ValueError, match="speed must be finite"):
        v.real_array(bad, "speed")
    assert np.isnan(v.real_array(np.nan, "x", allow_nonfinite=True))


def test_real_scalar_and_count():
    assert v.real_scalar(np.float32(0.5), "a") == 0.5
    with pytest.raises(ValueError, match="a must be a scalar"):
        v.real_scalar(np.array([1.0, 2.0]), "a")
    assert v.count(np.int64(3), "steps") == 3
    with pytest.raises(ValueError, match="steps must be >= 0"):
        v.count(-1, "steps")
    with pytest.raises(TypeError, match="steps must be an integer"):
        v.count(2.0, "steps")


def test_momentum_beta_interval_and_broadcast_message():
    with pytest.raises(ValueError, match=r"beta must lie in the open interval \(-1, 1\)"):
        v.momentum_beta([0.5, -1.0])
    with pytest.raises(ValueError, match="a \\(2,\\), b \\(3,\\)"):
        v.broadcast((np.zeros(2), "a"), (np.zeros(3), "b"))


def test_result_size_refuses_above_the_limit_naming_the_arguments():
    from momentum_theory import _validation as v
    assert v.result_size((1000, 1000), 8, "eta_lambda", "beta") == 8_000_000
    with pytest.raises(ValueError, match=r"eta_lambda and beta: a rate map of 1e\+10 values would need 74\.5 GiB"):
        v.result_size((10 ** 5, 10 ** 5), 8, "eta_lambda", "beta", what="a rate map")
    # Shapes whose product overflows int64 are still measured exactly.
    with pytest.raises(ValueError, match="steps"):
        v.result_size((10 ** 12, 10 ** 12), 8, "steps")
    assert v.result_size(v.MAX_RESULT_BYTES // 8, 8, "n") == v.MAX_RESULT_BYTES
