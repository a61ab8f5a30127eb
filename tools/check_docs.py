"""Check the offline docs preview as a reader would, page by page, and fail with the list of what is wrong.

Every page must have a title (from its front matter), the sidebar in `nbs/sidebar.yml`'s order, an in-page table of
contents, search, and previous/next links in the sidebar's order; its text must not show raw markdown (a table's
`| --- |` row, a literal `[text](url)` link, `**bold**`, a heading with markup in it); its links, anchors, images and
scripts must point at files and ids the preview has, and nothing may load from the network. The search index must hold
every page. When MathJax is not installed (`.mathjax/`, fetched by `make docs` with npm), math typesetting is not checked.

Problem codes: untitled, no-sidebar, not-in-sidebar, missing-page, no-toc, no-search, no-prev-next, raw-table, raw-link,
raw-bold, raw-code, ascii-math, raw-frame, heading-markup, broken-link, dead-anchor, unexplained-gap,
network-asset, no-article.
Problems listed in the allow-list (`tools/docs_known_problems.txt` by default: `page  code` per line, `#` comments)
are reported but do not fail the check; an entry that no longer matches anything is reported so it can be removed.

Usage: python tools/check_docs.py [--no-build] [--docs DIR] [--allow FILE]
"""
import argparse, json, re, sys, time
from collections import defaultdict
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
ALLOW = ROOT/'tools'/'docs_known_problems.txt'
MANIFEST = '_preview.json'

# Where the book theme puts what a reader looks for (one place to change with the theme).
SIDEBAR = 'nav.bd-docs-nav'
TOC = 'nav#pst-page-toc-nav'
SEARCH_FORM = 'form[action]'
SEARCH_BUTTON = '#pst-primary-sidebar .search-button-field'
PREV, NEXT = 'a.left-prev', 'a.right-next'
ARTICLE = 'article.bd-article'
NOT_TEXT = ['pre', 'code', 'script', 'style', 'kbd', 'textarea', 'math', '.math', 'mjx-container', 'a.headerlink']
# Outputs a reader sees as text (printed reports, reprs); code inputs are not text, a cell's outputs are.
OUTPUT_TEXT = '.cell_output pre, div.output pre'

RAW = {
    'raw-table': (re.compile(r'\|(?:\s*:?-{3,}:?\s*\|)+'), "a markdown table's | --- | row"),
    'raw-link': (re.compile(r'\[[^\]\n]{1,200}\]\((?:https?://|#|[\w./-]+\.(?:html|ipynb))[^)\s]*\)'), 'a literal [text](url) link'),
    'raw-bold': (re.compile(r'\*\*[^\s*][^*\n]{0,200}?[^\s*]\*\*|\*\*\w\*\*'), 'literal **bold**'),
    'raw-code': (re.compile(r'`'), 'a stray ` (code cut short, e.g. at a | inside code in a table cell?)'),
    'ascii-math': (re.compile(r'\w\^\(|\w_\{|\w\^\{|\\(?:frac|sqrt|sum|sigma|log|lim)\b'), 'math written as plain text'),
}
# Where each is looked for: the page's prose, its printed outputs (reports, reprs), its tables.
WHERE = {'raw-table': ('text', 'output'), 'raw-link': ('text', 'output'), 'raw-bold': ('text', 'output'),
         'raw-code': ('text',), 'ascii-math': ('table',)}
SHOWN = 3     # details shown per page and kind of problem; the rest are counted


def page_of(base:str, href:str):
    "The site file and fragment a relative link of page `base` points at (None for links out of the site)."
    if re.match(r'[a-z][\w+.-]*:', href) or href.startswith('//'): return None
    u = urlsplit(urljoin('http://site/' + base, href))
    return unquote(u.path.lstrip('/')), unquote(u.fragment)


def text_without(node, skip):
    "A node's text without the parts a reader does not read as prose (code, math, scripts)."
    node = BeautifulSoup(str(node), 'html.parser')
    for s in node.select(', '.join(skip)): s.decompose()
    return node.get_text(' ')


def snippet(text:str, m) -> str:
    "The text around a match, on one line."
    s = text[max(0, m.start() - 30):m.end() + 30]
    return ' '.join(s.split())[:120]


