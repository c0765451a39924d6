"""A statement as PDF (fpdf2), in DejaVu Sans embedded from ``assets/fonts``: "£", "•" and accents print anywhere.

One A4 document: the bank and the customer, the account and the month, a summary (opening,
money in, money out, closing) and the postings with their running balance; the table's
heading repeats on every page, and each page says which of how many it is.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import TableBordersLayout
from fpdf.fonts import FontFace

from bankchat.bank.money import format_cents
from bankchat.bank.statements import Statement

MEDIA_TYPE = "application/pdf"
FONTS = Path(__file__).resolve().parents[2] / "assets" / "fonts"
"""DejaVu Sans and its bold (licence: ``assets/fonts/LICENSE-DejaVu.txt``)."""
FONT = "DejaVu"
_TEAL = (15, 118, 110)
_GREY = (100, 116, 139)


class _StatementDocument(FPDF):
    """A4 pages with the footer every statement page carries."""

    def __init__(self, title: str) -> None:
        super().__init__(format="A4")
        self.add_font(FONT, "", FONTS / "DejaVuSans.ttf")
        self.add_font(FONT, "B", FONTS / "DejaVuSans-Bold.ttf")
        self.set_title(title)
        self.set_author("BankChat")
        self.set_creator("BankChat")
        self.set_auto_page_break(auto=True, margin=18)
        self.alias_nb_pages()

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font(FONT, size=8)
        self.set_text_color(*_GREY)
        self.cell(0, 6, f"{self.title} · page {self.page_no()} of {{nb}}", align="C")


def statement_pdf(statement: Statement, *, customer: str, generated_at: datetime) -> bytes:
    """The statement as the bytes of a PDF file."""
    account = statement.account
    title = f"{account.name} statement, {statement.label}"
    pdf = _StatementDocument(title)
    pdf.add_page()
    pdf.set_font(FONT, "B", 18)
    pdf.set_text_color(*_TEAL)
    pdf.cell(0, 10, "BankChat", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.set_font(FONT, "B", 13)
    pdf.cell(0, 8, f"Statement for {statement.label}" + (" (to date)" if statement.to_date else ""))
    pdf.ln(9)
    pdf.set_font(FONT, size=10)
    details = (
        ("Customer", customer),
        ("Account", f"{account.name} ({account.masked_number})"),
        ("Period", f"{statement.month:%-d %B %Y} to {statement.end:%-d %B %Y}"),
        ("Currency", account.currency),
        ("Produced", f"{generated_at:%-d %B %Y, %H:%M} UTC"),
    )
    for label, value in details:
        pdf.set_text_color(*_GREY)
        pdf.cell(28, 6, label)
        pdf.set_text_color(0, 0, 0)
        pdf.cell(0, 6, value, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    _summary(pdf, statement)
    pdf.ln(6)
    _postings(pdf, statement)
    return bytes(pdf.output())


def _money(cents: int, statement: Statement) -> str:
    return format_cents(cents, statement.account.currency)


def _summary(pdf: FPDF, statement: Statement) -> None:
    pdf.set_font(FONT, size=10)
    with pdf.table(
        col_widths=(1, 1, 1, 1),
        text_align="RIGHT",
        headings_style=FontFace(emphasis="BOLD", fill_color=(236, 253, 245)),
        borders_layout=TableBordersLayout.HORIZONTAL_LINES,
        line_height=7,
    ) as table:
        table.row(["Opening balance", "Money in", "Money out", "Closing balance"])
        table.row(
            [
                _money(statement.opening_cents, statement),
                _money(statement.money_in_cents, statement),
                _money(statement.money_out_cents, statement),
                _money(statement.closing_cents, statement),
            ]
        )


def _postings(pdf: FPDF, statement: Statement) -> None:
    pdf.set_font(FONT, "B", 12)
    pdf.cell(0, 8, "Postings", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, size=9)
    if not statement.lines:
        pdf.cell(0, 7, "No money went in or out of this account this month.", new_x="LMARGIN", new_y="NEXT")
        return
    with pdf.table(
        col_widths=(22, 84, 30, 30),
        text_align=("LEFT", "LEFT", "RIGHT", "RIGHT"),
        headings_style=FontFace(emphasis="BOLD", fill_color=(241, 245, 249)),
        borders_layout=TableBordersLayout.HORIZONTAL_LINES,
        line_height=6,
        repeat_headings=1,
    ) as table:
        table.row(["Date", "Description", "Amount", "Balance"])
        for line in statement.lines:
            table.row(
                [
                    f"{line.value_date:%d %b %Y}",
                    line.details,
                    _money(line.amount_cents, statement),
                    _money(line.balance_cents, statement),
                ]
            )
