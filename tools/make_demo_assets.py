"""Draws the demo catalog's product images (run once; the PNGs are committed).

    .venv/bin/python tools/make_demo_assets.py
"""

from pathlib import Path

import cv2
import numpy as np

OUT = Path(__file__).resolve().parent.parent / "assets" / "products"
SIZE = 400


def canvas(bg):
    image = np.full((SIZE, SIZE, 3), bg, np.uint8)
    return image


def tv():
    img = canvas((235, 235, 240))
    cv2.rectangle(img, (40, 80), (360, 270), (30, 30, 30), -1)
    cv2.rectangle(img, (52, 92), (348, 258), (180, 120, 40), -1)
    cv2.circle(img, (150, 170), 45, (60, 200, 250), -1)
    cv2.rectangle(img, (185, 270), (215, 310), (60, 60, 60), -1)
    cv2.rectangle(img, (130, 310), (270, 322), (60, 60, 60), -1)
    return img


def headphones():
    img = canvas((240, 230, 230))
    cv2.ellipse(img, (200, 210), (120, 130), 0, 180, 360, (40, 40, 40), 18)
    cv2.rectangle(img, (60, 200), (120, 300), (40, 40, 160), -1)
    cv2.rectangle(img, (280, 200), (340, 300), (40, 40, 160), -1)
    return img


def kettle():
    img = canvas((230, 240, 235))
    cv2.ellipse(img, (200, 240), (110, 100), 0, 0, 360, (170, 170, 175), -1)
    cv2.rectangle(img, (120, 130), (280, 240), (170, 170, 175), -1)
    cv2.ellipse(img, (200, 110), (90, 30), 0, 180, 360, (60, 60, 60), 14)
    cv2.line(img, (110, 200), (55, 150), (170, 170, 175), 22)
    return img


def hoodie():
    img = canvas((245, 240, 235))
    body = np.array([[120, 120], [280, 120], [340, 200], [300, 220], [290, 350], [110, 350], [100, 220], [60, 200]])
    cv2.fillPoly(img, [body], (90, 60, 30))
    cv2.ellipse(img, (200, 120), (50, 40), 0, 180, 360, (70, 45, 20), -1)
    cv2.rectangle(img, (150, 260), (250, 310), (70, 45, 20), 3)
    return img


def wreath():
    img = canvas((240, 245, 240))
    cv2.circle(img, (200, 200), 120, (40, 120, 30), 45)
    for angle in range(0, 360, 40):
        x = int(200 + 120 * np.cos(np.radians(angle)))
        y = int(200 + 120 * np.sin(np.radians(angle)))
        cv2.circle(img, (x, y), 12, (30, 30, 200), -1)
    cv2.fillPoly(img, [np.array([[200, 300], [160, 360], [200, 340], [240, 360]])], (40, 40, 200))
    return img


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for name, draw in [("tv-55-4k", tv), ("headphones-nc", headphones), ("kettle-steel", kettle),
                       ("hoodie-classic", hoodie), ("wreath-pine", wreath)]:
        cv2.imwrite(str(OUT / f"{name}.png"), draw(), [cv2.IMWRITE_PNG_COMPRESSION, 9])


if __name__ == "__main__":
    main()
