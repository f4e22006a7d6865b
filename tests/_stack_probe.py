# ruff: noqa
# Runs under the *oracle* interpreter (CPython 3.6+): keep it version-neutral.
# Reads one JSON request on stdin:
#   {"opcodes": [...], "opargs": [... or null], "jumps": [...], "cases": [[opcode, oparg, jump], ...]}
# where "jumps" holds "absent" (no jump keyword), null, true, false, and each argument
# of "cases" is a JSON int, null, or a tagged object {"float": 1.5}, {"str": "x"},
# {"absent": 0} (argument not passed at all).
# Writes one JSON object: {"release", "errors": [message, ...],
#   "grid": {"<opcode> <jump>": [result per oparg]}, "cases": [result per case]}
# where a result is an int (the effect) or the string "e<N>" (errors[N] was raised:
# "TypeName: message").
import json
import sys

import dis

ABSENT = object()


def decode(value):
    if isinstance(value, dict):
        (tag, payload), = value.items()
        if tag == "float":
            return float(payload)
        if tag == "str":
            return str(payload)
        if tag == "absent":
            return ABSENT
        raise ValueError("unknown tag %r" % tag)
    return value


def jump_of(value):
    return ABSENT if value == "absent" else decode(value)


def main():
    request = json.loads(sys.stdin.read())
    errors = {}
    effect = dis.stack_effect

    def call(opcode, oparg, jump):
        args = [] if opcode is ABSENT else [opcode]
        if oparg is not ABSENT:
            args.append(oparg)
        try:
            if jump is ABSENT:
                return effect(*args)
            return effect(*args, jump=jump)
        except Exception as exc:
            text = "%s: %s" % (type(exc).__name__, exc)
            if text not in errors:
                errors[text] = len(errors)
            return "e%d" % errors[text]

    grid = {}
    opargs = [decode(a) for a in request["opargs"]]
    for opcode in request["opcodes"]:
        for jump_value in request["jumps"]:
            jump = jump_of(jump_value)
            key = "%d %s" % (opcode, json.dumps(jump_value))
            grid[key] = [call(opcode, oparg, jump) for oparg in opargs]
    cases = [call(decode(op), decode(arg), jump_of(j)) for op, arg, j in request["cases"]]
    table = sorted(errors, key=errors.get)
    sys.stdout.write(json.dumps({"release": sys.version.split()[0], "errors": table,
                                 "grid": grid, "cases": cases}))


main()
