"""An empty program: the start-up cost of a runner, subtracted from every other figure."""
