# Root conftest: doctests in the package and README use the Agg backend and
# the same Hypothesis profile as the test suite.
import matplotlib

matplotlib.use("Agg")
