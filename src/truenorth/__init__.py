"""truenorth: goals as code, every goal traced to one customer vision."""

__version__ = "0.1.0"
