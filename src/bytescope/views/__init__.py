"""Views: turn the model (``Pyc``, ``Code``, spans) into text, JSON and reports."""
