"""What the studio computed with OpenCV before it dropped it (OpenCV is a test-only dependency now):
the references the compiled loops and their NumPy fallbacks are held to, byte for byte."""

import cv2
import numpy as np


def opencv_over(target: np.ndarray, colour: np.ndarray, inverse_alpha: np.ndarray) -> None:
    """target = colour + target * inverse_alpha / 255 in place, as OpenCV's saturating multiply and add."""
    cv2.multiply(target, inverse_alpha, dst=target, scale=1.0 / 255.0)
    cv2.add(target, colour, dst=target)
