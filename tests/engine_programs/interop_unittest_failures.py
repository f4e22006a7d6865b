# exit: 1
# unittest.main with failing and erroring VM tests: exit 1, summary as the last stderr line.
import unittest


class T(unittest.TestCase):
    def test_ok(self):
        self.assertTrue(True)

    def test_fail(self):
        self.assertEqual([1, 2], [1, 3])

    def test_error(self):
        raise KeyError("boom")

    @unittest.expectedFailure
    def test_expected(self):
        self.assertEqual(1, 2)


if __name__ == "__main__":
    unittest.main()
