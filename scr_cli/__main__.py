"""`python -m scr_cli`: the same program as the `scr` command."""

from scr_cli.app import run

run()
