"""The language the command line speaks to its user: $LEDGERDESK_LANG, else the locale, else English.

The app keeps its language in the user's preferences (Qt settings); the command line must start without
Qt, so it reads the environment the way gettext does (LC_ALL, LC_MESSAGES, LANG), e.g. `nl_BE.UTF-8`."""

from __future__ import annotations

import os
from collections.abc import Callable

from . import LANGUAGES, gettext

ENV_LANGUAGE = "LEDGERDESK_LANG"


def cli_language(environ: dict[str, str] | None = None) -> str:
    env = os.environ if environ is None else environ
    for name in (ENV_LANGUAGE, "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if value:
            code = value.split("_")[0].split(".")[0].lower()
            # The first variable set decides, as in gettext; C, POSIX or another language means English.
            return code if code in LANGUAGES else "en"
    return "en"


def cli_tr() -> Callable[..., str]:
    return gettext(cli_language())
