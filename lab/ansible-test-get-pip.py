"""Stand-in for PyPA's get-pip.py, which ansible-test downloads from a host we cannot reach.

ansible-test runs it as ``python get_pip.py [pip options] pip==X.Y [--no-setuptools] [--no-wheel]``
inside each virtual environment it makes without pip. The interpreter's own
``ensurepip`` brings a pip, which then installs the exact pip version asked for
from the package index, as get-pip.py would.
"""

import subprocess
import sys

GET_PIP_ONLY_OPTIONS = {"--no-setuptools", "--no-wheel"}


def main():
    args = sys.argv[1:]
    pip_args = [arg for arg in args if arg not in GET_PIP_ONLY_OPTIONS]
    # In a child process: ensurepip.bootstrap() in this one would set PIP_CONFIG_FILE to
    # os.devnull for good, and the pip below would lose the site's certificate and index settings.
    subprocess.check_call([sys.executable, "-m", "ensurepip", "--upgrade"], stdout=subprocess.DEVNULL)
    subprocess.check_call([sys.executable, "-m", "pip", "install", "--quiet", *pip_args])
    unwanted = [name for name in ("setuptools", "wheel") if f"--no-{name}" in args]
    if unwanted:
        subprocess.check_call([sys.executable, "-m", "pip", "uninstall", "--quiet", "--yes", *unwanted])


if __name__ == "__main__":
    main()
