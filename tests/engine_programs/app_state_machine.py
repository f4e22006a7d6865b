# A vending-machine state machine with enums, transitions table and an event log.
import enum


class S(enum.Enum):
    IDLE = "idle"
    PAID = "paid"
    VENDING = "vending"


class Machine:
    PRICE = 3

    def __init__(self):
        self.state = S.IDLE
        self.credit = 0
        self.log = []
        self.handlers = {(S.IDLE, "coin"): self.on_coin, (S.PAID, "coin"): self.on_coin,
                         (S.PAID, "push"): self.on_push, (S.VENDING, "done"): self.on_done}

    def fire(self, event, *args):
        handler = self.handlers.get((self.state, event))
        if handler is None:
            self.log.append("ignored %s in %s" % (event, self.state.value))
            return
        old = self.state
        self.state = handler(*args)
        self.log.append("%s --%s--> %s" % (old.value, event, self.state.value))

    def on_coin(self, n):
        self.credit += n
        return S.PAID

    def on_push(self):
        if self.credit < self.PRICE:
            return S.PAID
        self.credit -= self.PRICE
        return S.VENDING

    def on_done(self):
        return S.PAID if self.credit else S.IDLE


m = Machine()
for ev in [("push",), ("coin", 1), ("push",), ("coin", 5), ("push",), ("coin", 1), ("done",),
           ("push",), ("done",), ("done",)]:
    m.fire(*ev)
print("\n".join(m.log))
print(m.state, m.credit)
