"""Keyguide's troubleshooting wizard: the runtime the browser runs.

Pure Python, standard library only; Pyodide runs it in a Web Worker, CPython
in the tests and the command line. Every decision the wizard makes is here:

- :mod:`wizard.api`       the typed message dispatcher the Web Worker calls
- :mod:`wizard.vendor`    the vendor configuration (``vendor.yml``) as data
- :mod:`wizard.codes`     license-code formats: compact, validate, format, generate
- :mod:`wizard.checks`    the live checks of flow steps: id, statuses, handler
- :mod:`wizard.diagnose`  what is wrong with a typed code, where, and the fix
- :mod:`wizard.cards`     payment-card numbers found and masked in free text
- :mod:`wizard.timing`    processing-time estimates, support hours, clocks
- :mod:`wizard.compose`   the support message composer
- :mod:`wizard.routing`   who handles which problem (vendor or reseller)
- :mod:`wizard.channels`  support channels for the reader's language
- :mod:`wizard.reference` the reference line that says where a message came from

The flows' model and lint, the vendor check and the command line are tooling
(:mod:`wizardtools`); the static pages are built by :mod:`sitebuild`.
``python -m wizard`` runs the command line from a checkout (``__main__`` is not
shipped in the wheel).
"""

__version__ = "0.1.0"
