# Binary data: struct pack/unpack, bytearray edits, memoryview slices, int.to_bytes, base64, zlib crc.
import base64
import struct
import zlib

header = struct.pack("<4sHIf", b"BSCP", 3, 70000, 1.5)
print(header.hex(), len(header), struct.calcsize("<4sHIf"))
magic, version, size, ratio = struct.unpack("<4sHIf", header)
print(magic, version, size, ratio)
buf = bytearray(b"hello world")
buf[0:5] = b"HELLO"
buf.extend(b"!!")
del buf[-1]
mv = memoryview(buf)
print(bytes(mv[6:11]), mv[0], buf.find(b"o"), buf.upper())
print((1025).to_bytes(4, "little"), int.from_bytes(b"\x01\x02", "big"), (-2).to_bytes(2, "big", signed=True))
print(base64.b64encode(b"bytescope"), base64.b64decode("Ynl0ZXNjb3Bl"), zlib.crc32(b"abc"))
print(bytes(range(5)), b"a,b,,c".split(b","), b"%d-%s" % (5, b"x"), bytes.fromhex("ff00"))
records = b"".join(struct.pack(">hh", i, -i) for i in range(3))
print(list(struct.iter_unpack(">hh", records)))
