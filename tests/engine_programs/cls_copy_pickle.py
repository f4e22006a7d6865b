# copy and pickle of VM-defined classes (the host finds them through __main__).
import copy
import pickle


class Node:
    def __init__(self, value, children=()):
        self.value = value
        self.children = list(children)

    def __repr__(self):
        return "Node(%r, %r)" % (self.value, self.children)

    def __eq__(self, other):
        return type(other) is Node and (self.value, self.children) == (other.value, other.children)


class Custom:
    def __init__(self, v):
        self.v = v

    def __copy__(self):
        return Custom("copy of %s" % self.v)

    def __deepcopy__(self, memo):
        return Custom("deep copy of %s" % self.v)

    def __reduce__(self):
        return (Custom, ("reduced " + self.v,))


tree = Node(1, [Node(2), Node(3, [Node(4)])])
shallow = copy.copy(tree)
deep = copy.deepcopy(tree)
print(shallow.children is tree.children, deep.children is tree.children, deep == tree)
print(copy.copy(Custom("a")).v, copy.deepcopy(Custom("b")).v)
data = pickle.dumps(tree, protocol=2)
back = pickle.loads(data)
print(back, back == tree, type(back).__name__)
print(pickle.loads(pickle.dumps(Custom("c"))).v)
