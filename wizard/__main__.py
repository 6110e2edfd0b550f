"""``python -m wizard``: the support agents' command line."""

import sys

from wizardtools.cli import main

sys.exit(main())
