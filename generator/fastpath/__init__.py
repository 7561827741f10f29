"""The no-op answer: an unchanged tree is answered from a stamp before anything heavy is imported.
Standard library only; imports nothing else of the generator."""
