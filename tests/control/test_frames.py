"""Shared-memory frames: newest wins, readers in another process, the writer never waits."""

import subprocess
import sys

import numpy as np
import pytest

from studio.core.frames import FramePublisher, FrameReader, unique_frame_name


@pytest.fixture
def publisher():
    publisher = FramePublisher(unique_frame_name("test"), 64, 36)
    yield publisher
    publisher.close()


def test_reader_gets_the_newest_frame_resized_and_only_once(publisher):
    reader = FrameReader(publisher.name)
    assert reader.read_newest(0) is None  # nothing published yet
    publisher.publish(np.full((360, 640, 3), 10, np.uint8))
    publisher.publish(np.full((360, 640, 3), 200, np.uint8))
    sequence, frame = reader.read_newest(0)
    assert (sequence, frame.shape, int(frame.mean())) == (2, (36, 64, 3), 200)
    assert reader.read_newest(sequence) is None
    reader.close()


def test_a_reader_in_another_process_sees_the_frame_and_leaves_the_block_alone(publisher):
    publisher.publish(np.full((36, 64, 3), 77, np.uint8))
    code = ("import sys; from studio.core.frames import FrameReader; r = FrameReader(sys.argv[1]); "
            "s, f = r.read_newest(0); print(s, int(f.mean())); r.close()")
    out = subprocess.run([sys.executable, "-c", code, publisher.name], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["1", "77"]
    publisher.publish(np.full((36, 64, 3), 5, np.uint8))  # the block survived the reader's exit
    assert FrameReader(publisher.name).read_newest(1)[0] == 2


def test_not_a_frame_block_is_refused():
    from multiprocessing import shared_memory
    block = shared_memory.SharedMemory(create=True, size=64)
    try:
        with pytest.raises(ValueError, match="no studio frames"):
            FrameReader(block.name)
    finally:
        block.close()
        block.unlink()
