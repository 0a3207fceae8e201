"""What a source, a sound and an input spec may be, in words for `--help` and error messages.

Apart from the modules that open them (studio.core.capture.specs, studio.core.inputs.specs load
OpenCV, PyAV and Qt), so declaring the options of `studio broadcast` loads none of those.
"""

VIDEO_SPEC_HELP = "test | file:PATH | camera:INDEX | camera:NAME"
AUDIO_SPEC_HELP = "tone | silence | file | mic | mic:NAME"
INPUT_SPEC_HELP = ("test | file:PATH (looped) | file-once:PATH | image:PATH | camera:INDEX | camera:NAME | "
                   "rtmp://HOST:PORT/APP/NAME?listen=1 | rtmp://... | rtsp://... | srt://HOST:PORT?mode=listener")
