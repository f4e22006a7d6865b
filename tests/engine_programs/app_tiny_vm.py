# A tiny stack machine interpreting its own bytecode (a loop, calls, a jump table).
PROGRAM = [
    ("push", 0), ("store", "i"), ("push", 1), ("store", "acc"),
    ("load", "i"), ("push", 10), ("lt", None), ("jz", 17),
    ("load", "acc"), ("load", "i"), ("push", 1), ("add", None), ("mul", None), ("store", "acc"),
    ("load", "i"), ("call", "inc"), ("jmp", 4),
    ("load", "acc"), ("print", None), ("halt", None),
]


class VM:
    def __init__(self, code):
        self.code, self.stack, self.vars, self.pc, self.steps = code, [], {}, 0, 0
        self.ops = {name[3:]: getattr(self, name) for name in dir(self) if name.startswith("op_")}

    def run(self):
        while True:
            op, arg = self.code[self.pc]
            self.pc += 1
            self.steps += 1
            if op == "halt":
                return self.steps
            self.ops[op](arg)

    def op_push(self, v):
        self.stack.append(v)

    def op_store(self, name):
        self.vars[name] = self.stack.pop()

    def op_load(self, name):
        self.stack.append(self.vars[name])

    def op_add(self, _):
        b, a = self.stack.pop(), self.stack.pop()
        self.stack.append(a + b)

    def op_mul(self, _):
        b, a = self.stack.pop(), self.stack.pop()
        self.stack.append(a * b)

    def op_lt(self, _):
        b, a = self.stack.pop(), self.stack.pop()
        self.stack.append(a < b)

    def op_jz(self, target):
        if not self.stack.pop():
            self.pc = target

    def op_jmp(self, target):
        self.pc = target

    def op_call(self, name):
        self.vars["i"] = self.stack.pop() + 1

    def op_print(self, _):
        print("acc =", self.stack.pop())


print("steps:", VM(PROGRAM).run())
