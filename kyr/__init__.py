"""kyr: multilingual TRUTH Act consent forms and know-your-rights documents."""

__version__ = "0.1.0"
