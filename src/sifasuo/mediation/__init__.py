"""People's mediation (人民调解): dispute cases from application to archived case file."""
