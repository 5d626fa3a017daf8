"""Printed documents built with ReportLab: the statement, team schedules, annexes. No Qt."""
