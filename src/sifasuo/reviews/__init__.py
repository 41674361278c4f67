"""Legality review (合法性审查) and meeting attendance (列席) as closed loops."""
