"""`intervat-schemas install --from DIR_OR_ZIP`: the official Intervat XML schemas, installed once and pinned;
`intervat-schemas status` says whether Intervat files are checked against them."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "intervat-schemas",
        help="install the official Intervat XML schemas of the FPS Finance (once), or show whether they are used",
    )
    schemas = p.add_subparsers(dest="schemas_command", required=True, metavar="install|status")
    q = schemas.add_parser(
        "install", help="take the schemas from a folder or zip you downloaded; each file's SHA-256 is checked"
    )
    q.add_argument(
        "--from",
        dest="source",
        type=Path,
        required=True,
        metavar="DIR_OR_ZIP",
        help="a folder or zip holding NewTVA-in_v0_9.xsd, NewICO-in_v0_9.xsd, NewLK-in_v0_9.xsd and what they import",
    )
    q.set_defaults(func=cmd_install)
    q = schemas.add_parser("status", help="say whether Intervat files are checked against the official schemas")
    q.set_defaults(func=cmd_status)


def _status_line() -> str:
    from ..i18n.user import cli_tr
    from ..intervat import schemas

    tr = cli_tr()
    folder = schemas.installed()
    if folder is None:
        return tr(
            "Intervat schemas: not installed; files are written unchecked. Install them once with `{command}`",
            command=schemas.INSTALL_HINT,
        )
    return tr("Intervat schemas: the official v0.9 schemas, in {folder}", folder=str(folder))


def cmd_install(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from ..i18n.user import cli_tr
    from ..intervat import schemas

    try:
        schemas.install(args.source)
    except schemas.SchemasRefused as exc:
        ctx.err.write(
            "ledgerdesk: " + cli_tr()("{reason}; nothing was installed", reason=exc.translated(cli_tr())) + "\n"
        )
        return 1
    ctx.out.write(_status_line() + "\n")
    return 0


def cmd_status(args, ctx) -> int:  # type: ignore[no-untyped-def]
    ctx.out.write(_status_line() + "\n")
    return 0
