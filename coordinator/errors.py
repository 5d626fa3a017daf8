"""The error every layer raises for something the user can fix.

A `UserError` carries a plain-language message that names what is wrong and what to do;
the window shows it in a dialog, the command line prints it and exits 1. Anything else
that escapes is a bug: it is logged with its traceback and reported as such.
"""


class UserError(Exception):
    """Something the user can understand and act on; never shown with a traceback."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message
