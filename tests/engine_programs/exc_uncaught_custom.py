# exit: 1
# An uncaught exception raised in an imported package module, with a custom __str__.
import corpuspkg.errors

print("start")
corpuspkg.errors.explode(5)
