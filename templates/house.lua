-- scr house filter: what the classes scr puts on its Markdown mean in each output format.
--
--   ::: part          one document of the pack: it starts on a new page
--   ::: landscape     its pages are turned (the integrated chronology, the action plan); its table rows
--                     never split across pages
--   ::: part-details  a document's title block (version, date, status, sign-offs)
--   [..]{.insertion} / [..]{.deletion}   a redline's changes (DOCX turns them into tracked changes itself)
--
-- DOCX page and section breaks are written as markers (XML comments) that scr_cli/publish/docx.py turns into
-- Word's breaks after pandoc has run: it knows the page size from the reference document, drops a break that
-- would leave a blank page, and sizes each table to the width of its section.

local function raw(text)
  return pandoc.RawBlock(FORMAT == "docx" and "openxml" or FORMAT, text)
end

local function around(open, blocks, close)
  local out = { raw(open) }
  for _, b in ipairs(blocks) do table.insert(out, b) end
  table.insert(out, raw(close))
  return out
end

local function typst_div(el)
  if el.classes:includes("part-details") then
    return around("#part-details[", el.content, "]")
  end
  if el.classes:includes("landscape") then
    -- a page() call starts a new page; the set rule stays inside it
    return around("#page(flipped: true)[\n#set table.cell(breakable: false)", el.content, "]")
  end
  if el.classes:includes("part") then
    local out = { raw("#pagebreak(weak: true)") }
    for _, b in ipairs(el.content) do table.insert(out, b) end
    return out
  end
end

local function docx_div(el)
  if el.classes:includes("landscape") then
    -- a section break is also a page break: a landscape part needs no page break of its own
    return around("<!--scr:section portrait-->", el.content, "<!--scr:section landscape-->")
  end
  if el.classes:includes("part") then
    local out = { raw("<!--scr:page-->") }
    for _, b in ipairs(el.content) do table.insert(out, b) end
    return out
  end
end

function Div(el)
  if FORMAT == "typst" then return typst_div(el) end
  if FORMAT == "docx" then return docx_div(el) end
end

local function mark(el, open)
  local items = {}
  for _, x in ipairs(el.content) do table.insert(items, x) end
  local lead, trail = "", ""
  while #items > 0 and items[1].t == "Space" do table.remove(items, 1); lead = " " end
  while #items > 0 and items[#items].t == "Space" do table.remove(items); trail = " " end
  local out = { pandoc.RawInline("typst", lead .. open) }
  for _, x in ipairs(items) do table.insert(out, x) end
  table.insert(out, pandoc.RawInline("typst", "]]" .. trail))
  return out
end

function Span(el)
  if FORMAT ~= "typst" then return nil end
  if el.classes:includes("insertion") then return mark(el, '#underline[#text(fill: rgb("#1a7f37"))[') end
  if el.classes:includes("deletion") then return mark(el, '#strike[#text(fill: rgb("#b42318"))[') end
end
