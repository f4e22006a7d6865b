"""A tiny package for the packed samples."""
VERSION = "1.4"
