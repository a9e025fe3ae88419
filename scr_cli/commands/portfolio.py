"""`scr portfolio`: every review under the given folders, from their committed files, in one view."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from scr_cli import atomic
from scr_cli.errors import DataError, EnvironmentProblem
from scr_cli.publish import portfolio_out
from scr_cli.publish.portfolio_read import Portfolio, read_portfolio


@dataclass(frozen=True)
class PortfolioResult:
    """The portfolio read, and the file written for --html or --format (None for the terminal and --json)."""

    portfolio: Portfolio
    written: Path | None = None


def portfolio(folders: list[Path], today: date | None = None) -> PortfolioResult:
    return PortfolioResult(read_portfolio(folders or [Path(".")], today or date.today()))


def _write(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic.write_text(path, text)
    except OSError as exc:
        raise EnvironmentProblem(f"cannot write {path} ({exc.strerror or type(exc).__name__})",
                                 hint="choose a file in a folder you can write to") from None


def write_html(result: PortfolioResult, out: Path) -> PortfolioResult:
    _write(out, portfolio_out.to_html(result.portfolio))
    return PortfolioResult(result.portfolio, out)


def write_csv(result: PortfolioResult, out: Path) -> PortfolioResult:
    _write(out, portfolio_out.to_csv(result.portfolio))
    return PortfolioResult(result.portfolio, out)


def write_update(result: PortfolioResult, fmt: str, out: Path | None) -> PortfolioResult:
    if fmt not in ("pdf", "docx"):
        raise DataError(f"unknown format '{fmt}'", hint="use --format pdf or --format docx")
    from scr_cli.publish.monthly import write_update as build  # pandoc and typst: only this output needs them

    target = out or Path(f"monthly-update-{result.portfolio.today.isoformat()}.{fmt}")
    return PortfolioResult(result.portfolio, build(result.portfolio, fmt, target))
