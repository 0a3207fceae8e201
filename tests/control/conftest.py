"""One idle `studio engine` with the `friday` show (three segments), shared by the protocol tests of a module."""

from tests.fixtures.engine import shared_engine

engine = shared_engine("friday", "--size", "640x360", "--record", "{root}/rec.mkv")
