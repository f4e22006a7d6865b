"""Fixed facts of the marshal format: the FLAG_REF bit, type-code names, fixed-size fields.

Which type codes a version may hold is the versions table's business
(``VersionInfo.marshal_codes``); these are the facts every version shares.
"""

from __future__ import annotations

import struct

#: Bit 7 of a type byte (marshal 3+): the object enters the reference table.
FLAG_REF = 0x80

#: Fixed-size fields, little-endian as marshal writes them.
I32 = struct.Struct("<i")
U32 = struct.Struct("<I")
I64 = struct.Struct("<q")
H16 = struct.Struct("<h")
F64 = struct.Struct("<d")
F64_PAIR = struct.Struct("<dd")

#: A readable name for every type code character.
TYPE_NAMES: dict[str, str] = {
    "0": "NULL",
    "N": "None",
    "F": "False",
    "T": "True",
    "S": "StopIteration",
    ".": "Ellipsis",
    "i": "int",
    "I": "int64",
    "f": "float (text)",
    "g": "float",
    "x": "complex (text)",
    "y": "complex",
    "l": "long",
    "s": "string",
    "t": "interned",
    "R": "stringref",
    "r": "ref",
    "(": "tuple",
    ")": "small tuple",
    "[": "list",
    "{": "dict",
    "c": "code",
    "C": "code (Python 1.0-1.2)",
    "u": "unicode",
    "<": "set",
    ">": "frozenset",
    "a": "ascii",
    "A": "ascii interned",
    "z": "short ascii",
    "Z": "short ascii interned",
    ":": "slice",
    "}": "frozendict",
}
