"""The PDF page every printout is written on: fonts that print names in any script, the
practice's name and the client's on every page, page numbers.

fpdf2 embeds only the glyphs used. DejaVu Sans covers Latin, Greek, Cyrillic, Hebrew,
Arabic and more; Droid Sans Fallback takes any character DejaVu lacks (Chinese, Japanese,
Korean). Both are shipped in ``practice/static/fonts`` with their licences. The fallback is
large (reading it takes about a second), so a printout loads it only when its text needs it.
"""
from datetime import datetime
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.enums import XPos, YPos

FONTS = Path(__file__).resolve().parent.parent / "static" / "fonts"
BODY = 10
LINE = 5


@cache
def body_font_characters() -> frozenset[int]:
    """The characters DejaVu Sans draws."""
    return frozenset(TTFont(str(FONTS / "DejaVuSans.ttf")).getBestCmap())


class RecordPdf(FPDF):
    def __init__(self, *, practice_name: str, subject: str, printed_at: datetime):
        super().__init__(format="A4")
        self.practice_name = practice_name
        self.subject = subject
        self.printed_at = printed_at
        self.add_font("body", "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font("body", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.has_fallback = False
        self.cover(f"{practice_name} {subject}")
        self.set_title(subject)
        self.set_creator(practice_name)
        self.set_auto_page_break(auto=True, margin=18)
        self.set_margins(18, 18, 18)
        self.alias_nb_pages()
        self.add_page()

    def header(self) -> None:
        self.set_font("body", "", 8)
        self.set_text_color(90)
        self.cell(0, 4, f"{self.practice_name} · {self.subject}", new_x=XPos.LMARGIN,
                  new_y=YPos.NEXT)
        self.set_draw_color(180)
        self.line(self.l_margin, self.get_y() + 1, self.w - self.r_margin, self.get_y() + 1)
        self.ln(5)
        self.set_text_color(0)
        self.set_font("body", "", BODY)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("body", "", 8)
        self.set_text_color(90)
        self.cell(0, 4, f"Printed {self.printed_at:%d %b %Y, %H:%M} · Confidential clinical "
                        f"record · page {self.page_no()} of {{nb}}", align="C")
        self.set_text_color(0)

    def cover(self, text: str | None) -> str:
        """``text``, after making sure some font draws each of its characters."""
        if text and not self.has_fallback:
            drawn = body_font_characters()
            if any(ord(ch) not in drawn for ch in text if not ch.isspace()):
                self.add_font("fallback", "", str(FONTS / "DroidSansFallback.ttf"))
                self.set_fallback_fonts(["fallback"], exact_match=False)
                self.has_fallback = True
        return text

    # --- writing ---------------------------------------------------------------------------

    def title_line(self, text: str) -> None:
        self.set_font("body", "B", 16)
        self.multi_cell(0, 8, self.cover(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font("body", "", BODY)
        self.ln(1)

    def heading(self, text: str, level: int = 1) -> None:
        if self.get_y() > self.h - 45:
            self.add_page()
        self.ln(3 if level == 1 else 1.5)
        self.set_font("body", "B", 13 if level == 1 else 11)
        self.multi_cell(0, 6.5 if level == 1 else 5.5, self.cover(text), new_x=XPos.LMARGIN,
                        new_y=YPos.NEXT)
        self.set_font("body", "", BODY)

    def paragraph(self, text: str | None, *, muted: bool = False) -> None:
        if not text:
            return
        if muted:
            self.set_text_color(90)
        self.multi_cell(0, LINE, self.cover(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(0)

    def field(self, label: str, value) -> None:
        """``label: value`` on one line (wrapping under itself); nothing for an empty value."""
        if value is None or value == "" or value == []:
            return
        self.set_font("body", "B", BODY)
        width = self.get_string_width(f"{label}: ") + 1
        self.cell(width, LINE, f"{label}: ")
        self.set_font("body", "", BODY)
        self.multi_cell(0, LINE, self.cover(str(value)), new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def text_block(self, label: str, text: str | None) -> None:
        """A labelled block of free text (a note section)."""
        if not text:
            return
        self.set_font("body", "B", BODY)
        self.multi_cell(0, LINE, self.cover(label), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font("body", "", BODY)
        self.multi_cell(0, LINE, self.cover(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1)

    def table(self, headings: list[str], rows: list[list[str]], widths: list[int]) -> None:
        if not rows:
            return
        with super().table(col_widths=widths, text_align="LEFT", line_height=LINE,
                           first_row_as_headings=True) as table:
            for cells in [headings, *rows]:
                row = table.row()
                for cell in cells:
                    row.cell(self.cover("" if cell is None else str(cell)))
        self.ln(1)

    def rule(self) -> None:
        self.ln(2)
        self.set_draw_color(200)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(2)

    def image_svg(self, svg: bytes, width: float) -> None:
        from io import BytesIO

        if self.get_y() > self.h - 90:
            self.add_page()
        self.image(BytesIO(svg), w=width)
