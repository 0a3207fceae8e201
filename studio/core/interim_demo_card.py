"""A plain product card for the demo show until the graphics system lands.

Drawn once per product with OpenCV, blended only over its own region.
"""

from __future__ import annotations

import cv2
import numpy as np

from studio.core.demo_catalog import ASSETS_DIR, load_demo_catalog

SECONDS_PER_PRODUCT = 8.0


class DemoProductCard:
    def __init__(self, width: int, height: int):
        catalog = load_demo_catalog()
        self._variants = [(product, product["variants"][0]) for product in catalog["products"]]
        self._card_size = (int(width * 0.36), int(height * 0.30))
        self._position = (int(width * 0.05), int(height * 0.62) - self._card_size[1] // 2)
        self._cards: dict[int, np.ndarray] = {}

    def _draw(self, index: int) -> np.ndarray:
        product, variant = self._variants[index]
        card_width, card_height = self._card_size
        card = np.full((card_height, card_width, 3), (250, 250, 250), np.uint8)
        image = cv2.imread(str(ASSETS_DIR / variant["image"]))
        side = card_height - 20
        if image is not None:
            card[10:10 + side, 10:10 + side] = cv2.resize(image, (side, side), interpolation=cv2.INTER_AREA)
        scale = card_height / 220
        left = side + 24
        cv2.putText(card, product["title"][:24], (left, int(50 * scale)), cv2.FONT_HERSHEY_SIMPLEX, 0.6 * scale, (30, 30, 30), 1, cv2.LINE_AA)
        cv2.putText(card, f"${variant['price']}", (left, int(120 * scale)), cv2.FONT_HERSHEY_DUPLEX, 1.3 * scale, (20, 20, 200), 2, cv2.LINE_AA)
        cv2.putText(card, f"was ${variant['compare_at_price']}", (left, int(165 * scale)), cv2.FONT_HERSHEY_SIMPLEX, 0.6 * scale, (120, 120, 120), 1, cv2.LINE_AA)
        return card

    def composite(self, frame_bgr: np.ndarray, show_time_s: float) -> None:
        index = int(show_time_s // SECONDS_PER_PRODUCT) % len(self._variants)
        if index not in self._cards:
            self._cards[index] = self._draw(index)
        card = self._cards[index]
        x, y = self._position
        frame_bgr[y:y + card.shape[0], x:x + card.shape[1]] = card
