package dev.lathe.engine.report;

/** The page's styles, for screen and print; no web fonts: the reader's own sans-serif. */
final class ReportStyle {
    static final String CSS = """
            @page { size: A4 landscape; margin: 12mm 10mm 14mm 10mm;
                    @bottom-right { content: "Page " counter(page) " of " counter(pages); font-size: 8pt; color: #666;
                                    font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; } }
            body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; font-size: 10pt; color: #222;
                   margin: 1.5em auto; max-width: 72em; line-height: 1.35; }
            h1 { font-size: 18pt; margin: 0 0 0.2em 0; }
            h1 .kind { font-size: 11pt; font-weight: normal; color: #666; }
            h2 { font-size: 13pt; margin: 1.2em 0 0.3em 0; border-bottom: 1px solid #ccc; page-break-after: avoid; }
            h3 { font-size: 10pt; font-weight: normal; font-style: italic; margin: 0.4em 0; }
            .meta, .note, .dim { color: #555; }
            .note { font-size: 9pt; margin: 0 0 0.4em 0; }
            div.head { page-break-inside: avoid; page-break-after: avoid; }
            .notice { border: 1px solid #d9a400; background: #fff6d6; padding: 0.5em 0.8em; }
            .empty { color: #777; font-style: italic; }
            code { font-size: 9pt; }
            ul.tree { list-style: none; padding-left: 0.5em; margin: 0; }
            ul.tree li { margin: 0.15em 0; }
            ul.tree li.subject b { text-decoration: underline; }
            .charts .chart { display: inline-block; vertical-align: top; margin: 0 1em 0.5em 0; }
            table { border-collapse: collapse; margin: 0.2em 0 0.6em 0; -fs-table-paginate: paginate; }
            table.data { width: 100%; }
            th, td { border: 1px solid #ccc; padding: 2px 5px; text-align: left; vertical-align: top; }
            td.long { word-wrap: break-word; }
            td.time { white-space: nowrap; }
            th { background: #f0f0f0; font-weight: bold; }
            td.num, th.num { text-align: right; white-space: nowrap; }
            td.hash { font-family: "DejaVu Sans Mono", Courier, monospace; font-size: 8.5pt; }
            table.block { width: 100%; page-break-inside: avoid; }
            table.block th { width: 13em; }
            thead { display: table-header-group; }
            tr { page-break-inside: avoid; }
            @media print {
              body { font-size: 8pt; margin: 0; max-width: none; }
              h1 { font-size: 15pt; }
              h2 { font-size: 11pt; }
              th, td { padding: 1px 3px; }
              td.hash { font-size: 7pt; }
              section.table { page-break-inside: auto; }
            }
            """;

    private ReportStyle() {
    }
}
