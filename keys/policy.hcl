# Policy "credit-hub": what the hub's AppRole token may do in OpenBao, and nothing more.
#
# Nothing here grants export, backup, restore, delete, soft-delete, trim or key import, and
# nothing under sys/.
#
# Why the key paths use `+` and not a `dept-*` glob: OpenBao applies ONE rule per request path,
# the most specific one, and a glob such as transit/keys/dept-* would also be the rule chosen for
# transit/keys/dept-x/rotate, .../soft-delete, .../trim, .../import. Granting update there would
# allow all of them. One-segment wildcards keep every sub-path under its own rule; exact rules
# (which always win) then narrow the hub's own keys.

# Department KEKs: the hub creates one when a department registers (never exportable).
# OpenBao's transit treats key creation as an update (the path has no existence check);
# a repeated create of an existing key changes nothing.
path "transit/keys/+" {
  capabilities = ["create", "read", "update"]
  denied_parameters = {
    "exportable"             = []
    "allow_plaintext_backup" = []
  }
}
# ... rotates them, and sets their rotation schedule and min_decryption_version after a rewrap.
path "transit/keys/+/rotate" {
  capabilities = ["update"]
}
path "transit/keys/+/config" {
  capabilities = ["update"]
  denied_parameters = {
    "exportable"             = []
    "allow_plaintext_backup" = []
    "deletion_allowed"       = []
  }
}

# DEKs are generated (wrapped only: the plaintext comes through decrypt, one path for it),
# unwrapped and rewrapped under a department KEK.
path "transit/datakey/wrapped/dept-*" {
  capabilities = ["update"]
}
path "transit/decrypt/dept-*" {
  capabilities = ["update"]
}
path "transit/encrypt/dept-*" {
  capabilities = ["update"]
}
path "transit/rewrap/dept-*" {
  capabilities = ["update"]
}

# Subject tokens: HMAC only; the key itself never leaves OpenBao. Rotation and config of
# subject-token go through the transit/keys/+/rotate and /config rules above.
path "transit/hmac/subject-token" {
  capabilities = ["update"]
}
path "transit/keys/subject-token" {
  capabilities = ["read"]
}

# The hub's publication / audit-checkpoint signing key.
path "transit/sign/hub-signing" {
  capabilities = ["update"]
}
path "transit/verify/hub-signing" {
  capabilities = ["update"]
}
path "transit/keys/hub-signing" {
  capabilities = ["read"]
}
# The publication key is rotated by an operator (root/admin), not by the hub.
path "transit/keys/hub-signing/rotate" {
  capabilities = ["deny"]
}
path "transit/keys/hub-signing/config" {
  capabilities = ["deny"]
}

# Listing key names (no key material).
path "transit/keys" {
  capabilities = ["list"]
}

# The token's own lifecycle.
path "auth/token/renew-self" {
  capabilities = ["update"]
}
path "auth/token/lookup-self" {
  capabilities = ["read"]
}
