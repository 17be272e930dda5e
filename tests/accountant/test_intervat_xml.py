"""The Intervat XML of the VAT return, the EC sales list and the client listing, checked against the official
schemas of the FPS Finance (installed from this machine's copy; skipped with the reason where there is none)."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from pack_builders import Q4_GRIDS, TODAY, fourth_quarter
from test_client_listing import _with_small_customers
from test_ec_sales_list import _with_services

from ledgerdesk.cli import main
from ledgerdesk.domain.errors import DomainError
from ledgerdesk.domain.period import Period
from ledgerdesk.i18n import gettext
from ledgerdesk.intervat import schemas
from ledgerdesk.intervat.xml_files import (
    Declarant,
    FilingPeriod,
    IntraClient,
    amount,
    ec_sales_list_xml,
    vat_return_xml,
)
from ledgerdesk.persistence.models import Company
from ledgerdesk.services.intervat import (
    IntervatRefused,
    write_client_listing,
    write_ec_sales_list,
    write_vat_return,
)

VAT = "{http://www.minfin.fgov.be/VATConsignment}"
INTRA = "{http://www.minfin.fgov.be/IntraConsignment}"
LISTING = "{http://www.minfin.fgov.be/ClientListingConsignment}"


@pytest.fixture
def intervat_schemas(tmp_path, monkeypatch) -> Path:
    """The official schemas, installed into a folder of this test from the copy installed on this machine."""
    source = Path(os.environ["LEDGERDESK_TEST_INTERVAT_SOURCE"])
    monkeypatch.setenv(schemas.ENV_SCHEMAS_DIR, str(tmp_path / "intervat"))
    try:
        return schemas.install(source)
    except (schemas.SchemasRefused, DomainError, OSError) as exc:
        pytest.skip(f"the official Intervat schemas are not installed on this machine ({exc})")


def _official(kind: schemas.Kind, xml: bytes) -> None:
    """Validated here again, with lxml straight on the installed root schema, not through the writer's check."""
    folder = schemas.installed()
    assert folder is not None
    schema = etree.XMLSchema(etree.parse(str(folder / kind.schema)))
    assert schema.validate(etree.fromstring(xml)), schema.error_log


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return main(list(argv), out=out, err=err), out.getvalue(), err.getvalue()


def test_amounts_are_euro_with_two_decimals_and_a_point():
    assert [amount(c) for c in (0, 5, -1230, 123400, -99)] == ["0.00", "0.05", "-12.30", "1234.00", "-0.99"]


def test_the_quarter_return_holds_the_hand_computed_grids_and_is_valid(book, tmp_path, intervat_schemas):
    fourth_quarter(book, tmp_path)
    target = tmp_path / "q4.xml"
    with book.db.reading() as s:
        written = write_vat_return(s, Period.parse("2026-Q4"), target)
    assert written.checked and written.size == len(target.read_bytes())
    xml = target.read_bytes()
    _official(schemas.VAT_RETURN, xml)
    root = etree.fromstring(xml)
    grids = {int(a.get("GridNumber")): a.text for a in root.iter(f"{VAT}Amount")}
    # Q4_GRIDS is hand-computed; 71 = 54 - 64 = 237.00 - 21.00.
    assert grids == {int(g): amount(c) for g, c in {**Q4_GRIDS, "71": 21600}.items()}
    assert root.findtext(f"{VAT}VATDeclaration/{VAT}Period/{VAT}Quarter") == "4"
    assert root.findtext(f"{VAT}VATDeclaration/{VAT}Period/{VAT}Year") == "2026"
    declarant = root.find(f"{VAT}VATDeclaration/{VAT}Declarant")
    assert [(e.tag.split("}")[1], e.text) for e in declarant] == [
        ("VATNumber", "0403170701"),
        ("Name", "Atelier Janssens"),
        ("Street", "Kerkstraat 1"),
        ("PostCode", "9000"),
        ("City", "Gent"),
        ("CountryCode", "BE"),
        ("EmailAddress", "info@janssens.be"),
    ]
    ask = root.find(f"{VAT}VATDeclaration/{VAT}Ask")
    assert (ask.get("Restitution"), ask.get("Payment")) == ("NO", "NO")
    # The last return of the year says whether the year's client listing is nil: it is not (Bakkerij Peeters).
    assert root.findtext(f"{VAT}VATDeclaration/{VAT}ClientListingNihil") == "NO"


