"""The level meter takes any channel list, draws RMS and peak on a dBFS scale, and holds CLIP until clicked."""

from __future__ import annotations

import math

from PySide6.QtCore import Qt

from studio.ui.level_meter import COLOURS, ChannelLevel, LevelMeter, channels_from_obs


def test_obs_levels_become_dbfs_per_channel():
    left, right = channels_from_obs([[0.1, 0.125892, 0.125892], [0.0, 0.0, 0.0]])
    assert (left.name, round(left.peak_dbfs, 1), round(left.rms_dbfs, 1)) == ("L", -18.0, -20.0)
    assert right.name == "R" and math.isinf(right.peak_dbfs)
    assert [c.name for c in channels_from_obs([[0.1, 0.1, 0.1]] * 3)] == ["1", "2", "3"]


def test_bars_readout_and_a_clip_light_that_holds_until_clicked(qtbot):
    meter = LevelMeter("Program")
    qtbot.addWidget(meter)
    meter.resize(120, 260)
    meter.show()
    meter.set_levels([ChannelLevel("L", -18.0, -21.0), ChannelLevel("R", -30.0, -33.0), ChannelLevel("C", -40, -43)])
    assert meter.readout.text() == "-18.0 / -21.0"
    meter.set_levels([ChannelLevel("L", -19.0, -22.0)])
    assert meter.readout.text() == "-18.0 / -21.0", "the numbers change 4 times a second, not 20"
    meter._readout_at_s -= 1.0
    meter.set_levels([ChannelLevel("L", -18.0, -21.0), ChannelLevel("R", -30.0, -33.0), ChannelLevel("C", -40, -43)])
    assert meter.bars.minimumWidth() >= meter.bars.SCALE_W + 3 * meter.bars.BAR_W, "one bar per channel given"
    image = meter.bars.grab().toImage()
    x = meter.bars.SCALE_W + meter.bars.BAR_W // 2
    assert image.pixelColor(x, meter.bars.height() - 10).name() == COLOURS["green"].name()
    assert not meter.clipped

    meter.set_levels([ChannelLevel("L", -3.0, -8.0)], clipped=True)
    meter.set_levels([ChannelLevel("L", -40.0, -43.0)])                 # quiet again: the light stays
    assert meter.clipped and "#e53935" in meter.clip.styleSheet()
    qtbot.mouseClick(meter.clip, Qt.MouseButton.LeftButton)
    assert not meter.clipped and "#e53935" not in meter.clip.styleSheet()
