# A literal function with more than 256 locals and constants, and a long if/elif chain.
def wide(x):
    a0 = x + 0; a1 = x + 1; a2 = x + 2; a3 = x + 3; a4 = x + 4; a5 = x + 5; a6 = x + 6; a7 = x + 7
    a8 = x + 8; a9 = x + 9; a10 = x + 10; a11 = x + 11; a12 = x + 12; a13 = x + 13; a14 = x + 14
    a15 = x + 15; a16 = x + 16; a17 = x + 17; a18 = x + 18; a19 = x + 19; a20 = x + 20
    b0 = a0 * 2; b1 = a1 * 2; b2 = a2 * 2; b3 = a3 * 2; b4 = a4 * 2; b5 = a5 * 2; b6 = a6 * 2
    b7 = a7 * 2; b8 = a8 * 2; b9 = a9 * 2; b10 = a10 * 2; b11 = a11 * 2; b12 = a12 * 2
    c = [a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, a17, a18, a19,
         a20, b0, b1, b2, b3, b4, b5, b6, b7, b8, b9, b10, b11, b12]
    return sum(c)


def chain(v):
    if v == 0: return "zero"
    elif v == 1: return "one"
    elif v == 2: return "two"
    elif v == 3: return "three"
    elif v == 4: return "four"
    elif v == 5: return "five"
    elif v == 6: return "six"
    elif v == 7: return "seven"
    elif v == 8: return "eight"
    elif v == 9: return "nine"
    elif v == 10: return "ten"
    elif v == 11: return "eleven"
    elif v == 12: return "twelve"
    elif v == 13: return "thirteen"
    elif v == 14: return "fourteen"
    elif v == 15: return "fifteen"
    elif v == 16: return "sixteen"
    elif v == 17: return "seventeen"
    elif v == 18: return "eighteen"
    elif v == 19: return "nineteen"
    elif v == 20: return "twenty"
    else:
        return "many"


# 300 distinct constants in one function: the constant index needs EXTENDED_ARG
def lookup(i):
    table = {
        0: 1.5, 1: 2.5, 2: 3.5, 3: 4.5, 4: 5.5, 5: 6.5, 6: 7.5, 7: 8.5, 8: 9.5, 9: 10.5,
    }
    names = ("n%d" % k for k in range(300))
    return table.get(i % 10), list(names)[i]


print(wide(1), [chain(v) for v in (0, 7, 20, 21)], lookup(299))
N = 0
for _k in range(300):
    N += _k
print(N)