def test_a_refund_is_asked_unless_carried_over_and_a_nil_return_says_zero(intervat_schemas):
    declarant = Declarant("0403170701")
    refund = vat_return_xml(
        declarant, FilingPeriod(2026, month=2), {"59": 4200, "72": 4200}, restitution=True, payment=False
    )
    _official(schemas.VAT_RETURN, refund)
    assert b'Restitution="YES"' in refund and b'GridNumber="71"' not in refund
    nil = vat_return_xml(declarant, FilingPeriod(2026, quarter=1), {}, restitution=False, payment=True)
    _official(schemas.VAT_RETURN, nil)
    assert b'<Amount GridNumber="71">0.00</Amount>' in nil and b'Payment="YES"' in nil
    with pytest.raises(ValueError, match="cannot be negative"):
        vat_return_xml(declarant, FilingPeriod(2026, month=2), {"54": -1}, restitution=False, payment=False)


def test_the_ec_sales_list_is_valid_with_its_codes_and_sum(book, tmp_path, intervat_schemas):
    _with_services(book, tmp_path)
    target = tmp_path / "ec.xml"
    with book.db.reading() as s:
        assert write_ec_sales_list(s, Period.parse("2026-Q4"), target).checked
    xml = target.read_bytes()
    _official(schemas.EC_SALES_LIST, xml)
    root = etree.fromstring(xml)
    listing = root.find(f"{INTRA}IntraListing")
    assert (listing.get("ClientsNbr"), listing.get("AmountSum")) == ("3", "3150.00")
    assert [
        (
            c.find(f"{INTRA}CompanyVATNumber").get("issuedBy"),
            c.findtext(f"{INTRA}CompanyVATNumber"),
            c.findtext(f"{INTRA}Code"),
            c.findtext(f"{INTRA}Amount"),
        )
        for c in listing.iter(f"{INTRA}IntraClient")
    ] == [
        ("FR", "40303265045", "L", "2000.00"),
        ("FR", "40303265045", "S", "400.00"),
        ("NL", "004495445B01", "S", "750.00"),
    ]
    # Greece is EL, a correction below zero is a signed amount: both as the schema has them.
    greek = ec_sales_list_xml(
        Declarant("0403170701"), FilingPeriod(2026, month=9), [IntraClient("EL", "094259216", "S", -1500)]
    )
    _official(schemas.EC_SALES_LIST, greek)
    with pytest.raises(IntervatRefused, match="empty"), book.db.reading() as s:
        write_ec_sales_list(s, Period.parse("2026-Q2"), tmp_path / "empty.xml")
    assert not (tmp_path / "empty.xml").exists()


def test_the_client_listing_is_valid_with_its_sums(book, tmp_path, intervat_schemas):
    _with_small_customers(book, tmp_path)
    target = tmp_path / "listing.xml"
    with book.db.reading() as s:
        write_client_listing(s, 2026, target)
    xml = target.read_bytes()
    _official(schemas.CLIENT_LISTING, xml)
    listing = etree.fromstring(xml).find(f"{LISTING}ClientListing")
    # Hand-computed in test_client_listing: 2250.00 (VAT 279.00) and 250.01 (VAT 15.00).
    assert (listing.get("ClientsNbr"), listing.get("TurnOverSum"), listing.get("VATAmountSum")) == (
        "2",
        "2500.01",
        "294.00",
    )
    assert listing.findtext(f"{LISTING}Period") == "2026"
    assert [c.findtext(f"{LISTING}CompanyVATNumber") for c in listing.iter(f"{LISTING}Client")] == [
        "0202239951",
        "0417497106",
    ]
    with book.db.reading() as s:  # a year without customers is a nil listing, valid too
        write_client_listing(s, 2024, tmp_path / "nil.xml")
    _official(schemas.CLIENT_LISTING, (tmp_path / "nil.xml").read_bytes())


def test_a_file_the_schema_refuses_is_not_written_and_the_schema_says_why(book, tmp_path, intervat_schemas):
    fourth_quarter(book, tmp_path)
    with book.db.transaction() as s:
        s.get(Company, 1).email = "info@janssens"  # no domain: the schema's e-mail pattern refuses it
    target = tmp_path / "q4.xml"
    with pytest.raises(IntervatRefused) as refused, book.db.reading() as s:
        write_vat_return(s, Period.parse("2026-Q4"), target)
    assert "does not match the official Intervat schema" in str(refused.value)
    assert "EmailAddress" in str(refused.value) and not target.exists()
    fr = refused.value.translated(gettext("fr"))
    assert fr.startswith("le fichier XML de la déclaration TVA ne respecte pas le schéma officiel d’Intervat")


def test_without_the_schemas_the_file_is_written_and_says_it_was_not_checked(book, tmp_path):
    assert schemas.installed() is None  # the tests' default: none installed
    fourth_quarter(book, tmp_path)
    data_dir = str(book.paths.folder)
    book.close()
    target = tmp_path / "q4.xml"
    code, out, err = run("--data-dir", data_dir, "vat-return", "--period", "2026-Q4", "--xml", str(target))
    assert code == 0 and target.is_file() and "VAT return 2026-Q4" in out
    assert "not checked against the official Intervat schema" in err
    assert "ledgerdesk intervat-schemas install --from DIR_OR_ZIP" in err


