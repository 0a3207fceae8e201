"""Each graphic against its golden picture; regenerate with `make golden` after an intended change."""

import cv2
import numpy as np
import pytest

from tests.graphics.golden_cases import CASES, GOLDEN_DIR, render_case

# Small tolerance: font rasterising may move an edge pixel between FreeType builds.
MAX_MEAN_DIFFERENCE = 0.6
MAX_SHARE_OF_CHANGED_PIXELS = 0.004


@pytest.mark.parametrize("name", sorted(CASES))
def test_matches_golden(name):
    golden = cv2.imread(str(GOLDEN_DIR / f"{name}.png"))
    assert golden is not None, f"no golden for {name}: run `make golden`"
    frame = render_case(name)
    assert frame.shape == golden.shape
    difference = cv2.absdiff(frame, golden)
    changed_share = (difference.max(axis=2) > 24).mean()
    if difference.mean() > MAX_MEAN_DIFFERENCE or changed_share > MAX_SHARE_OF_CHANGED_PIXELS:
        cv2.imwrite(str(GOLDEN_DIR.parent / f"failed_{name}.png"), np.hstack([golden, frame, difference * 4]))
        pytest.fail(f"{name}: mean difference {difference.mean():.2f}, {changed_share:.2%} of pixels changed "
                    f"(golden | now | difference written to tests/graphics/failed_{name}.png)")
