"""Department-side connectors: read a source, map it to the hub's record catalog, sign, push.

Speaks only the hub's public HTTP API; never imports `hub`.
"""
