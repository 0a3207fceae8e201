"""Encoder options shared by `studio broadcast` and `studio preflight`, with one set of defaults."""

from __future__ import annotations

import argparse

from studio.core.canvas import parse_size
from studio.core.output import defaults
from studio.core.output.encoder_settings import EncoderSettings
from studio.errors import UserInputError


def add_encoder_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--size", default=defaults.DEFAULT_SIZE,
                        help=f"canvas size WIDTHxHEIGHT (default {defaults.DEFAULT_SIZE})")
    parser.add_argument("--fps", type=int, default=defaults.DEFAULT_FPS,
                        help=f"frames per second (default {defaults.DEFAULT_FPS})")
    parser.add_argument("--video-bitrate", type=int, default=defaults.DEFAULT_VIDEO_BITRATE_KBPS, metavar="KBPS",
                        help=f"H.264 bitrate in kb/s (default {defaults.DEFAULT_VIDEO_BITRATE_KBPS})")
    parser.add_argument("--audio-bitrate", type=int, default=defaults.DEFAULT_AUDIO_BITRATE_KBPS, metavar="KBPS",
                        help=f"AAC bitrate in kb/s (default {defaults.DEFAULT_AUDIO_BITRATE_KBPS})")
    parser.add_argument("--keyframe-interval", type=float, default=defaults.DEFAULT_KEYFRAME_INTERVAL_S, metavar="S",
                        help=f"seconds between keyframes (default {defaults.DEFAULT_KEYFRAME_INTERVAL_S:g})")
    parser.add_argument("--x264-preset", default=defaults.DEFAULT_X264_PRESET, choices=defaults.X264_PRESETS,
                        help=f"x264 speed/quality preset (default {defaults.DEFAULT_X264_PRESET}; slower = sharper, more CPU)")


def encoder_settings(args: argparse.Namespace) -> EncoderSettings:
    """The settings the options describe, or a UserInputError naming the bad value."""
    width, height = parse_size(args.size)
    low, high = defaults.VIDEO_BITRATE_RANGE_KBPS
    if not low <= args.video_bitrate <= high:
        raise UserInputError(f"--video-bitrate {args.video_bitrate}: must be between {low} and {high} kb/s")
    low, high = defaults.AUDIO_BITRATE_RANGE_KBPS
    if not low <= args.audio_bitrate <= high:
        raise UserInputError(f"--audio-bitrate {args.audio_bitrate}: must be between {low} and {high} kb/s")
    low, high = defaults.FPS_RANGE
    if not low <= args.fps <= high:  # the same range the canvas takes: preflight and broadcast agree
        raise UserInputError(f"--fps {args.fps}: must be between {low} and {high}")
    low, high = defaults.KEYFRAME_INTERVAL_RANGE_S
    if not low <= args.keyframe_interval <= high:
        raise UserInputError(f"--keyframe-interval {args.keyframe_interval:g}: must be between {low:g} and {high:g} s")
    return EncoderSettings(width=width, height=height, fps=args.fps, video_bitrate_kbps=args.video_bitrate,
                           audio_bitrate_kbps=args.audio_bitrate, keyframe_interval_s=args.keyframe_interval,
                           preset=args.x264_preset)
