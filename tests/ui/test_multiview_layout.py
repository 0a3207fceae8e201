"""View > Multiview is part of the saved layout: it comes back at the next start; Reset layout leaves it."""

from __future__ import annotations

from tests.ui.window_without_engine import make_window


def test_multiview_persists_in_the_layout_and_reset_brings_back_the_monitors(qtbot, studio_env, tmp_path):
    layout = tmp_path / "layout.json"
    window, link = make_window(layout)
    qtbot.addWidget(window)
    window.show()
    assert not window.views.multiview_shown
    window.action("multiview").trigger()
    assert window.views.currentWidget() is window.multiview
    window.close()
    link.close()

    again, link = make_window(layout)
    qtbot.addWidget(again)
    again.show()
    assert again.views.multiview_shown and again.action("multiview").isChecked()
    again.action("reset_layout").trigger()
    assert not again.views.multiview_shown and not again.action("multiview").isChecked()
    again.close()
    link.close()