@pytest.mark.parametrize(
    ("language", "checked"),
    [("nl", "geldig volgens het officiële Intervat-schema"), ("fr", "valide selon le schéma officiel d’Intervat")],
)
def test_the_commands_write_xml_in_the_users_language(book, tmp_path, intervat_schemas, monkeypatch, language, checked):
    _with_services(book, tmp_path)
    data_dir = str(book.paths.folder)
    book.close()
    monkeypatch.setenv("LEDGERDESK_LANG", language)
    for command in (
        ("vat-return", "--period", "2026-Q4", "--xml", str(tmp_path / "vat.xml")),
        ("ec-sales-list", "--period", "2026-Q4", "-o", str(tmp_path / "ec.xml")),
        ("client-listing", "--year", "2026", "-o", str(tmp_path / "lk.xml")),
    ):
        code, out, err = run("--data-dir", data_dir, *command)
        assert code == 0, err
        assert checked in err, err
    _official(schemas.VAT_RETURN, (tmp_path / "vat.xml").read_bytes())
    _official(schemas.EC_SALES_LIST, (tmp_path / "ec.xml").read_bytes())
    _official(schemas.CLIENT_LISTING, (tmp_path / "lk.xml").read_bytes())


def _zip_of(folder: Path, target: Path, change: str | None = None) -> Path:
    with zipfile.ZipFile(target, "w") as archive:
        for name in schemas.PINNED:
            data = (folder / name).read_bytes()
            archive.writestr(f"intervat/{name}", data + (b" " if name == change else b""))
    return target


def test_the_install_command_refuses_a_tampered_file_and_writes_nothing(tmp_path, intervat_schemas, monkeypatch):
    source = tmp_path / "source"
    source.mkdir()
    for name in schemas.PINNED:
        (source / name).write_bytes((intervat_schemas / name).read_bytes())
    monkeypatch.setenv(schemas.ENV_SCHEMAS_DIR, str(tmp_path / "fresh"))
    tampered = _zip_of(source, tmp_path / "tampered.zip", change="NewLK-in_v0_9.xsd")
    code, out, err = run("intervat-schemas", "install", "--from", str(tampered))
    assert code == 1 and "NewLK-in_v0_9.xsd is not the published Intervat schema" in err
    assert "nothing was installed" in err and not (tmp_path / "fresh").exists()
    (source / "isotypes_v1.xsd").unlink()
    code, out, err = run("intervat-schemas", "install", "--from", str(source))
    assert code == 1 and "does not hold isotypes_v1.xsd" in err and not (tmp_path / "fresh").exists()
    code, out, err = run("intervat-schemas", "status")
    assert "not installed" in out
    code, out, err = run("intervat-schemas", "install", "--from", str(_zip_of(intervat_schemas, tmp_path / "ok.zip")))
    assert code == 0 and str(tmp_path / "fresh") in out
    assert schemas.installed() == tmp_path / "fresh"
    monkeypatch.setenv("LEDGERDESK_LANG", "nl")
    code, out, err = run("intervat-schemas", "install", "--from", str(tampered))
    assert code == 1 and "is niet het gepubliceerde Intervat-schema" in err and "er werd niets geïnstalleerd" in err


def test_the_windows_save_intervat_xml(qtbot, book, tmp_path, intervat_schemas, artifacts_dir):
    from ledgerdesk.ui.context import AppContext
    from ledgerdesk.ui.dialogs.client_listing import ClientListingDialog
    from ledgerdesk.ui.dialogs.ec_sales_list import EcSalesListDialog
    from ledgerdesk.ui.dialogs.vat_return import VatReturnDialog

    _with_services(book, tmp_path)
    shots = artifacts_dir / "intervat"
    shots.mkdir(exist_ok=True)
    for language, saved in (("nl", "geldig volgens het officiële Intervat-schema"), ("fr", "valide selon le schéma")):
        ctx = AppContext(book, language=language, today=lambda: TODAY)
        for make, name in (
            (VatReturnDialog, "vat-return"),
            (EcSalesListDialog, "ec-sales-list"),
            (ClientListingDialog, "client-listing"),
        ):
            target = tmp_path / f"{name}-{language}"
            dialog = make(ctx, ask=lambda *a, t=target: (str(t), ""))
            qtbot.addWidget(dialog)
            dialog.ask_and_save_xml()
            assert target.with_suffix(".xml").is_file(), dialog.status.text()
            assert saved in dialog.status.text()
            dialog.grab().save(str(shots / f"{name}-{language}.png"))
    assert "Intervat" in dialog.save_xml.text()