class Checker:
    "Collects problems as (page, code, detail)."
    def __init__(self, docs:Path):
        self.docs, self.problems, self.soups, self.ids = docs, [], {}, {}

    def add(self, page, code, detail=''):
        "Record one problem of `page` (`code` is what the allow-list names)."
        self.problems.append((page, code, detail))

    def soup(self, name):
        "The parsed page `name` (None if it was not built)."
        if name not in self.soups:
            f = self.docs/name
            self.soups[name] = BeautifulSoup(f.read_text(), 'html.parser') if f.exists() else None
        return self.soups[name]

    def page_ids(self, name):
        "The ids (and `<a name>`s) a link's fragment may point at in page `name`."
        if name not in self.ids:
            s = self.soup(name)
            self.ids[name] = {t.get('id') for t in s.find_all(id=True)} | {t.get('name') for t in s.find_all('a', attrs={'name': True})} if s else set()
        return self.ids[name]

    def nav_pages(self, page, soup, sel):
        "The pages the links under `sel` point at, in order (the page itself for `#`)."
        out = []
        for a in soup.select(f'{sel} a[href]'):
            t = page_of(page, a['href'])
            if t: out.append(t[0] or page)
        return out

    def check_page(self, page, info, order, mathjax):
        "Everything a reader of `page` meets; `info` is its manifest entry, `order` the sidebar's pages."
        soup = self.soup(page)
        if soup is None: return self.add(page, 'missing-page', 'not built')
        art = soup.select_one(ARTICLE)
        if art is None: return self.add(page, 'no-article', 'no article element (theme changed?)')
        # title
        h1 = art.find('h1')
        title = ' '.join(text_without(h1, ['a.headerlink']).split()) if h1 else ''
        stem = Path(info['source']).stem
        if not info.get('title'):
            self.add(page, 'untitled', f'no title in its front matter: the page and the sidebar show "{title or stem}"')
        elif not title: self.add(page, 'untitled', 'no heading with the title')
        # sidebar, in sidebar.yml's order
        if soup.select_one(SIDEBAR) is None: self.add(page, 'no-sidebar', 'no sidebar')
        else:
            got = self.nav_pages(page, soup, SIDEBAR)
            if got != order:
                self.add(page, 'no-sidebar', f'sidebar is {got}, sidebar.yml says {order}')
        if not info.get('in_sidebar'): self.add(page, 'not-in-sidebar', f'{info["source"]} is not in nbs/sidebar.yml')
        # in-page table of contents
        toc = soup.select_one(TOC)
        if toc is None or not toc.select('a[href]'):
            self.add(page, 'no-toc', 'no in-page table of contents (the page has no sections)')
        # search
        form = soup.select_one(SEARCH_FORM)
        if form is None or soup.select_one(SEARCH_BUTTON) is None or page_of(page, form['action'])[0] != 'search.html':
            self.add(page, 'no-search', 'no search box leading to search.html')
        # previous / next in the sidebar's order
        if page in order:
            i = order.index(page)
            for sel, j, word in ((PREV, i - 1, 'previous'), (NEXT, i + 1, 'next')):
                a = soup.select_one(sel)
                want = order[j] if 0 <= j < len(order) else None
                got = page_of(page, a['href'])[0] if a else None
                if got != want: self.add(page, 'no-prev-next', f'{word} link goes to {got}, expected {want}')
        # raw markdown in what a reader reads
        prose = text_without(art, NOT_TEXT + ['div.cell_input', 'div.highlight'])
        texts = {'text': prose, 'output': '\n'.join(p.get_text() for p in art.select(OUTPUT_TEXT)),
                 'table': re.sub(r'\$[^$]+\$', ' ', '\n'.join(text_without(t, NOT_TEXT) for t in art.find_all('table')))}
        for code, (rx, what) in RAW.items():
            for where in WHERE[code]:
                for m in rx.finditer(texts[where]): self.add(page, code, f'{what} in the {where}: "{snippet(texts[where], m)}"')
        for t in art.select('table.dataframe'):
            head = ' '.join(t.get_text(' ').split())[:80]
            self.add(page, 'raw-frame', f'a DataFrame shown as its plain HTML repr (index column and all): "{head}"')
        for h in art.find_all(re.compile(r'^h[1-6]$')):
            t = text_without(h, ['a.headerlink'])
            if '**' in t: self.add(page, 'heading-markup', f'heading "{" ".join(t.split())}" has **')
            elif h.find(['strong', 'em', 'b', 'i']) is not None and not h.find_parent(class_='cell_output'):
                self.add(page, 'heading-markup', f'heading "{" ".join(t.split())}" is partly bold/italic '
                         '(markdown read the underscores of a name such as __call__?)')
        # links, anchors, images, scripts, styles
        for tag, attr in (('a', 'href'), ('img', 'src'), ('script', 'src'), ('link', 'href'), ('source', 'src')):
            for t in soup.find_all(tag, attrs={attr: True}):
                url = t[attr]
                if tag == 'link' and not {'stylesheet', 'icon', 'preload', 'modulepreload', 'manifest'} & set(t.get('rel', [])):
                    continue     # canonical, prev, next... name a page, they load nothing
                if tag != 'a' and re.match(r'(https?:)?//', url):
                    self.add(page, 'network-asset', f'<{tag}> loads {url} from the network'); continue
                if url.startswith(('mailto:', 'javascript:', 'data:')): continue
                tgt = page_of(page, url)
                if tgt is None: continue
                path, frag = tgt
                if 'mathjax/' in path and not mathjax: continue
                f = self.docs/(path or page)
                if not f.exists() or f.is_dir():
                    self.add(page, 'broken-link', f'<{tag} {attr}="{url}">: no file {path}'); continue
                if tag == 'a' and frag and f.suffix == '.html' and frag not in self.page_ids(path or page):
                    if re.search(r'\.(html|ipynb|md|qmd)$', frag):    # MyST's rendering of a link to a file it does not know
                        self.add(page, 'broken-link', f'a link to {frag}, which is not a page of the site')
                    else: self.add(page, 'broken-link', f'<a href="{url}">: {path or page} has no id "{frag}"')

    def check_gaps(self, page, nb_path:Path):
        "Every cell that is not run when the notebooks are tested (`#| gpu`) has a markdown cell next to it saying so (and why)."
        if not nb_path.exists(): return
        cells = json.loads(nb_path.read_text())['cells']
        for i, c in enumerate(cells):
            s = ''.join(c['source'])
            if c['cell_type'] != 'code' or not re.match(r'#\|\s*gpu\b', s) or c.get('outputs'): continue
            near = [''.join(cells[j]['source']) for j in (i - 1, i + 1) if 0 <= j < len(cells) and cells[j]['cell_type'] == 'markdown']
            if not any(re.search(r'\bnot (been )?run\b|\bhas not run\b', t, re.I) for t in near):
                first = next((l for l in s.splitlines()[1:] if l.strip()), '')[:80]
                self.add(page, 'unexplained-gap', f'a #| gpu cell with no output and no note next to it saying it is not run, '
                         f'what it needs and where its dry run is: "{first}"')

    def check_search(self, pages):
        "search.html and an index that holds every page."
        idx = self.docs/'searchindex.js'
        if not (self.docs/'search.html').exists() or not idx.exists():
            for p in pages: self.add(p, 'no-search', 'search.html or searchindex.js is missing')
            return
        data = json.loads(re.search(r'Search\.setIndex\((.*)\)\s*;?\s*$', idx.read_text(), re.S).group(1))
        indexed = {d + '.html' for d in data.get('docnames', [])}
        for p in pages:
            if p not in indexed: self.add(p, 'no-search', 'not in the search index')


