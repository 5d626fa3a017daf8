"""Telling the coordinator, as a mission opens, that its file was damaged outside the program.

A file changed by hand in a database browser or cut by a broken copy may hold what the
program cannot read. Opening it says so at once, naming the damage and the way to the
full list (`coordinator check`), instead of leaving the coordinator to meet it page by
page. The mission stays open: what is intact can still be read and copied out.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from coordinator.db.integrity import damage_on_opening
from coordinator.db.missionfile import MissionFile
from coordinator.ui import messages

SHOWN = 5  # problems listed in the message; `check` lists them all


def damage_message(mission_file: MissionFile) -> str | None:
    """What to tell the coordinator about the file's damage; None when none was found."""
    found = damage_on_opening(mission_file.engine)
    if not found:
        return None
    listed = "\n".join(f"• {problem}" for problem in found[:SHOWN])
    more = f"\n… and {len(found) - SHOWN} more." if len(found) > SHOWN else ""
    return (
        f"{mission_file.name} is damaged: it was changed outside Mission Coordinator.\n\n"
        f"{listed}{more}\n\n"
        "What is intact can be read, but a page showing a damaged record may not open. "
        f"`coordinator check {mission_file.path}` lists everything damaged. Open your most "
        "recent copy or backup with File > Open…."
    )


def tell_damage(parent: QWidget | None, mission_file: MissionFile) -> bool:
    """Show what is damaged in the file just opened; True when something was."""
    message = damage_message(mission_file)
    if message is not None:
        messages.show_error(parent, "The mission file is damaged", message)
    return message is not None
