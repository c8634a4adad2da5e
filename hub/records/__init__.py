"""Departments' records: the catalog of record types, validation, and storing, reading and looking up
tokenised, encrypted records."""
