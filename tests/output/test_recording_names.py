"""A second recording of the same show never overwrites the first."""

from studio.core.output.recording_names import next_free_name


def test_the_second_recording_is_numbered_and_skips_names_already_taken(tmp_path):
    planned = tmp_path / "show.mkv"
    assert next_free_name(planned, 2, overwrite=False) == tmp_path / "show-2.mkv"
    (tmp_path / "show-2.mkv").write_bytes(b"an earlier show")
    (tmp_path / "show-3.mkv").write_bytes(b"and another")
    assert next_free_name(planned, 2, overwrite=False) == tmp_path / "show-4.mkv"
    assert next_free_name(planned, 2, overwrite=True) == tmp_path / "show-2.mkv"
