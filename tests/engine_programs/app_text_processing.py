# Text processing: word counts, a concordance, wrapping and justified output, regex cleanup.
import collections
import re
import textwrap

TEXT = """It was the best of times, it was the worst of times, it was the age of wisdom,
it was the age of foolishness, it was the epoch of belief, it was the epoch of incredulity,
it was the season of Light, it was the season of Darkness."""

words = re.findall(r"[a-z]+", TEXT.lower())
counts = collections.Counter(words)
print(len(words), len(counts), counts.most_common(4))
concord = collections.defaultdict(list)
for lineno, line in enumerate(TEXT.splitlines(), 1):
    for w in set(re.findall(r"[a-z]+", line.lower())):
        concord[w].append(lineno)
print(sorted((w, ls) for w, ls in concord.items() if len(ls) > 1))
for line in textwrap.wrap(" ".join(TEXT.split()), 30)[:4]:
    print("|" + line.ljust(30) + "|")
caps = re.sub(r"\b(\w)(\w*)", lambda m: m.group(1).upper() + m.group(2), "the age of wisdom")
print(caps, "-".join(reversed(caps.split())), caps.swapcase().center(25, "*"))
print(sorted(set(words), key=lambda w: (-counts[w], w))[:6])
