"""``python -m api`` runs the innokg CLI (the same as the ``innokg`` command)."""

from .cli import app

if __name__ == "__main__":
    app(prog_name="innokg")
