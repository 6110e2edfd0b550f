"""``python -m wizard``: the support agents' command line."""

import sys

from wizard.cli import main

sys.exit(main())
