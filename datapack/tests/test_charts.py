"""Charts are accessible SVG that the content security policy lets render inline."""

from xml.etree import ElementTree

import pytest

from datapack.charts import bar_chart


def test_a_chart_is_labelled_and_has_no_inline_styles():
    svg = bar_chart(
        title="Children in care by legal status",
        rows=[("C2: FCO", 12), ("E1: Placement order", 3)],
        value_label="Count",
        chart_id="chart-x",
    )
    assert svg.startswith('<svg role="img" aria-labelledby="chart-x-title chart-x-desc"')
    assert '<title id="chart-x-title">Children in care by legal status</title>' in svg
    assert "the largest is C2: FCO with 12" in svg
    assert "style=" not in svg and "<style" not in svg and "<metadata" not in svg
    assert 'font-family="&#x27;Arial&#x27;' in svg or "font-family=\"'Arial'" in svg
    assert ">C2: FCO<" in svg  # text stays text


def test_ids_are_unique_to_each_chart():
    first = bar_chart(title="A", rows=[("x", 1)], value_label="Count", chart_id="one")
    second = bar_chart(title="A", rows=[("x", 1)], value_label="Count", chart_id="two")
    import re

    ids = lambda svg: set(re.findall(r'id="([^"]+)"', svg))  # noqa: E731
    assert not ids(first) & ids(second)


# Labels come from Annex A values and uploaded files; they must reach the page as plain text.
HOSTILE_LABELS = [
    pytest.param('<script>alert("x")</script>', id="markup"),
    pytest.param('x style="fill:red" onload="alert(1)"', id="looks-like-a-style-attribute"),
    pytest.param("Tom & Jerry's --> <!-- comment", id="ampersand-and-comment-markers"),
    pytest.param("Fees $\\badcommand{ and $x", id="bad-mathtext"),
    pytest.param("Paid $5 to $10", id="two-dollar-signs"),
]
SVG = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize("label", HOSTILE_LABELS)
def test_a_label_from_the_data_is_drawn_as_the_same_plain_text(label):
    svg = bar_chart(title=label, rows=[(label, 3)], value_label="Count", chart_id="chart-x")

    tree = ElementTree.fromstring(svg)  # well-formed: nothing in the label broke out of its text
    elements = list(tree.iter())
    assert {element.tag.removeprefix(SVG) for element in elements} <= SAFE_SVG_ELEMENTS
    assert not [
        name for element in elements for name in element.attrib if name.lower().startswith("on")
    ]
    assert label in [element.text for element in tree.iter(f"{SVG}text")]
    assert tree.find(f"{SVG}title").text == label


SAFE_SVG_ELEMENTS = {"svg", "title", "desc", "defs", "g", "path", "clipPath", "rect", "use", "text"}


@pytest.mark.parametrize(("categories", "bars"), [(25, 25), (26, 25), (300, 25)])
def test_past_twenty_five_categories_the_rest_are_drawn_as_one_bar(categories, bars):
    """Caseloads by worker run to hundreds; the table keeps every figure, the chart stays
    readable. Exactly 25 categories are all drawn."""
    rows = [(f"Worker {n:03d}", 1000 - n) for n in range(categories)]
    svg = bar_chart(title="Caseloads", rows=rows, value_label="Children", chart_id="c")
    drawn = [f"Worker {n:03d}" for n in range(categories) if f">Worker {n:03d}<" in svg]
    assert len(drawn) == (bars if categories == bars else bars - 1)
    if categories > bars:
        rest = categories - (bars - 1)
        assert f">{rest:,} others together<" in svg
    assert f"in {categories} categories" in svg
    assert "the largest is Worker 000 with 1,000" in svg
