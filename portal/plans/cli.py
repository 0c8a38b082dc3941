"""`flask --app portal plans read FILE`: what the reader finds in a plan, printed for checking and for scripting.

Storing the plan (`plans import FILE --unit CODE`) comes with the plan models; this command touches no database.
"""

from pathlib import Path

import click
from flask.cli import AppGroup

from portal.core.errors import DomainError
from portal.plans.documents import MAX_DOCUMENT_BYTES, document_text
from portal.plans.reading import PlanProposal, read_plan

plans_cli = AppGroup("plans", help="Plans: their tasks, responsible bodies, timeframes and reports.")


@plans_cli.command("read")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def read_command(file: Path):
    """Read a plan (text, Markdown, .docx or PDF) and print its header, tasks, report duties and unread passages."""
    with file.open("rb") as handle:
        data = handle.read(MAX_DOCUMENT_BYTES + 1)
    try:
        proposal = read_plan(document_text(data, name=file.name))
    except DomainError as error:
        raise click.ClickException(str(error)) from error
    click.echo(describe(proposal))


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
