"""Where the program finds what ships beside its code: fonts, icons, the standard checklist.

The `resources/` folder sits at the root of the checkout, next to the `coordinator`
package, and the program is installed editable (`pip install -e .`), so the folder is
found from this file's own place. Nothing here reads the user's files or the network.
"""

from __future__ import annotations

from pathlib import Path

from coordinator.errors import UserError

RESOURCES = Path(__file__).resolve().parents[1] / "resources"


class MissingResourceError(UserError):
    """A file the program ships with is not where it should be (a broken installation)."""


def resource_path(*parts: str) -> Path:
    """The path of a shipped resource, e.g. `resource_path("checklist", "standard.json")`.

    Raises MissingResourceError, in words a coordinator can act on, when it is not there.
    """
    path = RESOURCES.joinpath(*parts)
    if not path.exists():
        raise MissingResourceError(
            f"The program's file {'/'.join(parts)} is missing (looked in {RESOURCES}). "
            "Reinstall Mission Coordinator."
        )
    return path
