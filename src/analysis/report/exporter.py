"""nbconvert exporters for the printable report: HTML with code hidden, and PDF typeset by WeasyPrint.

``jupyter nbconvert --to report_html`` / ``--to report_pdf`` find them through the ``nbconvert.exporters``
entry point. The look lives in ``templates/report/`` (a child of nbconvert's ``lab`` template with a lean
print stylesheet); this module only prepares what the template shows: the title page, the contents and
the reproducibility record, in the report language.

A notebook exported alone (not merged by :func:`analysis.report.build_report`) becomes a one-chapter
report whose title page is filled from the notebook's parameters and the raw source's record.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import jinja2
from nbconvert.exporters import HTMLExporter
from traitlets import Bool, Unicode, default

from ..errors import AnalysisError, ReportExportError
from ..i18n.formatting import format_date, format_period
from ..i18n.labels import REGION_LABELS, label_of
from ..i18n.text import translator
from .merge import prepare_notebook
from .pdf import html_to_pdf, parse_report_date
from .sanitize import sanitize_fragment, sanitize_page

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
TEMPLATE_NAME = "report"
STYLESHEET = TEMPLATES_DIR / TEMPLATE_NAME / "print.css"



class _CompiledTemplates(jinja2.BytecodeCache):
    """The report templates compiled once per process, shared by every exporter.

    nbconvert gives each exporter its own Jinja environment, which compiles the template chain (ours, lab, base)
    again: about half of an export's HTML time. Jinja checks each entry against its template's source, so an
    edited template is compiled anew, and what a template renders does not depend on where its code came from.
    """

    def __init__(self):
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self._compiled:
            bucket.bytecode_from_string(self._compiled[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()


_COMPILED_TEMPLATES = _CompiledTemplates()

# Cells that configure a run rather than report on it.
HIDDEN_CELL_TAGS = ("parameters", "injected-parameters", "remove-cell")


class ReportHTMLExporter(HTMLExporter):
    """HTML report: outputs and prose only, a title page, contents and a reproducibility section."""

    export_from_notebook = "Report HTML"

    hide_stderr = Bool(
        True, help="Leave out what the kernel wrote to stderr (warnings) from the report."
    ).tag(config=True)

    hide_echoed_results = Bool(
        True,
        help="Leave out a cell's result (the value of its last expression) when it is plain text only or when "
        "the cell already displayed its output: with code hidden, such a result only echoes the call.",
    ).tag(config=True)

    stylesheet = Unicode(
        "", help="Path of a CSS file to use instead of the report template's print.css."
    ).tag(config=True)

    @default("template_name")
    def _template_name_default(self):
        return TEMPLATE_NAME

    @default("extra_template_basedirs")
    def _extra_template_basedirs_default(self):
        # The package's templates come first so a folder called "report" in the working directory
        # cannot stand in for them by accident.
        return [str(TEMPLATES_DIR), os.getcwd()]

    @default("template_extension")
    def _template_extension_default(self):
        return ".html.j2"

    @default("exclude_input")
    def _exclude_input_default(self):
        return True

    @default("exclude_input_prompt")
    def _exclude_input_prompt_default(self):
        return True

    @default("exclude_output_prompt")
    def _exclude_output_prompt_default(self):
        return True

    @default("exclude_anchor_links")
    def _exclude_anchor_links_default(self):
        return True

    def default_filters(self):
        """nbconvert's filters plus ``strip_active``, which the template applies to HTML outputs."""
        yield from super().default_filters()
        yield ("strip_active", strip_active_content)

    @property
    def default_config(self):
        c = super().default_config
        c.merge(
            {
                "TagRemovePreprocessor": {"enabled": True, "remove_cell_tags": set(HIDDEN_CELL_TAGS)},
                # Code cells are hidden, so there is nothing for the magics highlighter to do.
                "HighlightMagicsPreprocessor": {"enabled": False},
            }
        )
        return c

    def _create_environment(self):
        environment = super()._create_environment()
        environment.bytecode_cache = _COMPILED_TEMPLATES
        return environment

    def from_notebook_node(self, nb, resources=None, **kw):
        """Export ``nb``; a notebook without report metadata is treated as a one-chapter report."""
        nb = prepare_notebook(nb, resources)
        resources = dict(resources or {})
        resources["report"] = report_context(nb.metadata["report"], self._stylesheet_text())
        resources["report"].update(hide_stderr=self.hide_stderr, hide_echoed_results=self.hide_echoed_results)
        html, resources = super().from_notebook_node(nb, resources, **kw)
        # After the template's last parse: what is written and typeset is exactly what the allowlist kept.
        return sanitize_page(html), resources

    def _stylesheet_text(self) -> str:
        path = Path(self.stylesheet) if self.stylesheet else STYLESHEET
        try:
            return path.read_text(encoding="utf-8")
        except OSError as exc:
            raise ReportExportError(f"cannot read the report stylesheet {path}: {exc.strerror}") from exc


class ReportPDFExporter(ReportHTMLExporter):
    """PDF report: the HTML report typeset by WeasyPrint in this process (no TeX, no browser)."""

    export_from_notebook = "Report PDF"
    output_mimetype = "application/pdf"

    pdf_variant = Unicode(
        "", help="PDF variant WeasyPrint writes, such as 'pdf/a-3b' or 'pdf/ua-1'; empty for plain PDF 1.7."
    ).tag(config=True)

    @default("file_extension")
    def _file_extension_default(self):
        return ".pdf"

    def from_notebook_node(self, nb, resources=None, **kw):
        """Export ``nb`` to PDF bytes."""
        html, resources = super().from_notebook_node(nb, resources, **kw)
        pdf = html_to_pdf(html, created=resources["report"]["created"], pdf_variant=self.pdf_variant or None)
        resources["output_extension"] = ".pdf"
        return pdf, resources


