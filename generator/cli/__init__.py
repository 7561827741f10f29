"""The command line on top: generate, check, validate, diff, scaffold."""
