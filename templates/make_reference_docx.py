"""Make templates/reference.docx: the styles every DOCX scr builds inherits (run again after editing).

Starts from the bundled pandoc's own reference document and changes it to the house style: A4 with
2.3 cm margins, en-GB, Arial body text, dark blue headings, the cover's paragraph styles (scr writes the
cover itself: scr_cli/publish/docx_layout.py), a "Part Details" style for each document's title block in
the pack, contents entries (TOC 1-3), bordered tables in 8.5 pt with a shaded header row, a footer holding
a placeholder (scr puts "reference · Draft vN · date" there at build time) and "Page X of Y" fields, and a
header with a diagonal DRAFT watermark (scr removes it from approved documents). Every zip entry gets a
fixed date so the file is reproducible.

    python templates/make_reference_docx.py
"""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
V = 'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"'
FOOTER_PLACEHOLDER = "SCR-FOOTER-TEXT"
FIXED_DATE = (2026, 1, 1, 0, 0, 0)


def _field(code: str) -> str:
    return (
        f'<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> {code} '
        '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


FOOTER = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:ftr {W} {R}><w:p><w:pPr>'
    '<w:pStyle w:val="Footer"/><w:jc w:val="center"/></w:pPr>'
    f'<w:r><w:t xml:space="preserve">{FOOTER_PLACEHOLDER} · Page </w:t></w:r>{_field("PAGE")}'
    f'<w:r><w:t xml:space="preserve"> of </w:t></w:r>{_field("NUMPAGES")}</w:p></w:ftr>'
)

WATERMARK = (
    '<w:r><w:pict><v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800" '
    'path="m@7,l@8,m@5,21600l@6,21600e"><v:path textpathok="t" o:connecttype="custom"/>'
    '<v:textpath on="t" fitshape="t"/></v:shapetype>'
    '<v:shape id="ScrDraftWatermark" o:spid="_x0000_s1025" type="#_x0000_t136" '
    'style="position:absolute;margin-left:0;margin-top:0;width:470pt;height:140pt;rotation:315;'
    "z-index:-251654144;mso-position-horizontal:center;mso-position-horizontal-relative:margin;"
    'mso-position-vertical:center;mso-position-vertical-relative:margin" fillcolor="#e8a0a0" stroked="f">'
    '<v:fill opacity=".5"/><v:textpath style="font-family:&quot;Arial&quot;;font-size:1pt" string="DRAFT"/>'
    "</v:shape></w:pict></w:r>"
)
HEADER = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:hdr {W} {R} {V}><w:p><w:pPr>'
    f'<w:pStyle w:val="Header"/></w:pPr><!--scr-watermark-->{WATERMARK}<!--/scr-watermark--></w:p></w:hdr>'
)


def _para_style(style_id: str, name: str, ppr: str, rpr: str) -> str:
    custom = "" if name.lower().startswith("toc") else ' w:customStyle="1"'  # Word's own contents styles
    return (f'  <w:style w:type="paragraph"{custom} w:styleId="{style_id}">\n'
            f'    <w:name w:val="{name}"/><w:basedOn w:val="Normal"/><w:qFormat/>\n'
            f"    <w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr>\n  </w:style>\n")


GREY = '<w:color w:val="3C3C3C"/>'
STYLES_EXTRA = (
    _para_style("Cover", "Cover", '<w:spacing w:before="120" w:after="120"/>', '<w:sz w:val="26"/>')
    + _para_style("CoverClassification", "Cover Classification", '<w:spacing w:before="1700" w:after="700"/>',
                  f'<w:b/>{GREY}<w:sz w:val="22"/>')
    + _para_style("CoverBoard", "Cover Board", '<w:spacing w:before="0" w:after="120"/>', '<w:sz w:val="24"/>')
    + _para_style("CoverTitle", "Cover Title", '<w:spacing w:before="0" w:after="160"/>',
                  '<w:b/><w:color w:val="1F3864"/><w:sz w:val="48"/>')
    + _para_style("CoverSubtitle", "Cover Subtitle", '<w:spacing w:before="0" w:after="600"/>', '<w:sz w:val="26"/>')
    + _para_style("CoverDetail", "Cover Detail",
                  '<w:tabs><w:tab w:val="left" w:pos="1700"/></w:tabs><w:spacing w:before="0" w:after="100"/>'
                  '<w:ind w:left="1700" w:hanging="1700"/>', '<w:sz w:val="22"/>')
    + _para_style("CoverFoot", "Cover Foot", '<w:spacing w:before="5600" w:after="0"/>',
                  f'<w:b/>{GREY}<w:sz w:val="22"/>')
    + _para_style("DocumentTitle", "Document Title", '<w:spacing w:before="0" w:after="200"/>',
                  '<w:b/><w:color w:val="1F3864"/><w:sz w:val="32"/>')
    + _para_style("PartDetails", "Part Details",
                  '<w:pBdr><w:left w:val="single" w:sz="18" w:space="6" w:color="9AA0AC"/></w:pBdr>'
                  '<w:shd w:val="clear" w:color="auto" w:fill="F2F3F5"/><w:spacing w:before="60" w:after="240"/>'
                  '<w:ind w:left="160"/>', '<w:sz w:val="19"/>')
    + _para_style("TOC1", "toc 1", '<w:spacing w:before="120" w:after="40"/>', '<w:b/>')
    + _para_style("TOC2", "toc 2", '<w:spacing w:before="0" w:after="30"/><w:ind w:left="360"/>', "")
    + _para_style("TOC3", "toc 3", '<w:spacing w:before="0" w:after="20"/><w:ind w:left="720"/>',
                  '<w:sz w:val="20"/>')
    + """
  <w:style w:type="paragraph" w:customStyle="1" w:styleId="FooterNote">
    <w:name w:val="Footer Note"/><w:basedOn w:val="Normal"/>
    <w:rPr><w:color w:val="555555"/><w:sz w:val="18"/></w:rPr>
  </w:style>
  <w:style w:type="paragraph" w:styleId="Header"><w:name w:val="header"/><w:basedOn w:val="Normal"/></w:style>
  <w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="Normal"/>
    <w:rPr><w:color w:val="555555"/><w:sz w:val="17"/></w:rPr></w:style>
"""
)

