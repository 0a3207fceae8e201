"""The audience's comments as they arrive: one feed from every platform, questions highlighted.

Each row is one comment: the platform's mark, the author and the text (already sanitised by the
gateway's bus, docs/comments.md). Questions stand out; hidden comments leave the feed. The producer
features the selected comment (double-click or Feature), the newest question (its hotkey, or a
Stream Deck key: FeatureNewestQuestion), clears it, hides or pins (approves for the queue) one, and
runs the queue: the pinned comments one after another, N seconds each. The feed keeps MAX_ROWS and
follows the newest unless the producer scrolled up to read.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (QAbstractItemView, QDoubleSpinBox, QHBoxLayout, QLabel, QListWidget, QListWidgetItem,
                               QPushButton, QVBoxLayout, QWidget)

from studio.ui.show_state import ShowState
from studio.wire import commands

MAX_ROWS = 500
MARKS = {"youtube": "YT", "twitch": "TW", "facebook": "FB", "x": "X", "inbound": "Chat"}
QUESTION_BACKGROUND = QColor("#3a3320")
QUESTION_FOREGROUND = QColor("#ffd166")
PINNED = "📌 "


def row_text(comment: dict) -> str:
    mark = MARKS.get(comment.get("platform", ""), comment.get("platform", ""))
    pin = PINNED if comment.get("pinned") else ""
    return f"{pin}[{mark}] {comment.get('author', '')}: {comment.get('text', '')}"


class CommentsPanel(QWidget):
    def __init__(self, state: ShowState, parent: QWidget | None = None):
        super().__init__(parent)
        self.state = state
        self.feed = QListWidget()
        self.feed.setObjectName("comment_feed")
        self.feed.setWordWrap(True)
        self.feed.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.feed.itemDoubleClicked.connect(lambda item: self.feature(item.data(Qt.ItemDataRole.UserRole)))
        self.sources = QLabel("no comment sources")
        self.sources.setObjectName("comment_sources")
        self.sources.setWordWrap(True)
        self.queue_seconds = QDoubleSpinBox()
        self.queue_seconds.setRange(2, 600)
        self.queue_seconds.setValue(8)
        self.queue_seconds.setSuffix(" s each")
        buttons = QHBoxLayout()
        for label, tip, handler in (
                ("Feature", "Put the selected comment on air", lambda: self.feature(self.selected_id())),
                ("Newest question", "Put the newest question on air", self.feature_newest_question),
                ("Clear", "Take the comment off air", lambda: self.state.link.call(commands.ClearComment())),
                ("Hide", "Hide the selected comment from the feed", lambda: self.moderate("hide")),
                ("Pin", "Approve the selected comment for the queue", lambda: self.moderate("pin"))):
            button = QPushButton(label)
            button.setToolTip(tip)
            button.clicked.connect(handler)
            buttons.addWidget(button)
        queue = QHBoxLayout()
        queue.addWidget(QLabel("Queue pinned:"))
        queue.addWidget(self.queue_seconds)
        for label, seconds in (("Start", None), ("Stop", 0.0)):
            button = QPushButton(label)
            button.clicked.connect(lambda _=False, seconds=seconds: self.state.link.call(commands.SetCommentQueue(
                seconds=self.queue_seconds.value() if seconds is None else seconds)))
            queue.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.feed, 1)
        layout.addLayout(buttons)
        layout.addLayout(queue)
        layout.addWidget(self.sources)
        self._statuses: dict[str, str] = {}
        state.comments.connect(self.on_event)
        state.link.connected.connect(self.load)
        if state.link.is_connected:
            self.load()

    # -- from the engine -------------------------------------------------------------------------------

    def load(self) -> None:
        self.state.link.call(commands.GetComments(limit=200), on_done=self._loaded)

    def _loaded(self, answer, error) -> None:
        if error or not isinstance(answer, dict):
            return          # an engine without a show: no comments, the panel stays empty
        self.feed.clear()
        self.add(answer.get("comments") or [])
        self._statuses = {source["name"]: source["status"] for source in answer.get("sources") or []}
        self._show_statuses()

    def on_event(self, event_type: str, data: dict) -> None:
        if event_type == "CommentsReceived":
            self.add(data.get("comments") or [])
        elif event_type == "CommentSourceStatus":
            self._statuses[data.get("source", "")] = data.get("status", "")
            self._show_statuses()
        elif event_type == "CommentModerated":
            self._moderated(data.get("id"), data.get("action"))

    def add(self, comments: list[dict]) -> None:
        scrollbar = self.feed.verticalScrollBar()
        following = scrollbar.value() >= scrollbar.maximum() - 2
        for comment in comments:
            item = QListWidgetItem(row_text(comment))
            item.setData(Qt.ItemDataRole.UserRole, comment.get("id"))
            item.setData(Qt.ItemDataRole.UserRole + 1, comment)
            item.setToolTip(f"{comment.get('author', '')} on {comment.get('platform', '')}")
            if comment.get("question"):
                item.setBackground(QUESTION_BACKGROUND)
                item.setForeground(QUESTION_FOREGROUND)
                font = QFont(item.font())
                font.setBold(True)
                item.setFont(font)
            self.feed.addItem(item)
        while self.feed.count() > MAX_ROWS:
            self.feed.takeItem(0)
        if following:
            self.feed.scrollToBottom()

    def _moderated(self, comment_id, action) -> None:
        for row in range(self.feed.count()):
            item = self.feed.item(row)
            if item.data(Qt.ItemDataRole.UserRole) != comment_id:
                continue
            if action == "hide":
                self.feed.takeItem(row)
            elif action in ("pin", "unpin"):
                comment = {**item.data(Qt.ItemDataRole.UserRole + 1), "pinned": action == "pin"}
                item.setData(Qt.ItemDataRole.UserRole + 1, comment)
                item.setText(row_text(comment))
            return

    def _show_statuses(self) -> None:
        self.sources.setText("\n".join(f"{name}: {status}" for name, status in sorted(self._statuses.items()))
                             or "no comment sources")

    # -- the producer's actions ----------------------------------------------------------------------

    def selected_id(self) -> int | None:
        item = self.feed.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def feature(self, comment_id: int | None) -> None:
        if comment_id is not None:
            self.state.link.call(commands.FeatureComment(id=comment_id))

    def feature_newest_question(self) -> None:
        self.state.link.call(commands.FeatureNewestQuestion())

    def moderate(self, action: str) -> None:
        comment_id = self.selected_id()
        if comment_id is not None:
            self.state.link.call(commands.ModerateComment(id=comment_id, action=action))

    def lines(self) -> list[str]:
        return [self.feed.item(row).text() for row in range(self.feed.count())]
