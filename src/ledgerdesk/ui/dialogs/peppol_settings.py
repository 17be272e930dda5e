"""The Peppol access point window: provider, environment or address, API key (into the keyring), checked on saving."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import DomainError
from ...peppol import PROVIDERS, AccessPointSettings, settings_for
from ...services import peppol_setup
from ..context import AppContext

ENVIRONMENTS = ("production", "test", "custom")


class PeppolSettingsDialog(QDialog):
    """Saving asks the provider who the key belongs to (off the UI thread), then stores it; a refusal stays
    in the window in the provider's words."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        tr = ctx.tr
        self.setWindowTitle(tr("Peppol access point"))
        self.provider = QComboBox()
        for provider in PROVIDERS.values():
            self.provider.addItem(provider.title, provider.name)
        self.environment = QComboBox()
        for name, label in zip(ENVIRONMENTS, (tr("Production"), tr("Test"), tr("Another address")), strict=True):
            self.environment.addItem(label, name)
        self.address = QLineEdit()
        self.api_key = QLineEdit()
        self.api_key.setEchoMode(QLineEdit.EchoMode.Password)
        self.company = QLineEdit()
        self.company.setPlaceholderText(tr("found by your VAT number"))
        self.company_label = QLabel(tr("Company id"))
        form = QFormLayout()
        form.addRow(tr("Provider"), self.provider)
        form.addRow(tr("Environment"), self.environment)
        form.addRow(tr("Address"), self.address)
        form.addRow(tr("API key"), self.api_key)
        form.addRow(self.company_label, self.company)
        note = QLabel(
            tr(
                "The API key is kept in this computer's keyring, never in the book. "
                "Saving checks it with the access point first."
            )
        )
        note.setWordWrap(True)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.check_and_save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        for widget in (note, self.status, self.buttons):
            layout.addWidget(widget)
        current = ctx.read(peppol_setup.access_point_settings)
        self._load(current)
        self.provider.currentIndexChanged.connect(self._follow)
        self.environment.currentIndexChanged.connect(self._follow)
        self.resize(520, 0)

    def _load(self, current: AccessPointSettings | None) -> None:
        if current is not None:
            self.provider.setCurrentIndex(self.provider.findData(current.provider))
            self.environment.setCurrentIndex(self.environment.findData(current.environment))
            self.address.setText(current.base_url)
            self.company.setText(current.company_id)
            self.status.setText(self.ctx.tr("Set up: {provider}.", provider=current.title))
        self._follow()

    def _follow(self) -> None:
        """The address follows the provider and environment unless the user types another one."""
        provider = PROVIDERS[str(self.provider.currentData())]
        environment = str(self.environment.currentData())
        custom = environment == "custom"
        self.address.setReadOnly(not custom)
        if not custom:
            self.address.setText(provider.test if environment == "test" else provider.production)
        recommand = provider.name == "recommand"
        self.company.setVisible(recommand)
        self.company_label.setVisible(recommand)
        self.api_key.setPlaceholderText("key:secret" if recommand else "")

    def chosen(self) -> AccessPointSettings:
        environment = str(self.environment.currentData())
        return settings_for(
            str(self.provider.currentData()),
            test=environment == "test",
            base_url=self.address.text() if environment == "custom" else None,
            company_id=self.company.text(),
        )

    def check_and_save(self) -> None:
        try:
            settings = self.chosen()
        except DomainError as exc:
            self.status.setText(self.ctx.say(exc))
            return
        key = self.api_key.text()
        vat = self.ctx.read(peppol_setup.own_vat)
        self.buttons.setEnabled(False)
        self.status.setText(self.ctx.tr("Asking {provider}…", provider=settings.title))
        self.ctx.run_async(
            lambda: peppol_setup.check_access_point(settings, key, vat),
            done=lambda checked: self._save(checked, key),
            failed=self._refused,
            owner=self,
        )

    def _refused(self, exc: Exception) -> None:
        self.buttons.setEnabled(True)
        if not isinstance(exc, DomainError):
            raise exc
        self.status.setText(self.ctx.say(exc))

    def _save(self, checked: peppol_setup.Checked, key: str) -> None:
        self.buttons.setEnabled(True)
        try:
            self.ctx.write(peppol_setup.save_access_point, checked.settings, key)
        except DomainError as exc:
            self.status.setText(self.ctx.say(exc))
            return
        self.api_key.clear()
        self.company.setText(checked.settings.company_id)
        self.status.setText(
            self.ctx.tr(
                "Set up: {provider}, for {account}.", provider=checked.settings.title, account=checked.account_name
            )
        )
        self.accept()
