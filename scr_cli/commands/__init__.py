"""One module per subcommand: plain functions returning result objects. They never print, prompt or exit."""
