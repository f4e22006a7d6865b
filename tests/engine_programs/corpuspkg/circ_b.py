from . import circ_a

B_VALUE = "b"
SEEN_PARTIAL_A = hasattr(circ_a, "A_VALUE")


def from_a():
    return circ_a.A_VALUE + "<-" + B_VALUE