def strip_active_content(html: str) -> str:
    """An output's HTML cleaned by the report's allowlist (:func:`analysis.report.sanitize.sanitize_fragment`).

    The template applies it to every HTML and Markdown output; the whole page is cleaned again after its last
    parse (:meth:`ReportHTMLExporter.from_notebook_node`).
    """
    return sanitize_fragment(html)


def report_context(report: dict, css: str) -> dict:
    """What the template shows, from the ``report`` metadata of a prepared notebook.

    Values stay plain text here; the template escapes them.
    """
    meta = dict(report.get("meta") or {})
    lang = str(meta.get("lang") or "en")
    try:
        _ = translator(lang, "report")
    except ValueError as exc:
        raise ReportExportError(f"report metadata: {exc}") from exc

    # Region names are in the notebooks' catalog, with the other names of the data.
    region = label_of(translator(lang, "analysis"), REGION_LABELS, str(meta.get("region") or ""))
    year = _period_label(meta.get("period", meta.get("year", "")), lang)
    baseline_year = _period_label(meta.get("baseline_period", meta.get("baseline_year")), lang)
    source = dict(meta.get("source") or {})
    translations = source.get("translations") if isinstance(source.get("translations"), dict) else {}
    translated = translations.get(lang) if isinstance(translations.get(lang), dict) else {}
    generated = parse_report_date(meta.get("generated"), "generated")

    # A plain year reads "2025 год"; another period carries its own words ("I полугодие 2025 г.").
    years = str(year).isdigit() and str(baseline_year or "0").isdigit()
    if baseline_year not in (None, ""):
        period = (_("{year}, compared with {baseline_year}", year=year, baseline_year=baseline_year) if years else
                  _("{period}, compared with {baseline_period}", period=year, baseline_period=baseline_year))
    else:
        period = str(year)
    published = parse_report_date(source.get("published"), "source published") if source.get("published") else None
    title = meta.get("title") or (
        _("Court administration in {region}: results for {year}", region=region, year=year) if str(year).isdigit()
        else _("Court administration in {region}: results for {period}", region=region, period=year))

    return {
        "lang": lang,
        "gettext": _,
        "title": title,
        "subtitle": _("The figures of the briefing, checked and recomputed"),
        "region": region,
        "year": year,
        "period": period,
        "source": {
            # The record is written in English; its translations (``translations: {kk: {...}}``) give the outlet,
            # speaker and title gloss in other languages, else the outlet's own name and the original title only.
            "outlet": translated.get("outlet") or (source.get("outlet", "") if lang == "en"
                                                   else str(source.get("outlet", "")).split(" (")[0]),
            "title": source.get("title", ""),
            "title_en": translated.get("title") or (source.get("title_en", "") if lang == "en" else ""),
            "published": format_date(published, lang) if published else "",
            "url": source.get("url", ""),
            "speaker": translated.get("speaker") or (source.get("speaker", "") if lang == "en" else ""),
            "language": source.get("language", ""),
        },
        "generated": format_date(generated, lang) if generated else "",
        "created": _w3c_date(generated) if generated else "",
        "commit": meta.get("commit") or "unknown",
        "name": meta.get("name", ""),
        "chapters": [_chapter_entry(ch) for ch in report.get("chapters", [])],
        "parameters": [(k, _plain(v)) for k, v in sorted((meta.get("parameters") or {}).items())],
        "versions": sorted((str(k), str(v)) for k, v in (meta.get("versions") or {}).items()),
        "input_hashes": sorted((str(k), str(v)) for k, v in (meta.get("input_hashes") or {}).items()),
        "css": css,
        "page_label_css": css_content(_("Page {page} of {pages}"), page="counter(page)", pages="counter(pages)"),
    }


def css_content(text: str, **counters: str) -> str:
    """A CSS ``content`` value from a translated label with ``{name}`` counter placeholders.

    ``css_content("Page {page}", page="counter(page)")`` -> ``"Page " counter(page)``.
    """
    import string

    parts = []
    for literal, field, _spec, _conv in string.Formatter().parse(text):
        if literal:
            parts.append(_css_string(literal))
        if field:
            if field not in counters:
                raise ReportExportError(f"unknown placeholder {{{field}}} in page label {text!r}")
            parts.append(counters[field])
    return " ".join(parts) or '""'


def _css_string(text: str) -> str:
    # Escape what could end the string or the <style> element around it.
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3C ").replace("\n", "\\A ")
    return f'"{escaped}"'


def _chapter_entry(chapter: dict) -> dict:
    return {"anchor": chapter["anchor"], "title": chapter.get("title", "")}


def _plain(value) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _period_label(period, lang: str):
    """A period of the metadata as the reader reads it; left as given when it is no period."""
    if period in (None, ""):
        return period
    try:
        return format_period(period, lang)
    except AnalysisError:
        return str(period)



def _w3c_date(value) -> str:
    """The W3C form WeasyPrint copies into the PDF's creation and modification dates."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC)
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    return value.isoformat()
