"""A first-use line over an empty table: what will appear there, and the first step as a button."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractItemModel, QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget


class EmptyState(QWidget):
    """Shown over the view's rows while its model has none (once the model has been filled at least once:
    a list still being read is not empty); `applies` says when an empty list means "nothing yet" rather
    than "nothing matches the filters"."""

    def __init__(
        self,
        view: QAbstractItemView,
        text: str,
        step: tuple[str, Callable[[], object]] | None = None,
        *,
        applies: Callable[[], bool] = lambda: True,
    ) -> None:
        super().__init__(view.viewport())
        self.setObjectName("emptyState")
        self._view, self._applies = view, applies
        self._model: QAbstractItemModel | None = None
        self.label = QLabel(text)
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setStyleSheet("color: palette(placeholder-text);")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.addWidget(self.label)
        self.button: QPushButton | None = None
        if step is not None:
            self.button = QPushButton(step[0])
            self.button.clicked.connect(step[1])
            row = QHBoxLayout()
            row.addStretch(1)
            row.addWidget(self.button)
            row.addStretch(1)
            layout.addLayout(row)
        layout.addStretch(1)
        self.hide()
        view.viewport().installEventFilter(self)
        self.watch(view.model())

    def watch(self, model: QAbstractItemModel | None) -> None:
        """Follow `model` (a tab that puts a new model in its view says so here)."""
        if self._model is not None:
            for signal in self._signals(self._model):
                signal.disconnect(self.update_shown)
        self._model = model
        if model is not None:
            for signal in self._signals(model):
                signal.connect(self.update_shown)

    @staticmethod
    def _signals(model: QAbstractItemModel) -> tuple:  # type: ignore[type-arg]
        return (model.modelReset, model.rowsInserted, model.rowsRemoved, model.layoutChanged)

    def update_shown(self, *_args: object) -> None:
        model = self._model
        empty = model is not None and model.rowCount() == 0 and self._applies()
        self.setVisible(empty)
        if empty:
            self.setGeometry(self._view.viewport().rect())
            self.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and self.isVisible():
            self.setGeometry(self._view.viewport().rect())
        return False
