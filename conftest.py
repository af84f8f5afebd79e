# Root conftest: doctests in the package, README and docs use the Agg backend,
# and every value a doctest displays is checked to be a plain Python value.
#
# Why: NumPy 2 prints scalars as ``np.float64(0.5)`` / ``np.True_`` while
# NumPy 1.x prints ``0.5`` / ``True``, and ``max(float, np.float64)`` returns
# whichever argument is larger, so the type (and hence the printed text) of a
# result can depend on rounding that differs between machines. A doctest that
# passes on one machine then fails on another. Checking the *type* of every
# displayed value catches this on any NumPy version, before a user sees it.
import sys

import matplotlib
import pytest

matplotlib.use("Agg")


def _unplain(value, depth=0):
    """Return a description of the first value inside ``value`` whose printed
    form depends on the NumPy version or on hash order, else None."""
    np = sys.modules.get("numpy")
    if np is not None and isinstance(value, np.generic):
        return f"NumPy scalar {type(value).__name__} ({value!r})"
    if isinstance(value, (set, frozenset)) and len(value) > 1:
        return "a set (its printed order depends on hashing)"
    if depth < 6:
        if isinstance(value, dict):
            items = list(value.keys()) + list(value.values())
        elif isinstance(value, (tuple, list)):
            items = value
        else:
            items = ()
        for item in items:
            found = _unplain(item, depth + 1)
            if found:
                return found
    return None


def _checking_displayhook(value):
    found = _unplain(value)
    if found:
        raise AssertionError(f"doctest displays {found}; print a plain Python value "
                             "(float(), bool(), int(), .tolist()) instead")
    _plain_displayhook(value)


_plain_displayhook = sys.__displayhook__


@pytest.fixture(autouse=True)
def _plain_doctest_values(request):
    # doctest.DocTestRunner.run installs sys.__displayhook__ for each test,
    # so the check goes there, only while a doctest item runs.
    from _pytest.doctest import DoctestItem

    if not isinstance(request.node, DoctestItem):
        yield
        return
    sys.__displayhook__ = _checking_displayhook
    try:
        yield
    finally:
        sys.__displayhook__ = _plain_displayhook
        # Plot examples draw without ax= and leave pyplot figures open.
        if "matplotlib.pyplot" in sys.modules:
            sys.modules["matplotlib.pyplot"].close("all")
