"""One loader per kind of official file."""
