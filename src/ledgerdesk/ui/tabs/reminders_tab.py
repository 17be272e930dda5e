"""The reminders tab: proposals for a date, review and confirm, print, calls and promises due, history."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import DomainError
from ...domain.os_errors import reason as os_reason
from ...i18n import format_money
from ...services.reminder_first_page import first_page  # no SQLAlchemy: the tab paints its first rows without it
from ..context import AppContext
from ..models import reminders as models
from ..widgets.background import Job
from ..widgets.dates import pydate, qdate
from ..widgets.feedback import as_sentence
from ..widgets.refresh_when_shown import RefreshWhenShown
from ..widgets.reminder_history import CustomerReminders
from .reminder_work import CollectionWork

if TYPE_CHECKING:
    from ...services import reminder_views, reminders

# The services bring SQLAlchemy (~0.2 s): each is imported where it is used (the proposal in its worker), so
# the window can reopen on this tab at once with the letters kept from the last proposal (first_page).


def _table(model, stretch: int | None = None) -> QTableView:  # type: ignore[no-untyped-def]
    """A sortable row table; `stretch` is the (text) column that takes the spare width, so
    amounts stay next to their labels instead of drifting to the far right."""
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setSortingEnabled(True)
    view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    if stretch is None:
        view.horizontalHeader().setStretchLastSection(True)
    elif stretch < 0:  # only figures: each column as wide as its content, the rest left blank
        view.horizontalHeader().setStretchLastSection(False)
    else:
        view.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setResizeContentsPrecision(40)  # widths from 40 rows (a screenful), not a 1,000-letter run
    view.setWordWrap(False)
    return view


MAX_WARNING_LINES = 3


class RemindersTab(RefreshWhenShown, CollectionWork, QWidget):
    proposed = Signal()  # a proposal for the chosen date is on screen

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        tr = ctx.tr
        self._dropped: set[int] = set()
        self._levels: dict[int, int] = {}
        self._notes: dict[int, str] = {}
        self.proposal: reminders.Proposal | None = None
        self._kept_for: date | None = None  # the day of the kept first page on screen, until the run's answer

        self.date = QDateEdit(qdate(ctx.today()))
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dd/MM/yyyy")
        self.propose_button = QPushButton(tr("Propose"))
        self.override = QCheckBox(tr("Ignore old bank statements"))
        self.confirm_button = QPushButton(tr("Confirm"))
        self.print_button = QPushButton(tr("Print letters…"))
        self.email_button = QPushButton(tr("Write e-mails…"))
        self.scenarios_button = QPushButton(tr("Scenarios…"))
        bar = QHBoxLayout()
        bar.addWidget(QLabel(tr("Date")))
        for widget in (
            self.date,
            self.propose_button,
            self.override,
            self.confirm_button,
            self.print_button,
            self.email_button,
            self.scenarios_button,
        ):
            bar.addWidget(widget)
        bar.addStretch(1)
        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet("color: #8a4b00")
        # A semester without its published rate is said where letters are confirmed, with a way to add it.
        self.missing_rates: tuple = ()
        self.rate_warning = QLabel()
        self.rate_warning.setWordWrap(True)
        self.rate_warning.setStyleSheet("color: #8a4b00; font-weight: bold")
        self.rate_button = QPushButton(tr("Enter the published rate…"))
        self.rate_box = QWidget()
        rate_bar = QHBoxLayout(self.rate_box)
        rate_bar.setContentsMargins(0, 0, 0, 0)
        rate_bar.addWidget(self.rate_warning, 1)
        rate_bar.addWidget(self.rate_button)
        self.rate_box.setVisible(False)

        self.letters = models.letters_model(tr, ctx.language)
        self.items = models.items_model(tr, ctx.language)
        self.skipped = models.skipped_model(tr, ctx.language)
        self.work = models.work_model(tr, ctx.language)
        self.customers = models.customer_history_model(tr, ctx.language)
        self.letters_view, self.items_view = _table(self.letters), _table(self.items, stretch=-1)
        self.skipped_view, self.work_view = _table(self.skipped), _table(self.work)
        self.customers_view = _table(self.customers, stretch=0)
        self.customers_view.sortByColumn(1, Qt.SortOrder.DescendingOrder)  # the often reminded on top
        self.customer_history = CustomerReminders(ctx)  # letters per invoice and each invoice's events
        self.invoice_history = self.customer_history.letters
        self.summary = QLabel()

        self.preview_button = QPushButton(tr("Preview letter"))
        self.drop_button = QPushButton(tr("Drop invoice"))
        self.level_button = QPushButton(tr("Change level…"))
        self.note_button = QPushButton(tr("Add note…"))
        self.done_button = QPushButton(tr("Mark call done"))
        self.promise_button = QPushButton(tr("Payment promise…"))
        self.dispute_button = QPushButton(tr("Dispute…"))
        self.call_button = QPushButton(tr("Call task…"))
        self.plan_button = QPushButton(tr("Payment plan…"))
        self.resolve_button = QPushButton(tr("Resolve dispute"))
        self.undo_button = QPushButton(tr("Undo review changes"))
        from ..widgets.flow import FlowLayout

        item_bar = FlowLayout()  # eight buttons: they wrap in a narrow window instead of widening it (French)
        for widget in (
            self.preview_button,
            self.drop_button,
            self.level_button,
            self.note_button,
            self.promise_button,
            self.plan_button,
            self.dispute_button,
            self.call_button,
        ):
            item_bar.addWidget(widget)
        item_bar.addStretch(1)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.items_view)
        lower_layout.addLayout(item_bar)
        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addWidget(self.letters_view)
        upper_layout.addWidget(self.summary)
        proposals = QSplitter(Qt.Orientation.Vertical)
        proposals.addWidget(upper)
        proposals.addWidget(lower)
        proposals.setStretchFactor(0, 3)  # the letters are what the user reviews first
        proposals.setStretchFactor(1, 2)
        work = QWidget()
        work_layout = QVBoxLayout(work)
        work_layout.addWidget(self.work_view)
        work_layout.addWidget(self.done_button, alignment=Qt.AlignmentFlag.AlignLeft)
        history = QSplitter(Qt.Orientation.Vertical)
        customers_pane = QWidget()
        customers_layout = QVBoxLayout(customers_pane)
        customers_layout.setContentsMargins(0, 0, 0, 0)
        customers_layout.addWidget(self.customers_view)
        history.addWidget(customers_pane)
        history.addWidget(self.customer_history)
        self.pages = QTabWidget()
        self.pages.addTab(proposals, tr("Proposals"))
        skipped = QWidget()
        skipped_layout = QVBoxLayout(skipped)
        skipped_layout.addWidget(self.skipped_view)
        skipped_buttons = QHBoxLayout()
        skipped_buttons.addWidget(self.resolve_button)
        skipped_buttons.addWidget(self.undo_button)  # dropped invoices come back, levels and notes are forgotten
        skipped_buttons.addStretch(1)
        skipped_layout.addLayout(skipped_buttons)
        self.pages.addTab(skipped, tr("Skipped"))
        self.pages.addTab(work, tr("Calls and promises due"))
        self.pages.addTab(history, tr("History"))

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.warnings)
        layout.addWidget(self.rate_box)
        layout.addWidget(self.pages)

        self.propose_button.clicked.connect(self.refresh)
        self.date.dateChanged.connect(lambda _d: self.refresh())
        self.override.toggled.connect(lambda _on: self.refresh())
        self.confirm_button.clicked.connect(self.confirm)
        self.print_button.clicked.connect(self.print_letters)
        self.email_button.clicked.connect(self.write_emails)
        self.scenarios_button.clicked.connect(self.edit_scenarios)
        self.rate_button.clicked.connect(self.enter_rate)
        self.drop_button.clicked.connect(self.drop_selected)
        self.preview_button.clicked.connect(self.preview_letter)
        self.level_button.clicked.connect(self.change_level)
        self.note_button.clicked.connect(self.add_note)
        self.done_button.clicked.connect(self.mark_done)
        self.promise_button.clicked.connect(lambda: self.collection_action("promise"))
        self.dispute_button.clicked.connect(lambda: self.collection_action("dispute"))
        self.call_button.clicked.connect(lambda: self.collection_action("call"))
        self.plan_button.clicked.connect(lambda: self.collection_action("plan"))
        self.resolve_button.clicked.connect(self.resolve_dispute)
        self.undo_button.clicked.connect(self.undo_review)
        self.letters_view.selectionModel().currentRowChanged.connect(lambda _c, _p: self._show_items())
        self.customers_view.selectionModel().currentRowChanged.connect(lambda _c, _p: self._show_customer_history())
        self._generation = 0  # of proposal requests: only the newest answer is shown
        self.watch_book(ctx)  # a proposal reads the whole ledger: proposed when shown
        self.show_first_page()

    def title(self) -> str:
        return self.ctx.tr("Reminders")

    _fit_letters = False  # the kept letters' columns are still to be fitted to their contents

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802 - Qt's name
        if self._fit_letters:
            self._fit_letters = False
            self.letters_view.resizeColumnsToContents()
        super().showEvent(event)

    # --- state ----------------------------------------------------------------------------
    def as_of(self) -> date:
        return pydate(self.date.date())

    def edits(self) -> reminders.Edits:
        from ...services import reminders

        return reminders.Edits(*self._edit_values())

    def _edit_values(self) -> tuple[frozenset[int], dict[int, int], dict[int, str], bool]:
        return frozenset(self._dropped), dict(self._levels), dict(self._notes), self.override.isChecked()

    def show_first_page(self) -> None:
        """The letters of the last proposal for this day at once, if the book has not changed since (read with
        sqlite3 and json, a few ms); the proposal's run replaces them. Nothing is confirmed from them."""
        kept = first_page(self.ctx.book.paths.book, self.as_of())
        if kept is None or not kept.letters or self.proposal is not None:
            return
        self._kept_for = self.as_of()
        self.letters.set_rows(kept.letters)
        if self.isVisible():
            self.letters_view.resizeColumnsToContents()
        else:  # built in the background: measured once shown, not in the same event-loop turn as the build
            self._fit_letters = True
        self.summary.setText(
            self.ctx.tr(
                "Letters to send: {letters}, for {total}. Invoices skipped: {skipped} (see why under Skipped).",
                letters=kept.letter_count,
                total=format_money(kept.total_cents, self.ctx.language),
                skipped=kept.skipped_count,
            )
        )

    def refresh(self) -> None:
        """Propose again for the chosen date. The run reads the whole ledger (about 1.4 s on a 10-year
        book), so it runs off the UI thread; an answer overtaken by a newer request is dropped."""
        self._generation += 1
        generation = self._generation
        self.confirm_button.setEnabled(False)  # until the proposal on screen is the current one
        as_of, values, book = self.as_of(), self._edit_values(), self.ctx.book.paths.book
        if self._kept_for is not None and (as_of != self._kept_for or any(values)):
            self._kept_for = None  # another day or a review edit: the kept page is not what will be proposed
            self.letters.set_rows(())
        if self._kept_for is None:  # the kept first page stays readable, with its summary
            self.summary.setText(self.ctx.tr("Proposing…"))

        def propose(session):  # type: ignore[no-untyped-def]
            from ...services import reminder_views, reminders  # in the worker: SQLAlchemy may not have loaded yet

            return reminder_views.tab_snapshot(session, as_of, reminders.Edits(*values), keep_for=book)

        self.ctx.read_async(
            propose,
            done=lambda snap: self._show_snapshot(generation, snap),
            failed=lambda exc: self._say(self.ctx.say(exc)),
            owner=self,
        )

    def _show_snapshot(self, generation: int, snap: reminder_views.TabSnapshot) -> None:
        if generation != self._generation:
            return
        current = self._selected(self.letters_view, self.letters)
        reviewed = self._selected(self.customers_view, self.customers)
        if snap.refused is not None:
            self._levels.clear()  # the last hand-made level broke a rule: undo it and say why
            self._say(snap.refused)
        self.proposal = snap.proposal
        self._kept_for = None
        self.confirm_button.setEnabled(True)
        self.letters.set_rows(self.proposal.letters)
        self.skipped.set_rows(self.proposal.skipped)
        self._show_missing_rates(snap.missing_rates)
        lines = [
            as_sentence(w.translated(self.ctx.tr))
            for w in self.proposal.warnings
            if not w.template.startswith("no published rate")
        ]  # said in the rate box, with its remedy
        shown = lines[:MAX_WARNING_LINES]  # the rest in the tooltip: the proposals keep the screen
        if len(lines) > len(shown):
            shown.append(self.ctx.tr("… and {count} more (hover to see them)", count=len(lines) - len(shown)))
        self.warnings.setText("\n".join(shown))
        self.warnings.setToolTip("\n".join(lines))
        self.warnings.setVisible(bool(lines))
        letters = self.proposal.letters
        # Counted, not inflected ("1 invoices"): the same sentence reads right for one and for many.
        self.summary.setText(
            self.ctx.tr(
                "Letters to send: {letters}, for {total}. Invoices skipped: {skipped} (see why under Skipped).",
                letters=len(letters),
                total=format_money(sum(x.total_cents for x in letters), self.ctx.language),
                skipped=len(self.proposal.skipped),
            )
        )
        self.work.set_rows(snap.work)
        self.customers.set_rows(snap.customers)
        self.proposed.emit()
        for view in (self.letters_view, self.skipped_view, self.work_view, self.customers_view):
            view.resizeColumnsToContents()
        if current is not None:  # keep the letter under review selected across refreshes
            for row, letter in enumerate(self.letters.rows()):
                if letter.customer_id == current.customer_id:
                    self.letters_view.selectRow(row)
        if reviewed is not None:  # and the customer whose history is open
            for row, customer in enumerate(self.customers.rows()):
                if customer.customer_id == reviewed.customer_id:
                    self.customers_view.selectRow(row)
        self._show_items()
        self._show_customer_history()

    def _show_missing_rates(self, gaps: tuple) -> None:  # type: ignore[type-arg]
        self.missing_rates = gaps
        tr = self.ctx.tr
        self.rate_warning.setText(
            "\n".join(
                tr(
                    "No published late-payment rate for {semester} is in the table (last updated on {updated}): the letters "
                    "would charge {rate} %, the rate of {used}. Enter the published rate before confirming.",
                    semester=gap.semester,
                    rate=gap.used_rate,
                    used=gap.used_semester,
                    updated=gap.updated_on.strftime("%d/%m/%Y") if gap.updated_on else tr("never"),
                )
                for gap in gaps
            )
        )
        self.rate_box.setVisible(bool(gaps))

    def enter_rate(self) -> None:
        """Add the published rate of the first missing semester, then propose again with it."""
        if not self.missing_rates:
            return
        from ...services import dunning_setup

        gap = self.missing_rates[0]
        rate = self.ask_rate(gap.semester, str(gap.used_rate))
        if rate is None:
            return
        try:
            self.ctx.write(dunning_setup.set_interest_rate, gap.semester, rate, today=self.ctx.today())
        except DomainError as exc:
            self._say(str(exc))
            return
        self.refresh()

    def _selected(self, view: QTableView, model):  # type: ignore[no-untyped-def]
        index = view.selectionModel().currentIndex()
        return model.row_at(index.row()) if index.isValid() else None

    def _show_items(self) -> None:
        letter = self._selected(self.letters_view, self.letters)
        self.items.set_rows(letter.items if letter else ())
        self.items_view.resizeColumnsToContents()

    def _show_customer_history(self) -> None:
        row = self._selected(self.customers_view, self.customers)
        self.customer_history.show_customer(row.customer_id if row else None)

    def _say(self, text: str) -> None:
        QMessageBox.information(self, self.ctx.tr("Reminders"), text)

    def _write(self, action, *args, **kwargs):  # type: ignore[no-untyped-def]
        """A service call for a user action; a broken rule is said in one sentence (None returned)."""
        try:
            return self.ctx.write(action, *args, **kwargs)
        except DomainError as exc:
            self._say(self.ctx.say(exc))
            return None

    # --- review ---------------------------------------------------------------------------
    def preview_letter(self) -> Path | None:
        """The selected proposal as the customer would receive it, in the system's PDF viewer."""
        from PySide6.QtCore import QUrl

        from ...paths import previews_dir
        from ...services import reminder_documents

        letter = self._selected(self.letters_view, self.letters)
        if letter is None or self.proposal is None:  # a kept first page is only read: the run makes the letter
            return None
        target = previews_dir() / f"reminder-preview-{letter.customer_id}-{self.as_of().isoformat()}.pdf"
        try:
            docs = self.ctx.read(reminder_documents.preview_docs, [letter], self.as_of())
            reminder_documents.render(docs, target)
        except (DomainError, OSError) as exc:
            reason = str(exc) if isinstance(exc, DomainError) else os_reason(exc)
            self._say(self.ctx.tr("The document could not be made: {reason}", reason=reason))
            return None
        if not self.open_url(QUrl.fromLocalFile(str(target))):  # the same words as the invoice preview
            self._say(self.ctx.tr("The system has no PDF viewer to open {path}.", path=str(target)))
        return target

    def drop_selected(self) -> None:
        item = self._selected(self.items_view, self.items)
        if item is not None:
            self._dropped.add(item.invoice_id)
            self.refresh()

    def change_level(self) -> None:
        item = self._selected(self.items_view, self.items)
        if item is None:
            return
        level = self.ask_level(item.level)
        if level is not None:
            self._levels[item.invoice_id] = level
            self.refresh()

    def add_note(self) -> None:
        letter = self._selected(self.letters_view, self.letters)
        if letter is None:
            return
        note = self.ask_note(letter.note)
        if note is not None:
            self._notes[letter.customer_id] = note
            self.refresh()

    def undo_review(self) -> None:
        self._dropped.clear()
        self._levels.clear()
        self._notes.clear()
        self.refresh()

    def confirm(self) -> None:
        from ...services import reminders

        for gap in self.missing_rates:  # never charged silently from another semester: the user says so
            if not self.ask_use_rate(gap):
                return
        done = self._write(reminders.confirm, self.as_of(), self.edits())
        if done is None:
            return
        self._dropped.clear()
        self._levels.clear()
        self._notes.clear()
        self._say(self.ctx.tr("{count} letters confirmed", count=len(done.letter_ids)))

    def print_letters(self) -> None:
        """Read the letters here, lay out the (possibly 1,000-page) PDF in the background."""
        from ...services import reminder_documents

        path = self.ask_pdf_path()
        if path is None:
            return
        try:
            letters = self.ctx.read(reminder_documents.confirmed_docs, self.as_of())
        except DomainError as exc:
            self._say(self.ctx.say(exc))
            return
        self.print_button.setEnabled(False)
        self.print_button.setText(self.ctx.tr("Printing {count} letters…", count=len(letters)))
        self.job = Job(lambda: reminder_documents.render(letters, path))
        self.job.done.connect(lambda _data: self._printed(len(letters), path))
        self.job.failed.connect(self._print_failed)
        self.job.start()

    def _printed(self, count: int, path: Path) -> None:
        self.print_button.setEnabled(True)
        self.print_button.setText(self.ctx.tr("Print letters…"))
        self._say(self.ctx.tr("{count} letters printed to {path}", count=count, path=str(path)))

    def _print_failed(self, message: str) -> None:
        self.print_button.setEnabled(True)
        self.print_button.setText(self.ctx.tr("Print letters…"))
        self._say(message)

    def write_emails(self) -> None:
        from ...services import reminder_documents

        folder = self.ask_folder()
        if folder is not None:
            paths = self.ctx.read(reminder_documents.write_emails, self.as_of(), folder)
            self._say(self.ctx.tr("{count} e-mails written to {path}", count=len(paths), path=str(folder)))

    def edit_scenarios(self) -> None:
        from ..dialogs.reminder_scenarios import ScenarioDialog

        ScenarioDialog(self.ctx, self).exec()
        self.refresh()

    # --- questions (separate so tests can answer them) ------------------------------------
    def open_url(self, url) -> bool:  # type: ignore[no-untyped-def]
        from PySide6.QtGui import QDesktopServices

        return QDesktopServices.openUrl(url)

    def ask_rate(self, semester: str, suggested: str) -> str | None:
        text, ok = QInputDialog.getText(
            self,
            self.ctx.tr("Enter the published rate…"),
            self.ctx.tr(
                "Late-payment rate for {semester} (percent per year, as published by the FPS Finance)",
                semester=semester,
            ),
            text=suggested,
        )
        return text.strip() if ok and text.strip() else None

    def ask_use_rate(self, gap) -> bool:  # type: ignore[no-untyped-def]
        answer = QMessageBox.question(
            self,
            self.ctx.tr("Confirm"),
            self.ctx.tr(
                "Confirm the letters with {rate} %, the rate of {used}, for {semester}?",
                rate=gap.used_rate,
                used=gap.used_semester,
                semester=gap.semester,
            ),
        )
        return answer == QMessageBox.StandardButton.Yes

    def ask_level(self, current: int) -> int | None:
        value, ok = QInputDialog.getInt(self, self.ctx.tr("Change level…"), self.ctx.tr("Level"), current, 0, 9)
        return value if ok else None

    def ask_note(self, current: str) -> str | None:
        text, ok = QInputDialog.getMultiLineText(self, self.ctx.tr("Add note…"), self.ctx.tr("Note"), current)
        return text if ok else None

    def ask_pdf_path(self) -> Path | None:
        from ..widgets.file_places import remember, start_in

        name, _ = QFileDialog.getSaveFileName(
            self,
            self.ctx.tr("Print letters…"),
            start_in(self.ctx, "letters", f"reminders-{self.as_of().isoformat()}.pdf"),
            "PDF (*.pdf)",
        )
        remember(self.ctx, "letters", name)
        return Path(name) if name else None

    def ask_folder(self) -> Path | None:
        from ..widgets.file_places import remember, start_in

        name = QFileDialog.getExistingDirectory(self, self.ctx.tr("Write e-mails…"), start_in(self.ctx, "letters"))
        remember(self.ctx, "letters", name, is_folder=True)
        return Path(name) if name else None
