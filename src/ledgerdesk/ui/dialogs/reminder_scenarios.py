"""Edit a reminder scenario: its levels (days, waiting time, channel, fees, interest) and what it claims.

Saving goes through `dunning_setup.save_scenario`, which refuses a scenario breaking the
Belgian rules; the refusal is shown as one sentence and nothing is saved.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal, InvalidOperation

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...domain.dunning import CHANNELS, Level, Scenario
from ...domain.errors import DomainError
from ...domain.money import to_cents
from ...services import dunning_setup
from ..context import AppContext


class _LevelRow:
    """The editors of one level, on one grid row."""

    def __init__(self, grid: QGridLayout, row: int, level: Level, tr) -> None:  # type: ignore[no-untyped-def]
        self.level = level
        self.enabled = QCheckBox(tr(level.title))
        self.enabled.setChecked(level.enabled)
        self.days = QSpinBox(minimum=-60, maximum=365, value=level.days)
        self.gap = QSpinBox(minimum=0, maximum=365, value=level.min_gap_days)
        self.channel = QComboBox()
        for channel in CHANNELS:
            self.channel.addItem(tr(channel), channel)
        self.channel.setCurrentIndex(CHANNELS.index(level.channel))
        self.fees, self.interest, self.call = QCheckBox(), QCheckBox(), QCheckBox()
        self.fees.setChecked(level.fees)
        self.interest.setChecked(level.interest)
        self.call.setChecked(level.call_task)
        self.pay_within = QSpinBox(minimum=1, maximum=90, value=level.pay_within_days)
        self.texts = QPushButton(tr("Text…"))
        widgets = (
            QLabel(str(level.number)),
            self.enabled,
            self.days,
            self.gap,
            self.channel,
            self.fees,
            self.interest,
            self.call,
            self.pay_within,
            self.texts,
        )
        for column, widget in enumerate(widgets):
            grid.addWidget(widget, row, column)

    def value(self) -> Level:
        return replace(
            self.level,
            enabled=self.enabled.isChecked(),
            days=self.days.value(),
            min_gap_days=self.gap.value(),
            channel=self.channel.currentData(),
            fees=self.fees.isChecked(),
            interest=self.interest.isChecked(),
            call_task=self.call.isChecked(),
            pay_within_days=self.pay_within.value(),
        )


class ScenarioDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        tr = ctx.tr
        self.setWindowTitle(tr("Reminder scenarios"))
        self.known = ctx.read(dunning_setup.scenarios)
        self.choice = QComboBox()
        for code, scenario in self.known.items():
            self.choice.addItem(f"{tr(scenario.name)} ({tr(scenario.kind)})", code)
        self.compensation = QCheckBox(tr("Claim the fixed compensation or damages"))
        self.interest = QCheckBox(tr("Claim late-payment interest"))
        self.rate = QLineEdit()
        self.rate.setPlaceholderText(tr("statutory rate"))
        self.damages = QLineEdit()
        self.damages.setPlaceholderText(tr("legal maximum"))
        options = QFormLayout()
        options.addRow(tr("Scenario"), self.choice)
        options.addRow(self.compensation)
        options.addRow(self.interest)
        options.addRow(tr("Interest rate (%)"), self.rate)
        options.addRow(tr("Damages to a consumer (EUR)"), self.damages)
        settings = ctx.read(dunning_setup.reminder_settings)
        self.bank_age = QSpinBox(minimum=0, maximum=365, value=settings["max_bank_age_days"])
        self.bank_delay = QSpinBox(
            minimum=0, maximum=dunning_setup.MAX_BANK_DELAY_DAYS, value=settings["bank_delay_days"]
        )
        self.new_scenario = QComboBox()
        self.new_scenario.addItem(tr("(none)"), None)
        for code, scenario in self.known.items():
            self.new_scenario.addItem(f"{tr(scenario.name)} ({tr(scenario.kind)})", code)
        self.new_scenario.setCurrentIndex(max(self.new_scenario.findData(settings["new_customer_scenario"]), 0))
        self.new_paid = QSpinBox(minimum=0, maximum=1000, value=settings["new_customer_paid_invoices"])
        run = QFormLayout()
        run.addRow(tr("Hold every reminder when bank statements are older than (days)"), self.bank_age)
        run.addRow(tr("After a letter's pay-by date, wait for the bank (working days)"), self.bank_delay)
        run.addRow(tr("New customers follow"), self.new_scenario)
        run.addRow(tr("…until they have paid this many invoices"), self.new_paid)
        self.run_box = QGroupBox(tr("Run"))
        self.run_box.setLayout(run)
        # The statutory rates are data: the user adds a semester when the FPS Finance publishes it.
        self.rates = QLabel()
        self.rates.setWordWrap(True)
        self.semester = QLineEdit()
        self.semester.setPlaceholderText("2026H2")
        self.new_rate = QLineEdit()
        self.new_rate.setPlaceholderText("10.0")
        self.add_rate_button = QPushButton(tr("Add rate"))
        self.add_rate_button.clicked.connect(self.add_rate)
        add_row = QHBoxLayout()
        for widget in (
            QLabel(tr("Semester")),
            self.semester,
            QLabel(tr("Rate (%)")),
            self.new_rate,
            self.add_rate_button,
        ):
            add_row.addWidget(widget)
        add_row.addStretch(1)
        rates_layout = QVBoxLayout()
        rates_layout.addWidget(self.rates)
        rates_layout.addLayout(add_row)
        self.rates_box = QGroupBox(tr("Late-payment interest rates (business, per semester)"))
        self.rates_box.setLayout(rates_layout)
        self._show_rates()
        self.levels_box = QGroupBox(tr("Levels"))
        self.grid = QGridLayout(self.levels_box)
        self.rows: list[_LevelRow] = []
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(options)
        layout.addWidget(self.levels_box)
        layout.addWidget(self.run_box)
        layout.addWidget(self.rates_box)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.choice.currentIndexChanged.connect(lambda _i: self._load())
        self._load()

    def edit_texts(self, row: _LevelRow) -> None:
        level = self.ask_texts(row.level)
        if level is not None:
            row.level = level  # kept with the other edits until Save

    def ask_texts(self, level: Level) -> Level | None:
        from .reminder_texts import LevelTextsDialog

        dialog = LevelTextsDialog(self.ctx.tr, level, self)
        return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def add_rate(self) -> bool:
        try:
            self.ctx.write(dunning_setup.set_interest_rate, self.semester.text(), self.new_rate.text())
        except DomainError as exc:
            self.error.setText(self.ctx.say(exc))
            return False
        self.semester.clear()
        self.new_rate.clear()
        self._show_rates()
        return True

    def _show_rates(self) -> None:
        rates = self.ctx.read(dunning_setup.rate_table).rates
        self.rates.setText("   ".join(f"{k}: {v} %" for k, v in sorted(rates.items())))

    def scenario(self) -> Scenario:
        return self.known[self.choice.currentData()]

    def _load(self) -> None:
        tr = self.ctx.tr
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.setParent(None)  # gone at once, not at the next event loop turn
        headers = (
            "#",
            tr("Level"),
            tr("Days after due date"),
            tr("Days after previous"),
            tr("Channel"),
            tr("Compensation"),
            tr("Interest"),
            tr("Call task"),
            tr("Days given to pay"),
            tr("Letter text"),
        )
        for column, text in enumerate(headers):
            self.grid.addWidget(QLabel(f"<b>{text}</b>"), 0, column)
        scenario = self.scenario()
        self.rows = [
            _LevelRow(self.grid, n + 1, level, tr)
            for n, level in enumerate(sorted(scenario.levels, key=lambda lv: lv.number))
        ]
        for row in self.rows:
            row.texts.clicked.connect(lambda _checked=False, row=row: self.edit_texts(row))
        self.compensation.setChecked(scenario.claim_compensation)
        self.interest.setChecked(scenario.claim_interest)
        self.rate.setText("" if scenario.interest_rate is None else str(scenario.interest_rate))
        self.damages.setText(
            "" if scenario.consumer_damages_cents is None else str(Decimal(scenario.consumer_damages_cents) / 100)
        )
        self.damages.setEnabled(scenario.kind == "consumer")
        self.error.clear()

    def edited(self) -> Scenario:
        try:
            rate = Decimal(self.rate.text().replace(",", ".")) if self.rate.text().strip() else None
            damages = to_cents(self.damages.text().replace(",", ".")) if self.damages.text().strip() else None
        except (InvalidOperation, DomainError):
            raise DomainError("the interest rate and the damages are numbers") from None
        return replace(
            self.scenario(),
            levels=tuple(row.value() for row in self.rows),
            claim_compensation=self.compensation.isChecked(),
            claim_interest=self.interest.isChecked(),
            interest_rate=rate,
            consumer_damages_cents=damages,
        )

    def save(self) -> bool:
        try:
            scenario = self.edited()
            self.ctx.write(
                dunning_setup.save_setup,
                scenario,
                as_of=self.ctx.today(),
                max_bank_age=self.bank_age.value(),
                new_customer_scenario=self.new_scenario.currentData(),
                new_customer_paid=self.new_paid.value(),
                bank_delay=self.bank_delay.value(),
            )
        except DomainError as exc:
            self.error.setText(self.ctx.say(exc))
            return False
        self.known[scenario.code] = scenario
        self.error.setText(self.ctx.tr("Saved."))
        return True
