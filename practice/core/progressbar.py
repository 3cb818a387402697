"""Progress bars for long CLI work, on stderr so stdout stays machine-readable."""
import sys

from tqdm import tqdm


def progress(iterable=None, **kwargs):
    kwargs.setdefault("file", sys.stderr)
    kwargs.setdefault("leave", False)
    return tqdm(iterable, **kwargs)
