"""Keyguide's tooling around the wizard: CPython only, never shipped.

The browser runs :mod:`wizard` (the runtime). Everything that reads the
kit's source files on disk lives here and imports the runtime, never the
reverse:

- :mod:`wizardtools.flows`        the flow model: build and walk (no files, no lint)
- :mod:`wizardtools.lintkit`      what every lint shares: line-aware YAML, errors,
  schema errors in words
- :mod:`wizardtools.flowlint`     the flow lint, and ``load_flows`` (lint, then build)
- :mod:`wizardtools.vendor_schema` the vendor configuration check
- :mod:`wizardtools.glossary`     one name per concept in ru and zh
- :mod:`wizardtools.i18n_status`  what is left to translate
- :mod:`wizardtools.report`       the deflection report
- :mod:`wizardtools.cli`          ``python -m wizard …``; its commands in
  :mod:`wizardtools.commands`, their shared options in :mod:`wizardtools.cliargs`
"""
