"""What can go wrong between Python and authsim, one class per thing a caller may handle."""

from __future__ import annotations

from typing import Sequence


class AuthsimError(Exception):
    """Base class of every error this package raises on its own."""


class BinaryNotFoundError(AuthsimError, FileNotFoundError):
    """No `authsim` binary where AUTHSIM_BIN or PATH points."""


class RunFolderError(AuthsimError, ValueError):
    """A folder that is not a finished, whole authsim run folder."""


class RunFailedError(AuthsimError):
    """The binary exited with an error; its exit code, stderr and command line are kept.

    Exit 2 (bad input: a scenario, option or folder authsim refuses) raises the
    subclass `BadInputError`; anything else (an internal error, an interrupt's 130)
    raises this class itself.
    """

    def __init__(self, command: Sequence[str], returncode: int, stderr: str):
        self.command = list(command)
        self.returncode = returncode
        self.stderr = stderr
        message = stderr.strip() or "(nothing on stderr)"
        super().__init__(f"authsim exited with {returncode}: {message}")


class BadInputError(RunFailedError):
    """authsim refused its input (exit 2): the message in `stderr` says what to change."""
