"""How ``make test`` shares the tests between its workers (pytest-xdist).

``--dist loadfile`` keeps each file on one worker, so that its module
fixtures are made once; but then the heaviest browser file (axe on every
wizard page in three languages) ran alone for minutes at the end while the
other worker sat idle. With this scheduler (conftest's
``pytest_xdist_make_scheduler`` picks it for ``--dist loadfile``):

- a test file still goes to one worker as a whole, except
- a browser file's tests go one by one to whichever worker is free, unless
  the file is in ``KEEP_TOGETHER``: its tests share a costly module fixture
  (a site built for them, a page with Python already loaded).

Work is handed out in collection order, which conftest sorts by folder
(``rank``): unit tests first (they need no site, so they run while the
controller builds it), then browser tests, the files kept whole first (the
biggest pieces early, while there is still small work left to even out the
end), then site tests.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from xdist.scheduler import LoadScopeScheduling

# Browser files whose tests share a module fixture too costly to make twice.
KEEP_TOGETHER = frozenset({
    "test_deploy_hostile.py",  # builds a site from hostile vendor values
    "test_second_vendor.py",  # builds the site for another vendor
    "test_wizard_live.py",  # wizard pages with Pyodide loaded, shared
    "test_privacy_browser.py",  # a wizard page with Pyodide loaded, shared
})

# The order in which the folders are handed out.
FOLDER_ORDER = ("unit", "browser", "site")


def rank(folder: str, path: str) -> tuple[int, int]:
    """Sort key of a test in ``folder`` (unit, browser, site) from file ``path``.

    >>> sorted(["site/test_links.py", "browser/test_wizard_walk.py", "unit/test_codes.py",
    ...         "browser/test_second_vendor.py"], key=lambda p: rank(*p.split("/")))
    ['unit/test_codes.py', 'browser/test_second_vendor.py', 'browser/test_wizard_walk.py', 'site/test_links.py']
    """
    return FOLDER_ORDER.index(folder), PurePosixPath(path).name not in KEEP_TOGETHER


def work_unit(nodeid: str) -> str:
    """What goes to one worker in one piece: the file, or a single browser test.

    >>> work_unit("tests/unit/test_codes.py::test_dash[en]")
    'tests/unit/test_codes.py'
    >>> work_unit("wizard/codes.py::wizard.codes.check_code")
    'wizard/codes.py'
    >>> work_unit("tests/browser/test_wizard_a11y.py::test_axe[chromium-ru]")
    'tests/browser/test_wizard_a11y.py::test_axe[chromium-ru]'
    >>> work_unit("tests/browser/test_wizard_live.py::test_composer[chromium]")
    'tests/browser/test_wizard_live.py'
    """
    path = PurePosixPath(nodeid.split("::", 1)[0])
    if path.parts[:2] == ("tests", "browser") and path.name not in KEEP_TOGETHER:
        return nodeid
    return str(path)


class FilesAndBrowserTests(LoadScopeScheduling):
    """``loadfile``, but browser tests one by one (see the module's docstring)."""

    def __init__(self, config, log=None) -> None:
        # Keep the collection's order: LoadScopeScheduling would put the
        # files with the most tests first, which are the quick unit files.
        config.option.loadscopereorder = False
        super().__init__(config, log)

    def _split_scope(self, nodeid: str) -> str:
        return work_unit(nodeid)
