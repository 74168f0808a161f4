"""Rich and Markdown renderings of the views (no storage): widgets.py holds the shared pieces;
report.py, markdown.py, goal.py and screens.py one kind of output each."""
