INIT_RAN = True
