"""Submissions from the field become done visits: all or nothing, and twice is a no-op.

A submission fills the team's planned visit of that station, date and phase when there
is one, and makes a new visit otherwise. Its provenance (instance id, the id of its
first version, when, by whom, from which device, with which form version) is kept on
the visit, so the same export imported again changes nothing and an edited submission
(same first-version id, new instance id) updates its visit. Two submissions for one
team, station, date and phase are a conflict: both are left out and listed, never
merged; so is a submission for a visit already done. Rejected submissions are left out
and counted. Any problem in any cell stops the import with every problem listed and
nothing written, as the workbook import does.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from coordinator.db.enums import Phase, VisitStatus
from coordinator.db.models import ChecklistQuestion, PollingStation, Team, Visit
from coordinator.errors import UserError
from coordinator.services.field_form import field_form
from coordinator.services.submission_records import Review, Submission, SubmissionExport
from coordinator.services.submission_values import (
    MissionLookup,
    ParsedVisit,
    SubmissionProblem,
    SubmissionReader,
)
from coordinator.services.submission_writes import WritePlan, write_plan
from coordinator.services.unit import unit_of_work

MAX_PROBLEMS = 100
MAX_DETAILS = 200
_CHUNK = 500


@dataclass
class SubmissionReport:
    """What an import of submissions did (or would do), and why anything was left out."""

    source: str
    platform: str
    read: int = 0
    new_visits: int = 0
    planned_done: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    not_approved: int = 0
    older_versions: int = 0
    conflicts: int = 0
    details: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    problems: list[SubmissionProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def changed(self) -> int:
        return self.new_visits + self.planned_done + self.updated

    def left_out(self) -> str:
        """What was not imported and why, e.g. "1 rejected on the platform; 2 in conflict"."""
        counts = [
            (self.rejected, "rejected on the platform"),
            (self.not_approved, "not approved"),
            (self.conflicts, "in conflict"),
            (self.older_versions, "older versions of a submission in the file"),
        ]
        return "; ".join(f"{n} {what}" for n, what in counts if n)

    def summary(self) -> str:
        out = self.left_out()
        return (
            f"{self.read} submission(s) in {self.source} ({self.platform}): "
            f"{self.planned_done} planned visit(s) done, {self.new_visits} new visit(s), "
            f"{self.updated} updated by an edit, {self.unchanged} unchanged"
            + (f"; left out: {out}" if out else "")
            + "."
        )

    def lines(self, *, counts: bool = True) -> list[str]:
        lines = [self.summary(), *self.details] if counts else []
        lines += [f"Warning: {warning}" for warning in self.warnings]
        lines += [str(problem) for problem in self.problems[:MAX_PROBLEMS]]
        if len(self.problems) > MAX_PROBLEMS:
            lines.append(
                f"(only the first {MAX_PROBLEMS} of {len(self.problems)} problems are listed)"
            )
        return lines


class SubmissionImportError(UserError):
    """The export has problems; nothing was written. `report` lists them all."""

    def __init__(self, report: SubmissionReport) -> None:
        self.report = report
        super().__init__(
            f"The submissions were not imported: {len(report.problems)} problem(s); nothing "
            "was changed. Correct them on the platform (or in the export) and import again.\n"
            + "\n".join(report.lines(counts=False))
        )


class _PreviewRollbackError(Exception):
    def __init__(self, report: SubmissionReport) -> None:
        super().__init__()
        self.report = report


def _latest_versions(submissions: list[Submission], report: SubmissionReport) -> list[Submission]:
    """One submission per first-version id: the one no other in the file replaces."""
    by_stable: dict[str, list[Submission]] = defaultdict(list)
    for submission in submissions:
        by_stable[submission.stable_id].append(submission)
    latest = []
    for versions in by_stable.values():
        if len(versions) == 1:
            latest.append(versions[0])
            continue
        replaced = {v.deprecated_id for v in versions if v.deprecated_id}
        current = [v for v in versions if v.instance_id not in replaced] or versions
        # Of versions that do not say which they replace, the last one sent.
        latest.append(max(current, key=lambda v: v.submitted_at))
        report.older_versions += len(versions) - 1
    return latest


def _lookup(session: Session) -> MissionLookup:
    return MissionLookup(
        field_form(session),
        dict(session.execute(sa.select(Team.code, Team.id)).all()),
        dict(session.execute(sa.select(PollingStation.code, PollingStation.id)).all()),
        {q.code: q for q in session.scalars(sa.select(ChecklistQuestion))},
    )


@dataclass
class _Existing:
    id: int
    ref: str
    status: VisitStatus
    submission_id: str | None
    submission_root: str | None


VisitKey = tuple[int, int, object, Phase]


def _visits_by(session: Session, column: Any, keys: list[Any]) -> list[tuple[_Existing, VisitKey]]:
    """The visits whose `column` is among `keys`, with their team, station, date, phase."""
    found: list[tuple[_Existing, VisitKey]] = []
    for start in range(0, len(keys), _CHUNK):
        rows = session.execute(
            sa.select(
                Visit.id,
                Visit.ref,
                Visit.status,
                Visit.submission_id,
                Visit.submission_root,
                Visit.team_id,
                Visit.station_id,
                Visit.date,
                Visit.phase,
            ).where(column.in_(keys[start : start + _CHUNK]))
        )
        for row in rows:
            found.append((_Existing(*row[:5]), (row[5], row[6], row[7], row[8])))
    return found


def _conflict_free(parsed: list[ParsedVisit], report: SubmissionReport) -> list[ParsedVisit]:
    by_key: dict[VisitKey, list[ParsedVisit]] = defaultdict(list)
    for visit in parsed:
        by_key[visit.key].append(visit)
    kept = []
    for visits in by_key.values():
        if len(visits) == 1:
            kept.append(visits[0])
            continue
        report.conflicts += len(visits)
        names = " and ".join(v.submission.label for v in visits)
        report.details.append(
            f"Conflict: {names} all report {visits[0].describe()}; none was imported. Reject "
            "all but one on the platform and import again."
        )
    return kept


def _plan(session: Session, parsed: list[ParsedVisit], report: SubmissionReport) -> WritePlan:
    plan = WritePlan()
    roots = [v.submission.stable_id for v in parsed]
    by_root = {e.submission_root: e for e, _ in _visits_by(session, Visit.submission_root, roots)}
    stations = sorted({v.station_id for v in parsed})
    by_key: dict[VisitKey, list[_Existing]] = defaultdict(list)
    for existing, key in _visits_by(session, Visit.station_id, stations):
        by_key[key].append(existing)
    for visit in parsed:
        submission = visit.submission
        previous = by_root.get(submission.stable_id)
        if previous is not None:
            if previous.submission_id == submission.instance_id:
                report.unchanged += 1
            else:
                plan.update.append((previous.id, visit))
                report.details.append(
                    f"Visit {previous.ref} updated: {submission.label} is an edit of the "
                    "submission it came from."
                )
            continue
        at_key = [e for e in by_key.get(visit.key, []) if e.submission_root is None]
        done = [e for e in at_key if e.status is VisitStatus.DONE]
        open_ = [e for e in at_key if e.status is not VisitStatus.DONE]
        others = [e for e in by_key.get(visit.key, []) if e.submission_root is not None]
        if others or (done and not open_):
            already = (others or done)[0]
            report.conflicts += 1
            report.details.append(
                f"Conflict: {submission.label} reports {visit.describe()}, and visit "
                f"{already.ref} already records it; it was not imported. Delete one of the two "
                "(or reject the submission on the platform) and import again."
            )
        elif open_:
            plan.fill.append((open_[0].id, visit))
            by_key[visit.key].remove(open_[0])
        else:
            plan.new.append(visit)
    return plan


def import_submissions(
    session: Session,
    export: SubmissionExport,
    *,
    preview: bool = False,
    approved_only: bool = False,
) -> SubmissionReport:
    """Import the export's submissions into the mission open in `session`, in one transaction.

    Raises SubmissionImportError (nothing written) when any submission has a problem.
    `preview`: do everything but keep nothing, and return what would change.
    `approved_only`: leave out submissions a reviewer has not approved.
    """
    report = SubmissionReport(export.source, export.platform, read=len(export.submissions))
    report.warnings += export.warnings
    kept = []
    for submission in export.submissions:
        if submission.review is Review.REJECTED:
            report.rejected += 1
        elif approved_only and submission.review is not Review.APPROVED:
            report.not_approved += 1
        else:
            kept.append(submission)
    try:
        with unit_of_work(session):
            lookup = _lookup(session)
            reader = SubmissionReader(lookup, report.problems)
            parsed = [
                visit
                for submission in _latest_versions(kept, report)
                if (visit := reader.read(submission)) is not None
            ]
            if lookup.renumbered:
                shown, code = lookup.renumbered[0]
                report.warnings.append(
                    f"{len(lookup.renumbered)} station code(s) came as numbers, without their "
                    f"leading zeros (Excel's doing), and were matched to the mission's codes "
                    f"({shown} is {code})."
                )
            if report.problems:
                raise SubmissionImportError(report)
            plan = _plan(session, _conflict_free(parsed, report), report)
            refs = write_plan(session, plan)
            report.new_visits = len(plan.new)
            report.planned_done = len(plan.fill)
            report.updated = len(plan.update)
            for visit, ref in zip(plan.new[:MAX_DETAILS], refs, strict=False):
                report.details.append(
                    f"New visit {ref}: {visit.describe()} (no planned visit), from "
                    f"{visit.submission.label}."
                )
            if preview:
                raise _PreviewRollbackError(report)
    except _PreviewRollbackError as previewed:
        return previewed.report
    return report


def visit_provenance(session: Session, visit_id: int) -> str:
    """Where a visit from the field came from, in one line ("" for a visit typed in)."""
    with unit_of_work(session):
        row = session.execute(
            sa.select(
                Visit.submission_id,
                Visit.submission_root,
                Visit.submitted_at,
                Visit.submitted_by,
                Visit.submission_device,
                Visit.form_version,
            ).where(Visit.id == visit_id)
        ).one_or_none()
    if row is None or not row[0]:
        return ""
    instance, root, at, by, device, version = row
    parts = [f"From the field: submission {instance}"]
    if root and root != instance:
        parts.append(f"an edit of {root}")
    if at:
        parts.append(f"sent {at.replace('T', ' ')[:16]}")
    if by:
        parts.append(f"by {by}")
    if device:
        parts.append(f"from {device}")
    if version:
        parts.append(f"form version {version}")
    return ", ".join(parts) + "."
