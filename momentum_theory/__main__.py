"""``python -m momentum_theory`` is the same program as ``momentum-theory``."""
import sys

from momentum_theory.cli import main

sys.exit(main())
