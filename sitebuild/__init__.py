"""Site-build helpers called from ``hooks.py`` (CPython only, never shipped).

``wizard/`` is what runs in the browser; this package is what the MkDocs
build does around it: vendor variables in Markdown, the generated wizard
pages, and the browser assets (Pyodide core, the wizard wheel, data JSON).
"""
