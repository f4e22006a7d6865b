# Name mangling of __private names in classes, nested functions and getattr strings.
class A:
    __secret = "A's"

    def __init__(self):
        self.__hidden = 1

    def reveal(self):
        return self.__secret, self.__hidden

    def via_lambda(self):
        return (lambda: self.__hidden)()


class B(A):
    __secret = "B's"

    def mine(self):
        return self.__secret


b = B()
print(b.reveal(), b.mine(), b.via_lambda())
print(sorted(k for k in vars(b)), "_A__secret" in A.__dict__, "_B__secret" in B.__dict__)
print(getattr(b, "_A__hidden"), hasattr(b, "__hidden"))
