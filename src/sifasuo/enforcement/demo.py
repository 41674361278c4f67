def load(office):
    pass
