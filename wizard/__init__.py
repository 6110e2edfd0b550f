"""Keyguide's troubleshooting wizard.

One pure-Python package, run by CPython (tests, CLI, site build) and by
Pyodide in the browser. It holds every decision the wizard makes:

- :mod:`wizard.codes`   license-code formats and the diagnosis of mangled codes
- :mod:`wizard.timing`  processing-time estimates, support hours, clocks
- :mod:`wizard.compose` the support message composer and its routing
- :mod:`wizardtools.flows`   decision trees: load, validate, walk
- :mod:`sitebuild.render`  static HTML for every step (used by the MkDocs hook)
- :mod:`wizard.checks`  the live checks of flow steps: id, statuses, handler
- :mod:`wizard.api`     the typed message dispatcher the Web Worker calls
"""

__version__ = "0.1.0"
