"""Proving and reading the audit trail: signed checkpoints, verification, access review (issue 6)."""
