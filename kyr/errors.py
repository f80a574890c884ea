"""The one exception type kyr raises for bad input, so every front end can report it plainly."""


class KyrError(Exception):
    """Bad input or an unusable resource, with a message fit for the person who caused it."""
