#!/usr/bin/env python3
"""Adds every clause id to doxygen's offline search index.

Doxygen's built-in search (SEARCHENGINE = YES, SERVER_BASED_SEARCH = NO)
indexes symbols and page titles, not sections; a clause is a section of its
spec page, so "DEV-7" would find nothing. After doxygen has run, this adds one
entry per clause ("DEV-7: title" -> spec-12-deviations.html#DEV-7) to the
search data of the "All" tab (html/search/all_N.js, N being the position of
the id's first letter in indexSectionsWithContent[0]), in the format doxygen
1.9 writes. An index it does not recognise is an error, not a silent skip.
"""
import html
import pathlib
import re


def convert_to_id(text):
    """search.js's convertToId: letters and digits stay, anything else is _ and its hex code."""
    return "".join(c if c.isascii() and c.isalnum() else "_" + format(ord(c), "x") for c in text)


def letters(search_dir):
    data = (search_dir / "searchdata.js").read_text(encoding="utf-8")
    m = re.search(r'indexSectionsWithContent\s*=\s*\{\s*0:\s*"([^"]*)"', data)
    if not m:
        raise RuntimeError(f"{search_dir}/searchdata.js: no indexSectionsWithContent[0] (doxygen's format changed?)")
    return m.group(1)


def add_clauses(html_dir, clauses, page_of):
    """clauses: objects with .id, .title, .file; page_of(file) -> the page's HTML name. Returns the count added."""
    search = pathlib.Path(html_dir) / "search"
    chars = letters(search)
    by_file = {}
    for c in clauses:
        first = c.id[0].lower()
        if first not in chars:
            raise RuntimeError(f"search index: no section for '{first}' (clause {c.id}); doxygen's index has '{chars}'")
        by_file.setdefault(search / f"all_{chars.index(first):x}.js", []).append(c)
    for path, own in by_file.items():
        text = path.read_text(encoding="utf-8")
        end = text.rstrip().rfind("];")
        if not text.startswith("var searchData=") or end < 0:
            raise RuntimeError(f"{path}: not doxygen's searchData format")
        if "_clause'," in text:
            continue  # already added (doxygen did not rewrite this file)
        title = lambda c: html.escape(f"{c.id}: {re.sub(r'[`*]', '', c.title)}")
        rows = [f"  ['{convert_to_id(c.id.lower())}_clause',['{title(c)}',['../{page_of(c.file)}#{c.id}',1,'']]]"
                for c in own]
        body = text[:end].rstrip()
        sep = "," if not body.endswith("[") else ""
        path.write_text(body + sep + "\n" + ",\n".join(rows) + "\n];\n", encoding="utf-8")
    return sum(len(v) for v in by_file.values())
