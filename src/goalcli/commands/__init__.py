"""One module per command: parse the options, call the core and storage, hand plain data to render."""
