"""The console's start offers a kept crash report once: Show, Copy, Open folder (studio/ui/crash_dialog.py)."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtCore import Qt

from studio import crash_reports
from studio.ui.app import kept_crash_reports
from studio.ui.crash_dialog import CrashReportDialog


def test_the_window_offers_a_kept_report_once_to_show_copy_or_find(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("STUDIO_CRASH_REPORTS_DIR", str(tmp_path / "crash-reports"))
    new = crash_reports.reports_dir() / "new"
    new.mkdir(parents=True)
    (new / "20261207-060000-engine-4242.txt").write_text(
        "Live Shopping Studio crash report: engine (pid 4242)\nFatal Python error: Segmentation fault\n")
    reports = kept_crash_reports()
    assert [report.name for report in reports] == ["20261207-060000-engine-4242.txt"]
    assert kept_crash_reports() == []                          # offered once; the report stays in its folder
    opened = []
    dialog = CrashReportDialog(reports, opened.append)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.text.isVisible()
    qtbot.mouseClick(dialog.show_button, Qt.MouseButton.LeftButton)
    assert dialog.text.isVisible() and "Segmentation fault" in dialog.text.toPlainText()
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text().startswith("Live Shopping Studio crash report: engine")
    qtbot.mouseClick(dialog.folder_button, Qt.MouseButton.LeftButton)
    assert opened == [crash_reports.reports_dir()]
