"""The hub's foundation, imported by every domain and importing none: database, settings, errors,
principals, clock, the running hub (runtime) and the key machinery on top of OpenBao transit."""
