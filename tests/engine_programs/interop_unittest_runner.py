# A programmatic unittest run of the package's test module (imported VM code), results on stdout.
import io
import unittest

from corpuspkg import testcases

stream = io.StringIO()
suite = unittest.defaultTestLoader.loadTestsFromModule(testcases)
result = unittest.TextTestRunner(stream=stream, verbosity=0).run(suite)
print(result.testsRun, len(result.failures), len(result.errors), result.wasSuccessful())
print(unittest.defaultTestLoader.getTestCaseNames(testcases.Arithmetic))
