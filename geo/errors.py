"""The project's exceptions. Messages say what was expected, what came and what to do."""

from __future__ import annotations


class ShieldmapError(Exception):
    """Base class: the CLI prints the message as one line and exits 1."""


class BoundaryError(ShieldmapError, ValueError):
    """A boundary file cannot be read or lacks what the tool needs."""


class SeedError(ShieldmapError, ValueError):
    """One or more seed files are invalid. ``problems`` lists every one found."""

    subject = "seeds"

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in {self.subject}"
        super().__init__(f"{head}: " + "; ".join(self.problems))

    def __reduce__(self) -> tuple[type[SeedError], tuple[list[str]]]:
        # rebuilt from its problems, not its message: a build's worker process hands its
        # errors to the parent by pickling them
        return (type(self), (self.problems,))


class AnnotationError(SeedError):
    """A user annotations file is invalid."""

    subject = "annotations"


class StoryError(SeedError):
    """A story file is invalid, or does not fit the map asked for."""

    subject = "the story file"


class OutputError(ShieldmapError, OSError):
    """An output cannot be written where it was asked for."""


class MapError(ShieldmapError, ValueError):
    """A map cannot be drawn as asked (unknown preset, language, basemap...)."""


class ConfigError(ShieldmapError, ValueError):
    """A configuration file cannot be read or names an unknown command or option."""
