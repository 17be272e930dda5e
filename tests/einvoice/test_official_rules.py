"""Installing OpenPeppol's rules: pinned by SHA-256, from a local HTTP server or a file, all or nothing."""

from __future__ import annotations

import hashlib
import io
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from ledgerdesk.cli import main
from ledgerdesk.einvoice import official_rules, validate
from ledgerdesk.einvoice.official_rules import RuleSet, RulesRefused

# A tiny rule set in the shape of the Peppol one: a fatal assert on the buyer's endpoint scheme.
RULES = b"""<?xml version="1.0" encoding="UTF-8"?>
<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt2">
  <ns prefix="cbc" uri="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"/>
  <ns prefix="cac" uri="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"/>
  <pattern>
    <rule context="cac:AccountingCustomerParty/cac:Party/cbc:EndpointID">
      <assert id="TEST-CL008" flag="fatal" test="@schemeID = ('0208', '9925')">Scheme must be from the list</assert>
    </rule>
  </pattern>
</schema>
"""
INVOICE = b"""<?xml version="1.0" encoding="UTF-8"?>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
  xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
  xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cac:AccountingCustomerParty><cac:Party><cbc:EndpointID schemeID="EM">a@b.be</cbc:EndpointID></cac:Party>
  </cac:AccountingCustomerParty>
</Invoice>
"""


class _Served:
    body = RULES
    status = 200
    hits = 0


@pytest.fixture
def server() -> Iterator[tuple[str, type[_Served]]]:
    served = type("Served", (_Served,), {})

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            served.hits += 1
            self.send_response(served.status)
            self.send_header("Content-Length", str(len(served.body)))
            self.end_headers()
            self.wfile.write(served.body)

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/rules.sch", served
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def pinned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> RuleSet:
    monkeypatch.setenv(official_rules.ENV_RULES_DIR, str(tmp_path / "rules"))
    rules = RuleSet("Test rules", "1.0", "http://127.0.0.1:9/never", hashlib.sha256(RULES).hexdigest(), "T.sch")
    monkeypatch.setattr(official_rules, "PEPPOL_BIS_BILLING", rules)
    validate.forget_installed_rules()
    yield rules
    validate.forget_installed_rules()


def test_nothing_installed_means_a_partial_check_that_says_so(pinned: RuleSet) -> None:
    assert official_rules.installed_xslt() is None
    report = validate.validate(INVOICE)
    assert report.peppol_rules is None
    assert not any(f.rule == "TEST-CL008" for f in report.findings)


def test_install_from_the_server_then_validation_runs_the_official_rules(pinned: RuleSet, server) -> None:
    url, served = server
    official_rules.install(url=url)
    validate.forget_installed_rules()
    report = validate.validate(INVOICE)
    assert report.peppol_rules == "Test rules 1.0"
    assert [(f.rule, f.location) for f in report.findings if f.source == "peppol"] == [
        ("TEST-CL008", "/Invoice/cac:AccountingCustomerParty/cac:Party/cbc:EndpointID")
    ]
    assert served.hits == 1


@pytest.mark.parametrize(
    "body, status, words",
    [
        (RULES + b"<!-- changed -->", 200, "its SHA-256 is"),
        (b"not found", 404, "answered 404"),
    ],
)
def test_a_wrong_answer_installs_nothing(pinned: RuleSet, server, body: bytes, status: int, words: str) -> None:
    url, served = server
    served.body, served.status = body, status
    with pytest.raises(RulesRefused, match=words):
        official_rules.install(url=url)
    assert not (Path(official_rules.rules_dir())).exists() or not any(Path(official_rules.rules_dir()).rglob("*.*"))
    assert official_rules.installed_xslt() is None


def test_an_unreachable_server_is_named(pinned: RuleSet) -> None:
    with pytest.raises(RulesRefused, match="cannot be reached"):
        official_rules.install(url="http://127.0.0.1:9/rules.sch", timeout=2)


