"""Instructions whose meaning is the same in every version the engine runs (3.6-3.15).

Arguments arrive resolved (:mod:`bytescope.engine.prepare`): ``LOAD_CONST``
gets the constant, name instructions the name, ``*_DEREF`` a slot in the
common locals/cells/frees layout, jumps an instruction index.
"""

from __future__ import annotations

from ..dsl import DefinitionSet
from . import register

S = register(DefinitionSet("common"))

#: ``LOAD_GLOBAL``'s lookup (globals, then builtins; a non-dict globals through the mapping
#: protocol), shared by every line's definitions of it
GLOBAL_LOOKUP = """
    g = frame.globals
    if type(g) is dict:
        v = g.get(oparg, NULL)
        if v is NULL:
            v = load_builtin(frame, oparg)
    else:
        v = load_global(frame, oparg)
"""

S.inst("NOP", "--", arg="none")
S.inst("EXTENDED_ARG", "--", arg="none")
S.inst("POP_TOP", "value --", arg="none")

# --- locals, cells, names ---------------------------------------------------------------------

S.inst("LOAD_CONST", "-- value", "value = oparg", arg="const")
S.inst("LOAD_FAST", "-- value", """
    value = fast[oparg]
    if value is NULL:
        raise unbound_local(frame, oparg)
""", arg="local")
S.inst("STORE_FAST", "value --", "fast[oparg] = value", arg="local")
S.inst("DELETE_FAST", "--", "delete_fast(frame, oparg)", arg="local")
S.inst("LOAD_CLOSURE", "-- cell", "cell = fast[oparg]", arg="deref")
S.inst("LOAD_DEREF", "-- value", "value = load_deref(frame, oparg)", arg="deref")
S.inst("STORE_DEREF", "value --", "fast[oparg].cell_contents = value", arg="deref")
S.inst("DELETE_DEREF", "--", "delete_deref(frame, oparg)", arg="deref")
S.inst("LOAD_NAME", "-- value", "value = load_name(frame, oparg)", arg="name")
S.inst("STORE_NAME", "value --", "store_name(frame, oparg, value)", arg="name")
S.inst("DELETE_NAME", "--", "delete_name(frame, oparg)", arg="name")
S.inst("STORE_GLOBAL", "value --", "frame.globals[oparg] = value", arg="name")
S.inst("DELETE_GLOBAL", "--", "delete_global(frame, oparg)", arg="name")
S.inst("STORE_ATTR", "value owner --", "setattr(owner, oparg, value)", arg="name")
S.inst("DELETE_ATTR", "owner --", "delattr(owner, oparg)", arg="name")

# --- subscripts and operators -------------------------------------------------------------------

S.inst("BINARY_SUBSCR", "container sub -- res", "res = container[sub]", arg="none")
S.inst("STORE_SUBSCR", "v container sub --", "container[sub] = v", arg="none")
S.inst("DELETE_SUBSCR", "container sub --", "del container[sub]", arg="none")
S.inst("UNARY_NEGATIVE", "value -- res", "res = -value", arg="none")
S.inst("UNARY_INVERT", "value -- res", "res = ~value", arg="none")
S.inst("UNARY_NOT", "value -- res", "res = not value", arg="none")

for _sym in ("<", "<=", "==", "!=", ">", ">="):
    S.inst("COMPARE_OP", "left right -- res", f"res = left {_sym} right", variant=_sym,
           arg="compare")

# --- building ----------------------------------------------------------------------------------

S.inst("BUILD_TUPLE", "values[oparg] -- tup", "tup = tuple(values)")
S.inst("BUILD_LIST", "values[oparg] -- lst", "lst = values")
S.inst("BUILD_SET", "values[oparg] -- st_", "st_ = set(values)")
S.inst("BUILD_MAP", "values[oparg * 2] -- map_", "map_ = build_map(values)")
S.inst("BUILD_CONST_KEY_MAP", "values[oparg] keys -- map_", """
    if type(keys) is not tuple or len(keys) != oparg:
        raise BadBytecode("BUILD_CONST_KEY_MAP without a key tuple of the right size")
    map_ = dict(zip(keys, values))
""")
S.inst("BUILD_STRING", "pieces[oparg] -- res", "res = ''.join(pieces)")
S.inst("BUILD_SLICE", "start stop -- slice_", "slice_ = slice(start, stop)", variant="2",
       arg="vint")
S.inst("BUILD_SLICE", "start stop step -- slice_", "slice_ = slice(start, stop, step)",
       variant="3", arg="vint")
S.inst("LIST_APPEND", "lst unused[oparg - 1] v -- lst unused[oparg - 1]", "lst.append(v)")
S.inst("SET_ADD", "set_ unused[oparg - 1] v -- set_ unused[oparg - 1]", "set_.add(v)")

# --- iteration -----------------------------------------------------------------------------------

S.inst("GET_ITER", "iterable -- iter_", "iter_ = iter(iterable)", arg="none")
S.inst("GET_YIELD_FROM_ITER", "iterable -- iter_", "iter_ = get_yield_from_iter(frame, iterable)",
       arg="none")
S.inst("UNPACK_SEQUENCE", "seq -- values[oparg]", """
    if type(seq) is not tuple or len(seq) != oparg:
        values = unpack_sequence(seq, oparg, frame)
    else:
        values = seq[::-1]
""")
S.inst("UNPACK_EX", "seq -- values[(oparg & 0xFF) + (oparg >> 8) + 1]",
       "values = unpack_ex(seq, oparg, frame)")

# --- jumps --------------------------------------------------------------------------------------

S.inst("JUMP_FORWARD", "--", "JUMP(oparg)", arg="jump")

# --- functions, classes, modules -----------------------------------------------------------------

S.inst("RETURN_VALUE", "retval --", """
    do_return(frame, retval)
    SWITCH()
""", arg="none", flow="exit")
S.inst("RAISE_VARARGS", "args[oparg] --", "do_raise(frame, args)", flow="exit")
S.inst("LOAD_BUILD_CLASS", "-- bc", "bc = build_class_callable(frame)", arg="none")
S.inst("SETUP_ANNOTATIONS", "--", "setup_annotations(frame)", arg="none")
S.inst("IMPORT_FROM", "module -- module value", "value = import_from(frame, module, oparg)",
       arg="name")
S.inst("PRINT_EXPR", "value --", "print_expr(value)", arg="none")
S.inst("UNARY_POSITIVE", "value -- res", "res = +value", arg="none")
S.inst("IMPORT_NAME", "level fromlist -- res", "res = import_name(frame, oparg, fromlist, level)",
       arg="name")
S.inst("IMPORT_STAR", "module --", "import_star(frame, module)", arg="none")
S.inst("FORMAT_VALUE", "value -- res", "res = format_value(value, oparg)", arg="fmt")
S.inst("FORMAT_VALUE", "value spec -- res", "res = format_value(value, oparg, spec)",
       variant="spec", arg="fmt")


S.inst("JUMP_IF_FALSE_OR_POP", "cond --", """
    if not cond:
        JUMP_ALT(oparg)
""", arg="jump", jump_effect="cond -- cond")
S.inst("JUMP_IF_TRUE_OR_POP", "cond --", """
    if cond:
        JUMP_ALT(oparg)
""", arg="jump", jump_effect="cond -- cond")
