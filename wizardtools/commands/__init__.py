"""Sub-commands of ``python -m wizard``.

Each module here defines ``register(subparsers)``, which adds its own
sub-parser and sets ``func`` to a callable taking the parsed arguments and
returning the exit status. :mod:`wizardtools.cli` discovers them in name order.
"""
