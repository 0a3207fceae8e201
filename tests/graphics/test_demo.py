from studio.core.graphics.background import reference_background
from studio.core.graphics.demo import CYCLE_S, DemoDirector
from studio.core.graphics.kinds import GRAPHIC_KINDS
from studio.core.graphics.program import ProgramGraphics


def test_demo_cycles_through_every_graphic_and_loops(theme):
    graphics = ProgramGraphics(320, 180, theme)
    director = DemoDirector(graphics)
    seen: set[str] = set()
    cards = []
    fps = 5
    for frame_index in range(int(2 * CYCLE_S * fps) + 1):
        show_time_s = frame_index / fps
        director.tick(show_time_s)
        graphics.composite(reference_background(320, 180), show_time_s)
        seen.update(graphics.visible_kinds())
        card = graphics._slots["card"].data
        if card is not None and (not cards or cards[-1] != card.product.sku):
            cards.append(card.product.sku)
    assert seen == set(GRAPHIC_KINDS)
    assert len(set(cards)) >= 2, "each loop features another product"
