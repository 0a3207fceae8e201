"""Show > New, Open, Duplicate, Rename, Delete, and Import catalog: shows managed in the window.

Every action is a request to the engine (ListShows, CreateShow, DuplicateShow, RenameShow, DeleteShow,
OpenShow in studio/wire/commands.py): the engine checks the name, writes the database and, for Open,
switches the show it plays on its own thread (refused while live or recording, with the reason).
The window follows the engine's `ShowChanged` and `RundownChanged` like any other client. New and
Duplicate open the show they make; Delete asks first, and deleting the show that is open opens the
newest other show before (off air only: the engine refuses the show on air, and says why).
Outcomes go to the status area (studio/ui/feedback.py) and, for a refused name, under the field.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMessageBox, QWidget

from studio.ui.catalog_import import CatalogImportDialog, choose_catalog_file
from studio.ui.feedback import in_app
from studio.ui.show_dialogs import Done, ShowListDialog, ShowNameDialog
from studio.ui.show_state import ShowState
from studio.wire import commands

# (id, label, tip): the menu's entries, in order
SHOW_ACTIONS = (
    ("show_new", "New show…", "Create an empty show and open it"),
    ("show_open", "Open show…", "Open another show of the database (not while live or recording)"),
    ("show_duplicate", "Duplicate show…", "Copy this show's rundown into a new show and open it"),
    ("show_rename", "Rename show…", "Rename the show that is open"),
    ("show_delete", "Delete show…", "Delete the show that is open, with its rundown and as-run log"),
    ("catalog_import", "Import catalog…", "Import products from a Shopify CSV, a plain CSV or a JSON catalog"),
)


def ask_to_delete(parent: QWidget, name: str) -> bool:
    answer = QMessageBox.question(parent, "Delete show?", f"Delete the show “{name}” with its rundown and as-run "
                                  "log? The catalog stays. This cannot be undone.",
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


class ShowMenu(QObject):
    def __init__(self, window: QWidget, state: ShowState, report: Callable[..., None], db_path: str | None,
                 shop_currency: Callable[[], str] = lambda: "USD"):
        """`report(text, outcome)`: the window's status area; `shop_currency()`: what a catalog that names
        no currency is priced in (the setting)."""
        super().__init__(window)
        self.window, self.state, self.report, self.db_path = window, state, report, db_path
        self.shop_currency = shop_currency
        self.confirm_delete: Callable[[QWidget, str], bool] = ask_to_delete      # replaced in tests
        self.choose_file: Callable[[QWidget], str] = choose_catalog_file         # likewise
        self.dialog = None            # the dialog open now (tests reach it here)
        self.actions: dict[str, QAction] = {}
        handlers = {"show_new": self.new, "show_open": self.open_list, "show_duplicate": self.duplicate,
                    "show_rename": self.rename, "show_delete": self.delete_current, "catalog_import": self.import_catalog}
        for action_id, label, tip in SHOW_ACTIONS:
            action = QAction(label, window)
            action.setObjectName(action_id)
            action.setToolTip(tip)
            action.triggered.connect(lambda _checked=False, run=handlers[action_id]: run())
            self.actions[action_id] = action

    def install(self, menu: QMenu) -> None:
        """At the top of the Show menu, above the live actions."""
        first = menu.actions()[0] if menu.actions() else None
        for action_id, _, _ in SHOW_ACTIONS:
            menu.insertAction(first, self.actions[action_id])
            if action_id in ("show_delete", "catalog_import"):
                menu.insertSeparator(first)

    @property
    def current(self) -> str | None:
        return (self.state.state.get("show") or {}).get("name")

    # -- requests --------------------------------------------------------------------------
    def _call(self, command: commands.Command, then: Callable[[dict], None], done: Done | None = None) -> None:
        def answered(result, error: str | None) -> None:
            if error is not None:
                error = in_app(error)
                self.report(error, "error")
                if done is not None:
                    done(error)
                return
            then(result or {})
            if done is not None:
                done(None)
        self.state.link.call(command, on_done=answered)

    def open_show(self, name: str, done: Done | None = None, said: str | None = None) -> None:
        def opened(result: dict) -> None:
            count = result.get("segments", 0)
            hint = "" if count else ": import a catalog, then drag products into the rundown"
            self.report(said or f"Opened show {name!r} ({count} segments){hint}", "success")
            self.state.refresh()
        self._call(commands.OpenShow(name=name), opened, done)

    # -- the menu's entries ---------------------------------------------------------------------
    def new(self) -> None:
        def submit(name: str, done: Done) -> None:
            self._call(commands.CreateShow(name=name), lambda _: self.open_show(
                name, said=f"New show {name!r}: import a catalog, then drag products into the rundown"), done)
        self._show(ShowNameDialog("New show", "Name of the new show:", "", submit, self.window))

    def open_list(self) -> None:
        def listed(result: dict) -> None:
            self._show(ShowListDialog(result.get("shows") or [], result.get("current"), self.open_show,
                                      self.delete, self.window))
        self._call(commands.ListShows(), listed)

    def duplicate(self) -> None:
        source = self.current
        if source is None:
            self.report("No show is open to duplicate", "warning")
            return

        def submit(name: str, done: Done) -> None:
            self._call(commands.DuplicateShow(source=source, name=name), lambda _: self.open_show(
                name, said=f"Duplicated {source!r} as {name!r}, now open"), done)
        self._show(ShowNameDialog("Duplicate show", f"Name of the copy of “{source}”:", f"{source} copy", submit,
                                  self.window))

    def rename(self) -> None:
        old = self.current
        if old is None:
            self.report("No show is open to rename", "warning")
            return

        def submit(name: str, done: Done) -> None:
            self._call(commands.RenameShow(name=old, new_name=name), lambda result: (
                self.report(f"Renamed {old!r} to {result.get('name', name)!r}", "success"), self.state.refresh()),
                done)
        self._show(ShowNameDialog("Rename show", f"New name for “{old}”:", old, submit, self.window))

    def delete_current(self) -> None:
        if self.current is None:
            self.report("No show is open to delete", "warning")
            return
        self.delete(self.current)

    def delete(self, name: str) -> None:
        if not self.confirm_delete(self.window, name):
            return
        if name != self.current or self.state.state.get("live") or self.state.state.get("recording"):
            self._delete(name)                 # the show on air: the engine says why not
            return

        def listed(result: dict) -> None:
            others = [show["name"] for show in result.get("shows") or [] if show["name"] != name]
            if not others:
                self.report(f"{name!r} is the only show: create another (Show → New show…) before deleting it",
                            "warning")
                return
            self.open_show(others[0], said=f"Opened {others[0]!r}",
                           done=lambda error: self._delete(name) if error is None else None)
        self._call(commands.ListShows(), listed)

    def _delete(self, name: str) -> None:
        def deleted(_result: dict) -> None:
            self.report(f"Deleted show {name!r}", "success")
            self.state.refresh()
        self._call(commands.DeleteShow(name=name), deleted)

    def import_catalog(self) -> None:
        path = self.choose_file(self.window)
        if not path:
            return
        dialog = CatalogImportDialog(path, self.db_path, self.window, currency=self.shop_currency())
        dialog.finished_import.connect(lambda imported, text: self.report(text, "success" if imported else "error"))
        self._show(dialog)

    def _show(self, dialog) -> None:
        self.dialog = dialog
        dialog.open()
