# Many constants, names and long jumps: exercises EXTENDED_ARG in every version's bytecode.
def big(n):
    total = 0
    table = (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23)
    for i in range(n):
        if i % 2 == 0:
            total += table[i % 24] * 1 + 1000
        elif i % 3 == 0:
            total += table[(i * 7) % 24] - 3
        elif i % 5 == 0:
            total -= 17
        else:
            total ^= 0x55
    return total


CONSTS = [
    "c000", "c001", "c002", "c003", "c004", "c005", "c006", "c007", "c008", "c009",
    "c010", "c011", "c012", "c013", "c014", "c015", "c016", "c017", "c018", "c019",
]


def many_constants():
    out = []
    for base in range(300):
        out.append(base)
    vals = [
        1001, 1002, 1003, 1004, 1005, 1006, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 1015,
        1016, 1017, 1018, 1019, 1020, 1021, 1022, 1023, 1024, 1025, 1026, 1027, 1028, 1029, 1030,
    ]
    return sum(out) + sum(vals)


src_lines = ["def generated(x):", "    acc = 0"]
for k in range(400):
    src_lines.append("    v%d = x + %d" % (k, k * 3 + 100000))
    src_lines.append("    acc += v%d if v%d %% 2 else -v%d" % (k, k, k))
src_lines.append("    return acc")
ns = {}
exec("\n".join(src_lines), ns)
print(big(1000), many_constants(), ns["generated"](7), ns["generated"].__code__.co_nlocals)
