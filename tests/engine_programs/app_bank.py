# A bank simulation: classes, custom exceptions, Decimal money, transaction log, rollback.
from decimal import ROUND_HALF_UP, Decimal


class InsufficientFunds(Exception):
    def __init__(self, account, amount):
        super().__init__("%s cannot pay %s" % (account.owner, amount))
        self.shortfall = amount - account.balance


class Account:
    def __init__(self, owner, balance="0"):
        self.owner = owner
        self.balance = Decimal(balance)
        self.history = []

    def deposit(self, amount):
        amount = Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        self.balance += amount
        self.history.append(("dep", amount))

    def withdraw(self, amount):
        amount = Decimal(amount)
        if amount > self.balance:
            raise InsufficientFunds(self, amount)
        self.balance -= amount
        self.history.append(("wd", amount))


class Bank:
    def __init__(self):
        self.accounts = {}

    def open(self, owner, balance="0"):
        self.accounts[owner] = Account(owner, balance)
        return self.accounts[owner]

    def transfer(self, src, dst, amount):
        a, b = self.accounts[src], self.accounts[dst]
        snapshot = (a.balance, b.balance, len(a.history), len(b.history))
        try:
            a.withdraw(amount)
            if dst == "frozen":
                raise PermissionError("account frozen")
            b.deposit(amount)
        except Exception:
            a.balance, b.balance = snapshot[0], snapshot[1]
            del a.history[snapshot[2]:], b.history[snapshot[3]:]
            raise


bank = Bank()
bank.open("ann", "100.00")
bank.open("bob")
bank.open("frozen")
bank.transfer("ann", "bob", "30.555")
for args in (("bob", "ann", "50"), ("ann", "frozen", "10")):
    try:
        bank.transfer(*args)
    except InsufficientFunds as exc:
        print("InsufficientFunds:", exc, exc.shortfall)
    except PermissionError as exc:
        print("PermissionError:", exc)
for name, acct in sorted(bank.accounts.items()):
    print(name, acct.balance, acct.history)
print(sum(a.balance for a in bank.accounts.values()))
