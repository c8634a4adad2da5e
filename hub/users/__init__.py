"""People who log in: users, passwords, sessions, roles, and the FastAPI dependencies that check them."""
