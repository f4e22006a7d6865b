# Evaluation order: calls, subscripts, assignments, dict displays (3.8 changed key/value order).
log = []


def t(v):
    log.append(v)
    return v


def f(*a, **k):
    return a


f(t(1), t(2), k=t(3))
print(log)
log.clear()
d = {t("k1"): t("v1"), t("k2"): t("v2")}
print(log)
log.clear()
x = {}
x[t("key")] = t("value")
print(log)
log.clear()
t(2) + t(3) * t(4)
print(log)
log.clear()
a = b = t("chain")
print(log, a, b)
log.clear()
c = [0, 0]
i = 0
i, c[i] = 1, t("item")
print(c, log)
log.clear()
print(t(1) if t(True) else t(2), log)
