# VM test methods run by unittest.main (its summary goes to stderr; exit status 0).
import unittest


class TestMath(unittest.TestCase):
    def setUp(self):
        self.data = [3, 1, 2]

    def test_sorted(self):
        self.assertEqual(sorted(self.data), [1, 2, 3])

    def test_raises(self):
        with self.assertRaises(ZeroDivisionError):
            1 / 0

    def test_subtests(self):
        for i in range(3):
            with self.subTest(i=i):
                self.assertLess(i, 3)

    @unittest.skip("demonstrating skip")
    def test_skipped(self):
        self.fail("not run")


class TestStrings(unittest.TestCase):
    def test_upper(self):
        self.assertEqual("a".upper(), "A")

    def test_in(self):
        self.assertIn("b", "abc")


if __name__ == "__main__":
    print("running tests")
    unittest.main()
