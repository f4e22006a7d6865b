# Huffman codes: build the tree with heapq, encode to bits, pack into bytes, decode back.
import heapq
import itertools


def build(text):
    freq = {}
    for ch in text:
        freq[ch] = freq.get(ch, 0) + 1
    tie = itertools.count()
    heap = [(f, next(tie), ch) for ch, f in sorted(freq.items())]
    heapq.heapify(heap)
    while len(heap) > 1:
        f1, _, a = heapq.heappop(heap)
        f2, _, b = heapq.heappop(heap)
        heapq.heappush(heap, (f1 + f2, next(tie), (a, b)))
    codes = {}

    def walk(node, prefix):
        if isinstance(node, tuple):
            walk(node[0], prefix + "0")
            walk(node[1], prefix + "1")
        else:
            codes[node] = prefix or "0"
    walk(heap[0][2], "")
    return codes, heap[0][2]


text = "this is an example of a huffman tree, mississippi"
codes, tree = build(text)
bits = "".join(codes[c] for c in text)
packed = int(bits, 2).to_bytes((len(bits) + 7) // 8, "big")
print(len(text) * 8, len(bits), len(packed), packed[:6].hex())
out, node = [], tree
for b in bits:
    node = node[int(b)]
    if not isinstance(node, tuple):
        out.append(node)
        node = tree
print("".join(out) == text, sorted(codes.items(), key=lambda kv: (len(kv[1]), kv[0]))[:5])
