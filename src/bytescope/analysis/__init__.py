"""Analyses built on the instruction layer: control-flow graphs (:mod:`.cfg`)."""
