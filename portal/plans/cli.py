"""`flask --app portal plans read FILE`: what the reader finds in a plan, printed for checking and for scripting;
`plans import FILE --unit CODE` stores it as a draft of that unit and says which bodies it matched to units;
`plans remind` queues the reminders of reports due soon, as the worker does every morning.
"""

from pathlib import Path

import click
from flask.cli import AppGroup

from portal.core.errors import DomainError
from portal.plans.documents import MAX_DOCUMENT_BYTES, document_text
from portal.plans.reading import PlanProposal, read_plan

plans_cli = AppGroup("plans", help="Plans: their tasks, responsible bodies, timeframes and reports.")


def _read_file(file: Path) -> PlanProposal:
    with file.open("rb") as handle:
        data = handle.read(MAX_DOCUMENT_BYTES + 1)
    try:
        return read_plan(document_text(data, name=file.name))
    except DomainError as error:
        raise click.ClickException(str(error)) from error


@plans_cli.command("read")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def read_command(file: Path):
    """Read a plan (text, Markdown, .docx or PDF) and print its header, tasks, report duties and unread passages."""
    click.echo(describe(_read_file(file)))


@plans_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--unit", "unit_code", required=True, help="Code of the unit whose plan this is.")
def import_command(file: Path, unit_code: str):
    """Read a plan and store it as a draft of the unit, printing what was found and what was matched."""
    from portal.extensions import db
    from portal.plans.services import import_plan
    from portal.units.services import get_unit_by_code

    proposal = _read_file(file)
    try:
        unit = get_unit_by_code(unit_code)
    except DomainError as error:
        raise click.ClickException(str(error)) from error
    plan = import_plan(proposal, unit, None)
    db.session.commit()
    click.echo(describe(proposal))
    click.echo(describe_stored(plan))


@plans_cli.command("remind")
def remind_command():
    """Mail the officials who must make a report due within 14 days, once per report (the worker does this daily)."""
    from portal.extensions import db
    from portal.plans.reports import queue_report_reminders

    queued = queue_report_reminders()
    db.session.commit()
    click.echo(f"Report reminders queued: {queued}.")


def _day(value) -> str:
    return value.strftime("%d/%m/%Y") if value else "-"


def describe(proposal: PlanProposal) -> str:
    """The proposal as indented text: one line per fact, tasks indented by their level."""
    lines = [
        f"Number: {proposal.number or '-'}",
        f"Issued on: {_day(proposal.issued_on)}" + (f" at {proposal.place}" if proposal.place else ""),
        f"Issuer: {proposal.issuer or '-'}",
        f"Title: {proposal.title}",
        f"Period: {_day(proposal.starts_on)} - {_day(proposal.ends_on)}",
        "Legal bases:",
        *(f"  {basis}" for basis in proposal.legal_bases),
        "Tasks:",
    ]
    for task in proposal.all_tasks():
        indent = "  " * task.level
        first_line = task.text.split("\n", 1)[0]
        lines.append(f"{indent}{task.number} {first_line}".rstrip())
        if task.lead or task.cooperating:
            lines.append(f"{indent}  lead: {task.lead or '-'}; cooperating: {', '.join(task.cooperating) or '-'}")
        if task.timeframe_text:
            lines.append(f"{indent}  when: {task.timeframe_text} ({_day(task.starts_on)} - {_day(task.ends_on)})")
    lines.append("Report duties:")
    for duty in proposal.report_duties:
        due = ", ".join(_day(day) for day in duty.due_dates) or "-"
        yearly = f"; every year on {duty.yearly_on[1]:02d}/{duty.yearly_on[0]:02d}" if duty.yearly_on else ""
        lines.append(f"  {duty.text} [{duty.kind}] due {due}{yearly}")
        via = f" via {duty.via}" if duty.via else ""
        lines.append(f"    by: {duty.maker or '-'}; to: {duty.recipient or '-'}{via}")
    lines.append("Unread:")
    lines.extend(f"  {passage}" for passage in proposal.unread)
    return "\n".join(lines)


def describe_stored(plan) -> str:
    """What the import stored, and which bodies named in the text are left for an official to match."""
    matched = sum(1 for task in plan.tasks if task.lead_unit is not None)
    unmatched = sorted({task.lead_text for task in plan.tasks if task.lead_text and task.lead_unit is None})
    reports = sum(len(duty.reports) for duty in plan.report_duties)
    lines = [
        f"Stored draft plan {plan.id} of {plan.unit.code}: {len(plan.tasks)} tasks, {matched} with their lead unit "
        f"matched, {len(plan.report_duties)} report duties, {reports} reports due.",
        "Lead bodies left for an official to match:",
        *(f"  {name}" for name in unmatched),
    ]
    return "\n".join(lines)
