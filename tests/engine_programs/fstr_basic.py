# f-strings: expressions, conversions, format specs (nested), braces, dates.
import datetime

name, value, width = "pi", 3.14159265, 10
items = [1, 2, 3]
print(f"{name}={value:.3f}|{value:{width}.2f}|{value:<{width}.1e}|")
print(f"{name!r} {name!s} {'é'!a} {items[1]} {len(items)} {{literal}}")
print(f"{1 + 2} {'yes' if value > 3 else 'no'} {[x * 2 for x in items]} {dict(a=1)['a']}")
print(f"{255:#x} {255:08b} {1234567:,} {0.25:%} {-3:+d} {'c':^5}|")
d = datetime.date(2020, 2, 29)
print(f"{d:%Y/%m/%d} {d!r}")
print(f"""multi
{name.upper()}
line""")
nested = f"{f'{value:.1f}'!r}"
print(nested, f"{'a' 'b'}", rf"\n{name}")
