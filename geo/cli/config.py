"""Defaults for command options from a TOML file, so a newsroom writes its settings once.

``shieldmap.toml`` in the current folder is read when present; ``--config FILE`` names another.
One table per command, keys as the long option names::

    [build]
    base-url = "https://example.org/maps/"

    [map]
    base-url = "https://example.org/maps/"
    lang = "pl"

Options given on the command line win over the file.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import click

from geo.errors import ConfigError

DEFAULT_NAME = "shieldmap.toml"


def read_config(path: Path | None, commands: Mapping[str, click.Command]) -> dict[str, Any]:
    """The file's values as click's ``default_map`` (command name -> parameter -> value).

    ``path`` None reads ``shieldmap.toml`` in the current folder if there is one.

    Raises
    ------
    ConfigError
        If the file cannot be read or parsed, or names a command or option that does not exist.
    """
    if path is None:
        path = Path(DEFAULT_NAME)
        if not path.is_file():
            return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        msg = f"expected a configuration file at {path}, found none; check the --config path"
        raise ConfigError(msg) from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        msg = f"expected a TOML configuration file at {path}, could not read it ({exc}); fix it"
        raise ConfigError(msg) from None
    defaults: dict[str, Any] = {}
    for section, values in data.items():
        command = commands.get(section)
        if command is None or not isinstance(values, dict):
            msg = (
                f"expected tables named after commands ({', '.join(sorted(commands))}) in "
                f"{path}, got {section!r}; rename or remove it"
            )
            raise ConfigError(msg)
        options = _options(command)
        chosen: dict[str, Any] = {}
        for key, value in values.items():
            name = options.get(key.lstrip("-").replace("_", "-"))
            if name is None:
                msg = (
                    f"expected options of '{section}' in [{section}] of {path} "
                    f"({', '.join(sorted(options))}), got {key!r}; rename or remove it"
                )
                raise ConfigError(msg)
            chosen[name] = value
        defaults[section] = chosen
    return defaults


def _options(command: click.Command) -> dict[str, str]:
    """Long option names (without dashes) -> parameter names, for options a file may set."""
    out = {}
    for param in command.params:
        if not isinstance(param, click.Option) or param.name is None or param.is_eager:
            continue
        for decl in param.opts:
            if decl.startswith("--"):
                out[decl[2:]] = param.name
    return out