SECT = (
    '<w:sectPr><w:headerReference w:type="default" r:id="rIdScrHeader"/>'
    '<w:footerReference w:type="default" r:id="rIdScrFooter"/>'
    '<w:footnotePr><w:numRestart w:val="eachSect"/></w:footnotePr>'
    '<w:pgSz w:w="11906" w:h="16838"/>'
    '<w:pgMar w:top="1304" w:right="1304" w:bottom="1474" w:left="1304" w:header="709" w:footer="709" '
    'w:gutter="0"/></w:sectPr>'
)


def _styles(xml: str) -> str:
    xml = re.sub(
        r"<w:rFonts [^>]*/>",
        '<w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:eastAsia="Arial" w:cs="Arial" />',
        xml,
        count=1,
    )
    xml = xml.replace('w:val="en-US"', 'w:val="en-GB"', 1)
    xml = xml.replace('<w:sz w:val="24" />', '<w:sz w:val="22" />', 1).replace(
        '<w:szCs w:val="24" />', '<w:szCs w:val="22" />', 1
    )
    xml = re.sub(r'<w:color w:val="[0-9A-F]{6}" />', '<w:color w:val="1F3864" />', xml)
    xml = re.sub(r'<w:style w:type="paragraph" w:styleId="(Header|Footer)">.*?</w:style>', "", xml, flags=re.S)
    borders = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="A0A6B4" />'
                      for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    xml = xml.replace('<w:tblInd w:w="0" w:type="dxa" />',
                      f'<w:tblInd w:w="0" w:type="dxa" /><w:tblBorders>{borders}</w:tblBorders>', 1)
    # table text in 8.5 pt (wide tables keep whole words), the header row bold on a light shade
    xml = re.sub(r'(<w:style w:type="table" w:default="1" w:styleId="Table">.*?)(<w:tblPr>)',
                 r'\1<w:rPr><w:sz w:val="17" /><w:szCs w:val="17" /></w:rPr>\2', xml, count=1, flags=re.S)
    xml = xml.replace('<w:tblStylePr w:type="firstRow">\n      <w:tcPr>',
                      '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:bCs/></w:rPr>\n      <w:tcPr>', 1)
    shade = '<w:shd w:val="clear" w:color="auto" w:fill="EBEBEB"/>'
    bottom = '<w:vAlign w:val="bottom"/>\n      </w:tcPr>'
    xml = xml.replace(bottom, shade + bottom, 1)
    xml = re.sub(r'<w:style w:type="paragraph" w:styleId="TOCHeading">.*?</w:style>', "", xml, flags=re.S)
    xml = xml.replace("</w:styles>", _para_style("TOCHeading", "TOC Heading", '<w:spacing w:before="0" w:after="240"/>',
                                                 '<w:b/><w:color w:val="1F3864"/><w:sz w:val="32"/>') + "</w:styles>")
    return xml.replace("</w:styles>", STYLES_EXTRA + "</w:styles>")


def main(out: Path = HERE / "reference.docx") -> Path:
    import pypandoc

    pandoc = Path(pypandoc.__file__).resolve().parent / "files" / "pandoc"
    base = subprocess.run(
        [str(pandoc), "--print-default-data-file", "reference.docx"], check=True, capture_output=True
    ).stdout
    tmp = out.with_suffix(".tmp")
    src_path = out.with_suffix(".src")
    src_path.write_bytes(base)
    with zipfile.ZipFile(src_path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in sorted(src.infolist(), key=lambda i: i.filename):
            data = src.read(info).decode("utf-8")
            if info.filename == "word/styles.xml":
                data = _styles(data)
            elif info.filename == "word/document.xml":
                data = re.sub(r"<w:sectPr>.*?</w:sectPr>", SECT, data, flags=re.S)
            elif info.filename == "word/_rels/document.xml.rels":
                data = data.replace(
                    "</Relationships>",
                    (
                        '<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"'
                        ' Id="rIdScrHeader" Target="header1.xml" />'
                        '<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"'
                        ' Id="rIdScrFooter" Target="footer1.xml" /></Relationships>'
                    ),
                )
            elif info.filename == "[Content_Types].xml":
                data = data.replace(
                    "</Types>",
                    (
                        '<Override PartName="/word/header1.xml" ContentType="application/'
                        'vnd.openxmlformats-officedocument.wordprocessingml.header+xml" />'
                        '<Override PartName="/word/footer1.xml" ContentType="application/'
                        'vnd.openxmlformats-officedocument.wordprocessingml.footer+xml" /></Types>'
                    ),
                )
            dst.writestr(zipfile.ZipInfo(info.filename, FIXED_DATE), data, zipfile.ZIP_DEFLATED)
        dst.writestr(zipfile.ZipInfo("word/header1.xml", FIXED_DATE), HEADER, zipfile.ZIP_DEFLATED)
        dst.writestr(zipfile.ZipInfo("word/footer1.xml", FIXED_DATE), FOOTER, zipfile.ZIP_DEFLATED)
    src_path.unlink()
    tmp.replace(out)
    return out


if __name__ == "__main__":
    print(main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "reference.docx"))
