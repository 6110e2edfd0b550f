"""Where the kit's source files live, named once.

>>> FLOWS_DIR.relative_to(ROOT).as_posix(), DATA_DIR.relative_to(ROOT).as_posix()
('flows', 'wizard/data')
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLOWS_DIR = ROOT / "flows"  # the decision trees writers edit
DATA_DIR = ROOT / "wizard" / "data"  # the wizard's words, in every language
DOCS_DIR = ROOT / "docs"
PYODIDE_DIR = ROOT / "node_modules" / "pyodide"  # the npm package the site ships Pyodide from