def load_allow(path:Path) -> set:
    "The allow-list: `page  code` pairs (`*` for every page), one per line, `#` comments."
    if not path.exists(): return set()
    out = set()
    for line in path.read_text().splitlines():
        line = line.split('#', 1)[0].split()
        if len(line) >= 2: out.add((line[0], line[1]))
    return out


def check(docs:Path, allow:set) -> int:
    "Check the preview in `docs`; print every problem by page; return the number not allowed."
    mf = docs/MANIFEST
    if not mf.exists(): sys.exit(f'{mf} is missing: build the preview first (make docs, or drop --no-build)')
    manifest = json.loads(mf.read_text())
    pages, order = manifest['pages'], manifest['sidebar']
    mathjax = (docs/'_static'/'mathjax'/'tex-chtml-full.js').exists()
    c = Checker(docs)
    for p in manifest.get('problems', []): c.add('sidebar.yml', 'missing-page', p)
    for page, text, uri in manifest.get('unlinked', []):
        c.add(page, 'dead-anchor', f'"{text}" links to {uri}, an anchor no page has (a name without its own show_doc '
              'cell, or a private name in backticks); the preview shows it as plain text')
    for page, info in pages.items():
        c.check_page(page, info, order, mathjax)
        c.check_gaps(page, ROOT/'nbs'/info['source'])
    c.check_search(pages)
    by_page, failed, used = defaultdict(lambda: defaultdict(list)), 0, set()
    for page, code, detail in c.problems:
        ok = (page, code) in allow or ('*', code) in allow
        if ok: used.add((page, code) if (page, code) in allow else ('*', code))
        failed += not ok
        by_page[page][(code, ok)].append(detail)
    for page in sorted(by_page):
        print(f'{page}:')
        for (code, ok), details in by_page[page].items():
            for d in details[:SHOWN]: print(f'  {"allowed " if ok else ""}{code}: {d}')
            if len(details) > SHOWN: print(f'  {"allowed " if ok else ""}{code}: ... and {len(details) - SHOWN} more')
    for page, code in sorted(allow - used): print(f'note: allow-list entry "{page} {code}" matches nothing; remove it')
    if not mathjax: print('note: MathJax is not installed (.mathjax/, `make docs` fetches it with npm): typesetting not checked')
    n = len(c.problems)
    print(f'{len(pages)} pages checked: {n} problems, {n - failed} allowed by the allow-list, {failed} failing')
    return failed


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--no-build', action='store_true', help='check the preview already in --docs')
    ap.add_argument('--docs', type=Path, default=None, help="the preview's folder (nbdev's doc_path, _docs)")
    ap.add_argument('--allow', default=str(ALLOW), help='allow-list of known problems (empty string: none)')
    a = ap.parse_args()
    t0 = time.time()
    if not a.no_build:
        sys.path.insert(0, str(Path(__file__).parent))
        import docs_preview
        docs_preview.main(readme=False)     # a check leaves README.md alone
    if a.docs is None:
        from nbdev.config import get_config
        a.docs = get_config().doc_path
    failed = check(a.docs, load_allow(Path(a.allow)) if a.allow else set())
    print(f'docs check took {time.time() - t0:.0f} s')
    sys.exit(1 if failed else 0)


if __name__ == '__main__': main()
