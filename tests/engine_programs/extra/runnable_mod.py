"""A module run with -m (natively ``python -m runnable_mod``, in the VM ``bytescope run -m``)."""
import os
import sys

print(__name__, os.path.basename(sys.argv[0]), sys.argv[1:])
if __name__ == "__main__":
    import extramod

    print(extramod.double(sys.argv[-1]))
    raise SystemExit(len(sys.argv))
