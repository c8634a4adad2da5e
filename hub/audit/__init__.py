"""The audit trail: the hash chain every domain appends to (`trail`), its signed checkpoints,
verification, the access review and its export, and who read what about one person."""
