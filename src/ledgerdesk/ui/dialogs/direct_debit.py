"""Invoices ▸ Direct debit…: the creditor setup, and the collection file for the bank with what goes in it.

One service call per action: `direct_debit.save_creditor` for the setup, `direct_debit_collect.candidates`
to show what a date would collect, `direct_debit_collect.collect` to write the file(s) and record the
collections (the files are written inside that transaction: if they cannot be, nothing is recorded).
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...atomic import write_atomic
from ...domain.direct_debit import PAIN_VERSIONS, next_settlement_day
from ...services import direct_debit, direct_debit_collect
from ..context import AppContext
from ..models.rows import Column, RowTableModel
from ..widgets.feedback import attempt, show_error
from ..widgets.fit import fit_to_screen


def _qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def _date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class DirectDebitDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        tr = ctx.tr
        self.setWindowTitle(tr("Direct debit"))
        fit_to_screen(self, 760, 620)
        # --- the creditor setup
        setup_box = QGroupBox(tr("Your creditor agreement with the bank"))
        self.creditor_id = QLineEdit()
        self.creditor_id.setPlaceholderText("BE81 ZZZ 0123456749")
        self.iban = QLineEdit()
        self.bic = QLineEdit()
        self.core = QCheckBox(tr("Core (consumers and businesses)"))
        self.b2b = QCheckBox(tr("B2B (businesses only)"))
        self.version = QComboBox()
        for version in PAIN_VERSIONS:
            self.version.addItem(version, version)
        self.pre_notification = QSpinBox(minimum=1, maximum=60)
        self.pre_notification.setSuffix(" " + tr("days"))
        self.save_button = QPushButton(tr("Save setup"))
        self.save_button.clicked.connect(self.save_setup)
        schemes = QHBoxLayout()
        schemes.addWidget(self.core)
        schemes.addWidget(self.b2b)
        schemes.addStretch(1)
        form = QFormLayout(setup_box)
        form.addRow(tr("Creditor identifier"), self.creditor_id)
        form.addRow(tr("Account credited") + " (IBAN)", self.iban)
        form.addRow("BIC", self.bic)
        form.addRow(tr("Schemes"), schemes)
        form.addRow(tr("File version"), self.version)
        form.addRow(tr("Pre-notification"), self.pre_notification)
        form.addRow("", self.save_button)
        # --- collecting
        collect_box = QGroupBox(tr("Collection file"))
        # two days ahead, on a day the clearing settles (the file's date must be one)
        self.collect_on = QDateEdit(_qdate(next_settlement_day(ctx.today() + timedelta(days=2))))
        self.collect_on.setDisplayFormat("dd/MM/yyyy")  # the Belgian date, as everywhere else
        self.collect_on.setCalendarPopup(True)
        self.collect_on.dateChanged.connect(lambda _d: self.preview())
        self.write_button = QPushButton(tr("Write collection file…"))
        self.write_button.clicked.connect(self.ask_write)
        self.summary = QLabel()
        self.model: RowTableModel[tuple[str, str, str, int]] = RowTableModel(
            [
                Column(tr("Invoice"), lambda r: r[0]),
                Column(tr("Customer"), lambda r: r[1]),
                Column(tr("Sequence"), lambda r: r[2]),
                Column(tr("Amount"), lambda r: ctx.money(r[3]), lambda r: r[3], True),
            ],
            parent=self,
        )
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(tr("Collect on")))
        bar.addWidget(self.collect_on)
        bar.addStretch(1)
        bar.addWidget(self.write_button)
        inner = QVBoxLayout(collect_box)
        inner.addLayout(bar)
        inner.addWidget(self.view, 1)
        inner.addWidget(self.summary)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(setup_box)
        layout.addWidget(collect_box, 1)
        layout.addWidget(close)
        self.load_setup()
        self.preview()

    def load_setup(self) -> None:
        setup = self.ctx.read(direct_debit.get_creditor)
        self.core.setChecked(setup.core if setup else True)
        self.b2b.setChecked(setup.b2b if setup else False)
        self.pre_notification.setValue(setup.pre_notification_days if setup else 14)
        if setup is not None:
            self.creditor_id.setText(setup.creditor_id)
            self.iban.setText(setup.iban)
            self.bic.setText(setup.bic or "")
            self.version.setCurrentIndex(max(0, self.version.findData(setup.pain_version)))

    def setup_data(self) -> direct_debit.CreditorSetup:
        return direct_debit.CreditorSetup(
            creditor_id=self.creditor_id.text(),
            iban=self.iban.text(),
            bic=self.bic.text() or None,
            core=self.core.isChecked(),
            b2b=self.b2b.isChecked(),
            pain_version=self.version.currentData(),
            pre_notification_days=self.pre_notification.value(),
        )

    def save_setup(self) -> direct_debit.CreditorSetup | None:
        saved = attempt(self, self.ctx, direct_debit.save_creditor, self.setup_data())
        if saved is not None:
            self.load_setup()
            self.preview()
        return saved

    def preview(self) -> None:
        """What the date would collect, and what it leaves out and why."""
        tr = self.ctx.tr
        collect_on = _date(self.collect_on.date())

        def query(session):  # type: ignore[no-untyped-def]
            if direct_debit.get_creditor(session) is None:
                return None
            chosen, skipped = direct_debit_collect.candidates(session, collect_on)
            rows = []
            for invoice, mandate, cents in chosen:
                sequence = "OOFF" if not mandate.recurrent else ("RCUR" if mandate.next_sequence == "RCUR" else "FRST")
                rows.append((invoice.number or "", invoice.customer.name, f"{mandate.scheme} {sequence}", cents))
            return rows, skipped

        found = self.ctx.read(query)
        if found is None:
            self.model.set_rows([])
            self.summary.setText(tr("Set up your creditor identifier above first."))
            self.write_button.setEnabled(False)
            return
        rows, skipped = found
        self.model.set_rows(rows)
        self.write_button.setEnabled(bool(rows))
        text = tr("{count} invoices, {amount}", count=len(rows), amount=self.ctx.money(sum(r[3] for r in rows)))
        for item in skipped:
            text += "\n" + tr(
                "Not collected: {number} ({customer}): {reason}",
                number=item.number,
                customer=item.customer,
                reason=self.ctx.say(item.reason, alone=False),
            )
        self.summary.setText(text)

    def write_to(self, path: Path) -> direct_debit_collect.CollectionResult | None:
        """Write the file(s) for the chosen date and record the collections (one transaction)."""
        written: list[Path] = []

        def write(files: dict[str, bytes]) -> None:
            names = direct_debit_collect.file_names(str(path), sorted(files))
            for scheme, data in sorted(files.items()):
                target = Path(names[scheme])
                write_atomic(target, data)
                written.append(target)

        try:
            result = self.ctx.write(
                direct_debit_collect.collect, _date(self.collect_on.date()), today=self.ctx.today(), write=write
            )
        except Exception as exc:
            for target in written:  # nothing was recorded: no file may say otherwise
                target.unlink(missing_ok=True)
            show_error(self, self.ctx, exc)
            return None
        self.written = written
        self.preview()
        self.summary.setText(
            self.ctx.tr("Written: {files}", files=", ".join(str(p) for p in written)) + "\n" + self.summary.text()
        )
        return result

    def ask_write(self) -> None:
        default = f"direct-debit-{_date(self.collect_on.date()).isoformat()}.xml"
        name, _filter = QFileDialog.getSaveFileName(self, self.ctx.tr("Collection file"), default, "XML (*.xml)")
        if name:
            self.write_to(Path(name))
