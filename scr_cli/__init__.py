"""scr: run a Serious Case Review as a git repository of Markdown and YAML."""

__version__ = "0.1.0"
