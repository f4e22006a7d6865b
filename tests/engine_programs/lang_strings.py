# String methods, slicing, unicode, escapes, encode/decode, comparisons.
s = "Hello, Wörld!"
print(s.lower(), s.upper(), s.title(), s.swapcase(), s.casefold())
print(s[::-1], s[7:], s[-6:-1], s[::3], len(s), s.find("o"), s.rfind("o"), s.count("l"))
print(s.split(","), s.partition(" "), s.rsplit("l", 1), "a,b,,c".split(","), " x  y ".split())
print(s.replace("l", "L", 2), s.startswith(("He", "x")), s.endswith("!"), s.isalpha(), "123".isdigit())
print("|" + "ab".center(6, "-") + "|" + "ab".ljust(4) + "|" + "ab".rjust(4, "0") + "|" + "7".zfill(3))
print(s.encode("utf-8"), s.encode("ascii", "replace"), b"W\xc3\xb6".decode("utf-8"), "é".encode("latin-1"))
print(ord("€"), chr(8364), "\u00e9" == "é", "\N{GREEK SMALL LETTER ALPHA}", repr("tab\there"), "a\\b")
print("-".join(["x", "y", "z"]), "abc" < "abd", "B" < "a", "ß".upper(), "ﬁ".upper(), "İ".lower() == "i̇")
print("  strip me  ".strip(), "xxhixx".strip("x"), "line1\nline2\r\nline3".splitlines(), "tab\tsep".expandtabs(4))
print("{:>8}".format("r"), "%5.2f%%" % 12.345, "a%sb" % "X", str(12) + repr("q"), "abc".translate({97: "A", 98: None}))
