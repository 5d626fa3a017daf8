"""Everything a coordinator can do, as plain functions over a SQLAlchemy Session. No Qt.

Each function that writes is one transaction (`unit_of_work`) and validates first,
raising `ValidationError` naming the field and what is wrong; nothing is written then.
"""