def test_a_damaged_install_counts_as_none(pinned: RuleSet, tmp_path: Path) -> None:
    source = tmp_path / "T.sch"
    source.write_bytes(RULES)
    official_rules.install(source=source)
    assert official_rules.installed_xslt() is not None
    installed = next(Path(official_rules.rules_dir()).rglob("T.sch"))
    installed.write_bytes(RULES.replace(b"0208", b"0209"))
    assert official_rules.installed_xslt() is None


def test_the_command_line_installs_and_reports(pinned: RuleSet, server, tmp_path: Path) -> None:
    url, served = server
    out, err = io.StringIO(), io.StringIO()
    assert main(["peppol-rules", "status"], out=out, err=err) == 0
    assert "partial check" in out.getvalue()
    served.body = b"tampered"
    out, err = io.StringIO(), io.StringIO()
    assert main(["peppol-rules", "install", "--url", url], out=out, err=err) == 1
    assert "SHA-256" in err.getvalue() and "nothing was installed" in err.getvalue()
    served.body = RULES
    out, err = io.StringIO(), io.StringIO()
    assert main(["peppol-rules", "install", "--url", url], out=out, err=err) == 0, err.getvalue()
    assert "Test rules 1.0 (official)" in out.getvalue()
    target = tmp_path / "e.xml"
    target.write_bytes(INVOICE)
    out, err = io.StringIO(), io.StringIO()
    assert main(["validate-ubl", str(target)], out=out, err=err) == 1
    assert "TEST-CL008" in out.getvalue() and "Test rules 1.0 (official)" in out.getvalue()


def _real_rules() -> Path | None:
    """The release a developer installed in their own data folder (`ledgerdesk peppol-rules install`)."""
    from platformdirs import user_data_dir

    rules = official_rules.PEPPOL_BIS_BILLING
    path = Path(user_data_dir("LedgerDesk", appauthor=False)) / "rules" / f"peppol-bis-billing-{rules.version}"
    source = path / rules.file_name
    return source if source.is_file() else None


@pytest.mark.skipif(_real_rules() is None, reason="the official Peppol rules are not installed on this machine")
def test_the_official_release_rejects_an_e_mail_endpoint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = _real_rules()
    assert source is not None
    monkeypatch.setenv(official_rules.ENV_RULES_DIR, str(tmp_path / "rules"))
    validate.forget_installed_rules()
    try:
        official_rules.install(source=source)
        validate.forget_installed_rules()
        report = validate.validate(INVOICE)
        assert report.peppol_rules == "OpenPeppol BIS Billing 3.0 3.0.19"
        assert "PEPPOL-EN16931-CL008" in {f.rule for f in report.findings}
    finally:
        validate.forget_installed_rules()


def test_the_settings_install_the_rules_from_a_file_in_french(qtbot, book, pinned: RuleSet, tmp_path: Path) -> None:
    from ledgerdesk.ui.context import AppContext
    from ledgerdesk.ui.dialogs.settings import SettingsDialog

    wrong, right = tmp_path / "old.sch", tmp_path / "T.sch"
    wrong.write_bytes(RULES + b" ")
    right.write_bytes(RULES)
    chosen = [str(wrong), str(right)]
    dialog = SettingsDialog(AppContext(book, language="fr"), ask_file=lambda *a: chosen.pop(0))
    qtbot.addWidget(dialog)
    assert dialog.rules_state.text().startswith("Non installées")
    dialog.install_rules_from_file()
    qtbot.waitUntil(lambda: dialog.rules_from_file.isEnabled(), timeout=10_000)
    assert "SHA-256" in dialog.rules_state.text() and dialog.rules_state.text().startswith("Non installées")
    dialog.install_rules_from_file()
    qtbot.waitUntil(lambda: dialog.rules_state.text().startswith("Test rules"), timeout=10_000)
    assert dialog.rules_state.text().startswith("Test rules 1.0, officielles"), dialog.rules_state.text()
    assert not dialog.rules_download.isEnabled()
