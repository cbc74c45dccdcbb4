"""Find quantities in text and parse their number, unit and qualifier."""
