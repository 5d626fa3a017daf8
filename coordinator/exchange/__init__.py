"""Workbook and CSV import and export with pandas, and field packages. No Qt."""
