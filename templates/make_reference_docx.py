"""Make templates/reference.docx: the styles every DOCX scr builds inherits (run again after editing).

Starts from the bundled pandoc's own reference document and changes it to the house style: A4 with
2.3 cm margins, en-GB, Arial body text, dark blue headings, a "Cover" and a "Footer Note" paragraph
style, bordered tables, a footer holding a placeholder (scr puts "reference · Draft vN · date" there at build time) and
"Page X of Y" fields, and a header with a diagonal DRAFT watermark (scr removes it from approved
documents). Every zip entry gets a fixed date so the file is reproducible.

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

STYLES_EXTRA = """
  <w:style w:type="paragraph" w:customStyle="1" w:styleId="Cover">
    <w:name w:val="Cover"/><w:basedOn w:val="Normal"/><w:qFormat/>
    <w:pPr><w:spacing w:before="120" w:after="120"/></w:pPr><w:rPr><w:sz w:val="26"/></w:rPr>
  </w:style>
  <w:style w:type="paragraph" w:customStyle="1" w:styleId="FooterNote">
    <w:name w:val="Footer Note"/><w:basedOn w:val="Normal"/>
    <w:rPr><w:color w:val="555555"/><w:sz w:val="18"/></w:rPr>
  </w:style>
  <w:style w:type="paragraph" w:styleId="Header"><w:name w:val="header"/><w:basedOn w:val="Normal"/></w:style>
  <w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="Normal"/>
    <w:rPr><w:color w:val="555555"/><w:sz w:val="17"/></w:rPr></w:style>
"""

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
