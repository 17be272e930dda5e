"""The mail settings window: the SMTP server documents are e-mailed through; the password goes to the OS keyring."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import DomainError
from ...services.mail import MailSettings, mail_settings, save_mail_settings, store_password_in_keyring
from ..context import AppContext
from ..widgets.fit import fit_to_screen

SECURITY_CHOICES = (
    ("starttls", "STARTTLS (port 587)"),
    ("tls", "TLS (port 465)"),
    ("none", "None (a server on this computer only)"),
)


class MailSettingsDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        tr = ctx.tr
        self.setWindowTitle(tr("Mail settings"))
        current = ctx.read(mail_settings)
        self.host = QLineEdit(current.host if current else "")
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(current.port if current else 587)
        self.security = QComboBox()
        for value, label in SECURITY_CHOICES:
            self.security.addItem(tr(label), value)
        if current is not None:
            self.security.setCurrentIndex(max(0, self.security.findData(current.security)))
        self.user = QLineEdit(current.user if current else "")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(tr("unchanged") if current else "")
        self.from_address = QLineEdit(current.from_address if current else "")
        self._password_env = current.password_env if current else ""
        form = QFormLayout()
        form.addRow(tr("Server"), self.host)
        form.addRow(tr("Port"), self.port)
        form.addRow(tr("Security"), self.security)
        form.addRow(tr("User"), self.user)
        form.addRow(tr("Password or app password"), self.password)
        form.addRow(tr("Send from"), self.from_address)
        note = QLabel(tr("The password is kept in your computer's keyring, never in the book."))
        note.setWordWrap(True)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        fit_to_screen(self, 520, 360)

    def settings(self) -> MailSettings:
        return MailSettings(
            self.host.text(),
            self.port.value(),
            str(self.security.currentData()),
            self.user.text(),
            self.from_address.text(),
            self._password_env,
        )

    def save(self) -> bool:
        try:
            saved = self.ctx.write(save_mail_settings, self.settings())
            if self.password.text():
                store_password_in_keyring(saved, self.password.text())
        except DomainError as exc:
            self.problem.setText(self.ctx.say(exc))
            return False
        except Exception as exc:  # the keyring refused (locked, no backend): said, nothing half-done hidden
            self.problem.setText(self.ctx.tr("The keyring refused the password: {reason}", reason=str(exc)))
            return False
        self.accept()
        return True
