"""Numbers as Chinese reports write them; a change that rounds to nothing reads 持平, never -0.0."""

from minyi import formatting


def test_counts_and_rates():
    assert formatting.count(1234) == "1,234件"
    assert formatting.count(123_456) == "12.3万件"
    assert formatting.percent(0.99234) == "99.2%"
    assert formatting.percent(None) == "—"


def test_changes_are_signed_flat_or_absent():
    assert formatting.change(-0.295) == "-29.5%"
    assert formatting.change(0.182) == "+18.2%"
    assert formatting.change(-0.0004) == "持平"
    assert formatting.change(None) is None
    assert formatting.points(-0.00004) == "持平"
    assert formatting.points(0.031) == "+3.1个百分点"
