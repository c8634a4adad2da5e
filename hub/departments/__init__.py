"""Departments: registration, their signed requests, and their grants (what they may submit, read and
look people up for)."""
