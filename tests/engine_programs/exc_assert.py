# assert statements: with and without messages, evaluated message only on failure.
calls = []


def msg():
    calls.append(1)
    return "computed message"


assert True, msg()
print(calls)
for cond in (0, [], None):
    try:
        assert cond, msg()
    except AssertionError as exc:
        print("AssertionError:", exc, calls)
try:
    assert 1 == 2
except AssertionError as exc:
    print("no message:", exc.args)
