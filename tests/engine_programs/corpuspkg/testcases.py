import unittest


class Arithmetic(unittest.TestCase):
    def test_add(self):
        self.assertEqual(1 + 2, 3)

    def test_divmod(self):
        self.assertEqual(divmod(-7, 2), (-4, 1))

    def test_raises(self):
        with self.assertRaises(ZeroDivisionError):
            1 / 0
