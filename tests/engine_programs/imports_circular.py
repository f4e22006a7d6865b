# Circular imports between two modules of the package: partially initialised modules.
from corpuspkg import circ_a, circ_b

print(circ_a.from_b(), circ_b.from_a(), circ_b.SEEN_PARTIAL_A)
