"""The pure core: the domain in plain Python (dates, progress, SMART, plans, wording).

Nothing here imports Typer, Rich or SQL, so all of it is testable without a database.
"""
