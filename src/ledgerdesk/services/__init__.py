"""One function per user intent; each takes the session of its transaction explicitly."""
