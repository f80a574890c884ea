"""gettext catalogs, shipped as kyr.locales package data."""
