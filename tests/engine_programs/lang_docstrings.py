"""Module docstring of lang_docstrings."""


def documented():
    """Function docstring."""
    return documented.__doc__


def undocumented():
    x = "not a docstring"
    return x


class K:
    """Class docstring."""

    def m(self):
        """Method docstring."""


print(__doc__, documented(), undocumented.__doc__, K.__doc__, K.m.__doc__, K().m.__doc__)
print((lambda: "x").__doc__)
