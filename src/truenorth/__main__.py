from truenorth.cli import entry

entry()
