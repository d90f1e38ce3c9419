"""Reading county exports into the Minyi tables: one way in for files, uploads and the demo."""
