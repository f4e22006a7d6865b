# An event bus: subscribe with decorators, priorities, one-shot handlers, error isolation.
class Bus:
    def __init__(self):
        self.handlers = {}

    def on(self, event, priority=0, once=False):
        def register(fn):
            self.handlers.setdefault(event, []).append((priority, len(self.handlers.get(event, [])), fn, once))
            return fn
        return register

    def emit(self, event, *args):
        results = []
        handlers = sorted(self.handlers.get(event, []), key=lambda h: (-h[0], h[1]))
        for entry in handlers:
            prio, _, fn, once = entry
            try:
                results.append(fn(*args))
            except Exception as exc:
                results.append("%s failed: %s" % (fn.__name__, exc))
            if once:
                self.handlers[event].remove(entry)
        return results


bus = Bus()


@bus.on("save")
def log_save(name):
    return "logged " + name


@bus.on("save", priority=10)
def validate(name):
    if not name:
        raise ValueError("empty name")
    return "valid " + name


@bus.on("save", once=True)
def first_only(name):
    return "first save " + name


print(bus.emit("save", "doc"))
print(bus.emit("save", ""))
print(bus.emit("load"), sorted(bus.handlers))
