"""`make bench`: performance figures, printed. Each area adds its own module here."""
