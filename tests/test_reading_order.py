from pipeline.extract.reading_order import reading_order


def box(x0, y0, x1, y1):
    return [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]


def test_rows_top_to_bottom_then_left_to_right_even_when_skewed():
    boxes = [
        box(300, 104, 400, 124),  # row 1, right, a little lower (skew)
        box(10, 100, 100, 120),   # row 1, left
        box(10, 140, 100, 160),   # row 2
        box(200, 10, 300, 30),    # row 0
    ]
    assert reading_order(boxes) == [3, 1, 0, 2]


def test_empty():
    assert reading_order([]) == []
