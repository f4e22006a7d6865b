# Decorators: plain, with arguments, stacked, functools.wraps, decorating methods.
import functools

log = []


def trace(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        log.append((fn.__name__, args))
        return fn(*args, **kwargs)
    return wrapper


def times(n):
    def deco(fn):
        def wrapper(*a):
            return [fn(*a) for _ in range(n)]
        return wrapper
    return deco


@trace
@times(2)
def hello(who):
    """says hello"""
    return "hi " + who


class Service:
    @trace
    def work(self, x):
        return x * 2

    @staticmethod
    @trace
    def helper(y):
        return -y


print(hello("bob"), hello.__name__, hello.__doc__, hello.__wrapped__.__name__)
print(Service().work(4), Service.helper(3))
print(log[0][0], [entry[0] for entry in log])
