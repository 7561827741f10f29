"""Stage 6, output: the target directory's rules, staging and the swap, the format pass."""
