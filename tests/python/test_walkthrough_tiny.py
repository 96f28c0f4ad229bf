"""The walk-through of test_walkthrough.py (every pipeline stage from the command line, then the
VOC export read by torchvision) on a 6-image demo at 64 pixels with the quick preset shrunk
further: the fast-lane counterpart of the slow py_test_walkthrough, in well under a minute.

Run by ctest as `/usr/bin/python3 test_walkthrough_tiny.py <path to amr>`.
"""

import sys

import test_walkthrough

if __name__ == "__main__":
    sys.exit(test_walkthrough.run_main(tiny=True))
