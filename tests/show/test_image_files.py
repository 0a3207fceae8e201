"""Still pictures through PyAV (studio/core/image_files.py): what OpenCV's imread/imencode/imwrite did."""

from __future__ import annotations

import numpy as np

from studio.core.image_files import decode_image, encode_jpeg, thumbnail, write_png


def _gradient(height: int = 60, width: int = 80) -> np.ndarray:
    y, x = np.mgrid[:height, :width]
    return np.dstack([x * 255 // width, y * 255 // height, (x + y) * 127 // (width + height)]).astype(np.uint8)


def test_a_png_written_reads_back_byte_for_byte(tmp_path):
    picture = _gradient()
    assert write_png(tmp_path / "out.png", picture)
    assert (tmp_path / "out.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert np.array_equal(decode_image(tmp_path / "out.png"), picture)
    with_alpha = decode_image((tmp_path / "out.png").read_bytes(), with_alpha=True)
    assert with_alpha.shape == (60, 80, 4) and (with_alpha[:, :, 3] == 255).all()


def test_a_jpeg_thumbnail_is_small_and_looks_like_its_picture():
    picture = _gradient(400, 300)
    small = thumbnail(picture, 120)
    assert small.shape == (120, 90, 3)
    data = encode_jpeg(small)
    assert data[:2] == b"\xff\xd8"
    assert np.abs(decode_image(data).astype(int) - small).mean() < 4


def test_bytes_that_are_no_picture_decode_as_none(tmp_path):
    assert decode_image(b"<html>not found</html>" * 20) is None
    assert decode_image(tmp_path / "missing.png") is None
    assert not write_png(tmp_path / "no-such-folder" / "out.png", _gradient())
