"""Encryption commands: keys, lock, unlock, rekey, edit, doctor, textconv."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from scr_cli.cli.options import HOME
from scr_cli.cli.options import REVIEW as ROOT

AS = typer.Option(None, "--as", help="Person id of the chair who signs: a chair on the committed readers list "
                                    "(default: any such chair whose key you hold).")


def register(app: typer.Typer) -> None:
    keys = typer.Typer(help="The trust root: readers of the sensitive files, their keys and the roles they sign "
                            "in, on a chair-signed list.",
                       no_args_is_help=True, rich_markup_mode=None)
    app.add_typer(keys, name="keys")

    @keys.command("add")
    def keys_add(keyfile: Path = typer.Argument(..., help="An exported public key (.asc)."),
                 person: str = typer.Option(..., "--person", help="The reader's id in people.yaml."),
                 root: Path = ROOT, gnupghome: Path | None = HOME, as_person: str | None = AS) -> None:
        """Add (or replace) a reader's key; re-sign and re-encrypt when you hold a chair's key."""
        from scr_cli.commands import keys as cmd
        from scr_cli.render import crypto as out

        out.keys_changed(cmd.add(root, keyfile, person, gnupghome, as_person), "added")

    @keys.command("remove")
    def keys_remove(person: str = typer.Argument(..., help="The reader's person id."), root: Path = ROOT,
                    gnupghome: Path | None = HOME, as_person: str | None = AS) -> None:
        """Remove a reader; current files are re-encrypted without them (history stays readable to them)."""
        from scr_cli.commands import keys as cmd
        from scr_cli.render import crypto as out

        out.keys_changed(cmd.remove(root, person, gnupghome, as_person), "removed")

    @keys.command("list")
    def keys_list(root: Path = ROOT) -> None:
        """List readers: person, fingerprint, expiry, encryption, signing roles, and the list's signature."""
        from scr_cli.commands import keys as cmd
        from scr_cli.render import crypto as out

        result = cmd.list_readers(root)
        out.keys_list(result)
        if result.problem is not None:  # the table is shown; the damage is the error line, and exit 1
            raise result.problem

    @keys.command("sign")
    def keys_sign(root: Path = ROOT, gnupghome: Path | None = HOME, as_person: str | None = AS) -> None:
        """Sign the readers list as a chair, then re-encrypt every sensitive file.

        The list is written from people.yaml (each reader's signing roles and agency) and .scr/config.yaml
        (the board's public paths): signing approves them. A chair on the committed list signs.
        """
        from scr_cli.commands import keys as cmd
        from scr_cli.render import crypto as out

        out.keys_changed(cmd.sign(root, gnupghome, as_person), "signed")

    @app.command("lock")
    def lock(paths: list[str] = typer.Argument(None, help="Sensitive files or folders (default: all)."),
             root: Path = ROOT, gnupghome: Path | None = HOME) -> None:
        """Encrypt changed sensitive files to exactly the signed readers (<name>.gpg).

        Every file that is not a public path is sensitive, so a new one (a copy, a note in a new folder) is
        encrypted too and its plaintext added to .gitignore.

        IMRs and the overview report are first held to the draft rules (as the hooks hold other documents):
        changed text needs the next version (`scr draft bump PATH`); a final one needs `scr draft reopen`.
        """
        from scr_cli.cli.hot import lock as run  # the body app.main runs without typer on a plain command line

        run(root, paths or None, gnupghome)

    @app.command("unlock")
    def unlock(paths: list[str] = typer.Argument(None, help="Sensitive files or folders (default: all)."),
               root: Path = ROOT, gnupghome: Path | None = HOME,
               force: bool = typer.Option(False, "--force", help="Overwrite unlocked plaintext changes.")) -> None:
        """Decrypt sensitive files with your key into private (0600) plaintext files.

        Files outside your scope (another agency's folder, the core readers' files) are skipped and said.
        """
        from scr_cli.commands.unlock import unlock as cmd
        from scr_cli.render import crypto as out

        out.unlocked(cmd(root, paths or None, gnupghome, force))

    @app.command("rekey")
    def rekey(root: Path = ROOT, gnupghome: Path | None = HOME) -> None:
        """Re-encrypt every sensitive file whose recipients differ from its readers (all or nothing).

        A file's readers are its scope: who the chair-signed list names for it, and the panel once the log
        records that it was circulated (`scr log imr-circulated`).
        """
        from scr_cli.commands.rekey import rekey as cmd
        from scr_cli.render import crypto as out

        out.rekeyed(cmd(root, gnupghome))

    @app.command("edit")
    def edit(path: str = typer.Argument(..., help="A sensitive file (its plaintext name or its .gpg)."),
             root: Path = ROOT, gnupghome: Path | None = HOME) -> None:
        """Edit an encrypted file in a private folder with $EDITOR, then re-encrypt it.

        A changed IMR or overview report becomes its next draft (version up, dated today); a final one is
        refused until reopened; an edit the rules refuse is kept unlocked in the work tree.
        """
        from scr_cli.commands.edit import edit as cmd
        from scr_cli.render import crypto as out

        out.edited(cmd(root, path, gnupghome))

    @app.command("doctor")
    def doctor(root: Path = ROOT, gnupghome: Path | None = HOME,
               clean: bool = typer.Option(False, "--clean", help="Remove what is safe to remove.")) -> None:
        """Find plaintext leftovers, plaintext in .git, wrong readers, expired keys, textconv caches and open modes."""
        from scr_cli.commands.doctor import doctor as cmd
        from scr_cli.render import crypto as out

        result = cmd(root, clean, gnupghome)
        out.doctor(result)
        if result.problems_left:
            raise typer.Exit(1)

    @app.command("textconv", hidden=True)
    def textconv(file: Path = typer.Argument(..., help="A .gpg file (git's diff driver passes it).")) -> None:
        """Print a .gpg file decrypted (used by git diff through the scrgpg driver)."""
        from scr_cli.commands.textconv import textconv as cmd

        sys.stdout.buffer.write(cmd(file))
