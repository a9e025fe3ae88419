"""Adapters: the only code that runs other programs (git, gpg, pandoc, typst)."""
