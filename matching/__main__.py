"""`python -m matching solve|validate|generate`."""

import sys

from .cli import main

sys.exit(main())
