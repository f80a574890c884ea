"""Document definitions (one TOML file per document), shipped as kyr.forms package data."""
