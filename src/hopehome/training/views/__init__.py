"""Views of program 1: ``portal`` (public pages) and ``staff`` (back office)."""
