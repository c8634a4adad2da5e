"""People and permissions: users, passwords, sessions, roles, separation of duties (issue 6).

Other packages code against `hub.access.users.authenticate`, `hub.access.deps.CurrentUser` and
`hub.access.deps.require_roles`.
"""
