"""Build the offline preview of the docs in `_docs/` with Sphinx, and README.md from nbs/index.ipynb, without Quarto.

The notebooks go through nbdev's own processing (`nbdev.serve.proc_nbs`: directives, `show_doc`, hidden cells,
front matter) into `_proc/`. From there this script writes a Sphinx source tree into `_preview/src` that says what
Quarto would: each page's title and description from its front matter, `echo: false` inputs hidden, `output: asis`
outputs (nbdev's `show_doc`) as the page's own markdown, pages named by their `output-file`; the navigation is generated
from `nbs/sidebar.yml` (sections included) and the site's title and address from `nbs/_quarto.yml` and its metadata files
(`nbs/nbdev.yml`). Sphinx with MyST-NB and the book theme renders it: sidebar, in-page table of contents, full-text search
(a script index, so it works from file://), previous/next. Headings get Quarto's (pandoc's) identifiers, so in-page links
such as `#the-verdict-table` work; links into the published site are pointed at the preview's own pages. Math is typeset
by MathJax 3 (what Quarto uses) from the npm package `mathjax` that `make docs` installs once into `.mathjax/`, so pages
need no network. The published site is built by `nbdev-docs` with Quarto; every page of this preview says so.

Usage: python tools/docs_preview.py [--readme-only]
"""
import json, re, shutil, sys, time
from pathlib import Path

import yaml
from nbconvert import MarkdownExporter
from nbconvert.preprocessors import TagRemovePreprocessor
import nbformat
from nbdev.config import get_config, nbpath2html
from nbdev.quarto import refresh_quarto_yml, nbdev_sidebar
from nbdev.serve import proc_nbs
import nbdev.doclinks

ROOT = Path(__file__).resolve().parent.parent
MATHJAX_SRC = ROOT/'.mathjax'/'node_modules'/'mathjax'/'es5'
WORK = ROOT/'_preview'            # Sphinx's source tree and its cache (ignored by git)
MANIFEST = '_preview.json'        # in the output: each page's source, title and place in the sidebar (read by check_docs)
PAGE_SUFFIXES = ('.ipynb', '.md', '.qmd')
BANNER = ('<b>Preview</b> built without Quarto (<code>make docs</code> on a machine without <code>quarto</code>); '
          'the published site is rendered by <code>nbdev-docs</code>.')
# MathJax 3 as Quarto configures it: $...$ and $$...$$ (also in HTML outputs such as tables), AMS environments.
MATHJAX_CONFIG = {
    'tex': {'inlineMath': [['$', '$'], ['\\(', '\\)']], 'displayMath': [['$$', '$$'], ['\\[', '\\]']],
            'processEscapes': True, 'processEnvironments': True, 'tags': 'ams'},
    # MyST marks pages `mathjax_ignore` (its own math is already marked up); HTML outputs (styled tables) are typeset
    'options': {'skipHtmlTags': ['script', 'noscript', 'style', 'textarea', 'pre', 'code'],
                'ignoreHtmlClass': 'tex2jax_ignore|mathjax_ignore',
                'processHtmlClass': 'tex2jax_process|mathjax_process|math|output_area|text_html'},
}
CSS = """\
/* The preview banner, readable; no header bar above the page (search is in the sidebar and on Ctrl+K). */
.bd-header-announcement { background-color: #fff3cd; color: #333; border-bottom: 1px solid #e0c36b; }
.bd-header-announcement code { color: inherit; background: none; border: none; padding: 0; }
.bd-header.navbar { display: none; }
/* What Quarto shows that the book theme has no style for. */
p.description { font-size: 1.15em; color: var(--pst-color-text-muted); margin-top: -0.5rem; }
a.srclink { float: right; font-size: smaller; }
.bd-article img, .cell_output img { max-width: 100%; height: auto; }
.cell_output .text_html { overflow-x: auto; }     /* wide DataFrames scroll (markdown tables already do) */
/* Long API names (RootedStyleGAN2Loss.accumulate_gradients) wrap in the sidebars instead of running under the edge. */
.bd-sidebar-secondary .nav-link, .bd-sidebar-primary a.reference, .bd-article :is(h1, h2, h3, h4) { overflow-wrap: anywhere; }
"""


# ---------------------------------------------------------------------------------------------------- site settings

def _merge(a:dict, b:dict) -> dict:
    "Deep merge of YAML mappings, `b` winning, as Quarto merges `metadata-files` into `_quarto.yml`."
    out = dict(a)
    for k, v in b.items(): out[k] = _merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def site_settings(nbs:Path) -> dict:
    "The Quarto project's settings: `_quarto.yml` with its `metadata-files` (nbdev.yml, sidebar.yml) merged in."
    q = yaml.safe_load((nbs/'_quarto.yml').read_text()) or {} if (nbs/'_quarto.yml').exists() else {}
    for f in q.get('metadata-files', []):
        if (nbs/f).exists(): q = _merge(q, yaml.safe_load((nbs/f).read_text()) or {})
    return q


def site_url(site:dict) -> str:
    "The published site's address (`website.site-url`), with a trailing slash ('' if there is none)."
    u = (site.get('website', {}).get('site-url') or '').rstrip('/')
    return u + '/' if u else ''


# ------------------------------------------------------------------------------------------------------------ pages

def split_front_matter(cells:list) -> dict:
    "Title, description, output-file... from the raw front matter cell nbdev's processing puts first (removing it)."
    if cells and cells[0].cell_type == 'raw' and cells[0].source.lstrip().startswith('---'):
        return yaml.safe_load(cells.pop(0).source.strip().strip('-').strip()) or {}
    return {}


def read_page(path:Path):
    "A processed page as (notebook, front matter); a markdown or Quarto page becomes a one-cell notebook."
    if path.suffix == '.ipynb': nb = nbformat.read(path, as_version=4)
    else:
        text, fm = path.read_text(), {}
        m = re.match(r'---\n(.*?)\n---\n', text, re.S)
        if m: fm, text = yaml.safe_load(m.group(1)) or {}, text[m.end():]
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(text)])
        return nb, fm
    return nb, split_front_matter(nb.cells)


def page_html(rel:Path, fm:dict) -> str:
    "The page's file in the site, as Quarto names it: the front matter's `output-file`, else nbdev's name for it."
    out = fm.get('output-file')
    return (rel.parent/out).as_posix() if out else nbpath2html(rel).as_posix()


class Page:
    "One page of the site: its processed source, its name in the site and in Sphinx, and its front matter."
    def __init__(self, proc:Path, rel:Path):
        self.rel, self.src = rel, proc/rel
        self.nb, self.fm = read_page(self.src)
        self.html = page_html(rel, self.fm)
        self.doc = self.html[:-len('.html')]
        self.title = str(self.fm.get('title') or '').strip()
        self.description = str(self.fm.get('description') or '').strip()


def find_pages(proc:Path) -> dict:
    "Every page nbdev processed, by its path relative to nbs/ (as sidebar.yml names it)."
    files = [p for p in sorted(proc.rglob('*')) if p.suffix in PAGE_SUFFIXES and p.is_file()
             and not any(part.startswith(('_', '.')) for part in p.relative_to(proc).parts)]
    return {p.relative_to(proc).as_posix(): Page(proc, p.relative_to(proc)) for p in files}


# ------------------------------------------------------------------------------------------------------- navigation

def nav_entries(items, pages:dict, problems:list) -> list:
    """sidebar.yml's `contents` as a list of ('page', Page, text) and ('section', title, entries), in its order.
    Files it names that are not there are added to `problems`."""
    out = []
    for it in items or []:
        if isinstance(it, str): it = {'href': it}
        if not isinstance(it, dict): continue
        if 'section' in it or 'contents' in it:
            sub = it.get('contents')
            if isinstance(sub, str): sub = [sub]
            out.append(('section', str(it.get('section') or it.get('text') or ''), nav_entries(sub, pages, problems)))
            continue
        href = str(it.get('href') or it.get('file') or '')
        if not href or href == 'auto': continue
        if re.match(r'\w+://', href): out.append(('link', href, it.get('text') or href)); continue
        page = pages.get(href.lstrip('./'))
        if page is None: problems.append(f'sidebar.yml lists {href}, which is not a page of nbs/')
        else: out.append(('page', page, it.get('text')))
    return out


def sidebar_contents(site:dict) -> list:
    "The sidebar's `contents` from the site settings (the first sidebar, if there are several)."
    sb = site.get('website', {}).get('sidebar') or {}
    if isinstance(sb, list): sb = sb[0] if sb else {}
    return sb.get('contents') or []


def flatten(entries:list):
    "Pages of the navigation in reading order."
    for kind, a, b in entries:
        if kind == 'page': yield a
        elif kind == 'section': yield from flatten(b)


def toctrees(entries:list, root:Page) -> str:
    """MyST toctree directives for the navigation: top-level pages in untitled toctrees, each section in one captioned
    by its title (how the book theme draws sidebar sections); the root page is the theme's home entry. Sphinx has no
    captions inside captions, so a section inside a section lists its pages in its parent's (a note says so)."""
    def line(kind, a, b):
        return (f'{b} <{a.doc}>' if b else a.doc) if kind == 'page' else f'{b} <{a}>'
    def items(entries, within):
        for kind, a, b in entries:
            if kind == 'section':
                print(f'  note: section "{a}" inside "{within}" is shown as part of it (the preview has one level of sections)')
                yield from items(b, within)
            elif not (kind == 'page' and a is root): yield line(kind, a, b)
    def block(lines, caption=None):
        opts = ':hidden:\n' + (f':caption: {caption}\n' if caption else '')
        return '```{toctree}\n' + opts + '\n' + '\n'.join(lines) + '\n```' if lines else ''
    blocks, run = [], []
    for kind, a, b in entries:
        if kind == 'section': blocks += [block(run), block(list(items(b, a)), a)]; run = []
        elif not (kind == 'page' and a is root): run.append(line(kind, a, b))
    return '\n\n'.join(b for b in blocks + [block(run)] if b)


# ---------------------------------------------------------------------------------------- Quarto's reading, for MyST

_directive = re.compile(r'^\s*#\|\s*([\w-]+)\s*:\s*(.*?)\s*$', re.M)
_fence = re.compile(r'^(```|~~~).*?^\1', re.M | re.S)
_md_link = re.compile(r'(\]\()([^)\s]+)((?:\s+"[^"]*")?\))')
_html_link = re.compile(r'(href=")([^"]+)(")')
_quarto_attrs = re.compile(r'(\]\([^)]*\))\{([^}]*)\}')
_callout = re.compile(r'^(:{3,})\s*\{\.callout-(\w+)[^}]*\}\s*$', re.M)


def cell_options(src:str) -> tuple:
    "Quarto's `#| key: value` cell options (as strings) and the source without them."
    opts = {k: v.strip('"\'') for k, v in _directive.findall(src)}
    return opts, _directive.sub('', src).strip('\n')


class Linker:
    "Links to other pages (`core.html#x`, `00_core.ipynb#x`, `#x`) as links into the published site, resolved after reading."
    def __init__(self, pages:dict, site:str):
        self.site = site or 'https://preview.invalid/'
        self.by_name = {}
        for key, p in pages.items():
            self.by_name[key] = self.by_name[p.html] = p

    def target(self, url:str, page:Page) -> str:
        if re.match(r'\w+:', url) or url.startswith('/'): return url
        path, _, frag = url.partition('#')
        if not path: return f'{self.site}{page.html}#{frag}' if frag else url
        key = (page.rel.parent/path).as_posix()
        key = re.sub(r'(^|/)\./', r'\1', key)
        p = self.by_name.get(key)
        return f'{self.site}{p.html}' + (f'#{frag}' if frag else '') if p else url

    def __call__(self, md:str, page:Page) -> str:
        "Rewrite the links of one markdown text (code blocks left alone)."
        parts, last = [], 0
        for m in _fence.finditer(md):
            parts += [self._sub(md[last:m.start()], page), m.group(0)]; last = m.end()
        return ''.join(parts + [self._sub(md[last:], page)])

    def _sub(self, s, page):
        s = _md_link.sub(lambda m: m.group(1) + self.target(m.group(2), page) + m.group(3), s)
        return _html_link.sub(lambda m: m.group(1) + self.target(m.group(2), page) + m.group(3), s)


def quarto_attrs(md:str) -> str:
    "Quarto's link attributes: nbdev's `[source](url){target=... style=\"float:right...\"}` becomes a `srclink` class."
    def fix(m):
        return m.group(1) + ('{.srclink}' if 'float:right' in m.group(2).replace(' ', '') else '')
    return _callout.sub(lambda m: f'{m.group(1)}{{{m.group(2)}}}', _quarto_attrs.sub(fix, md))


def body_headings(md:str, shift:bool) -> str:
    "Headings one level down when a page's body has level-1 headings (the title is the page's only level 1)."
    if not shift: return md
    down = lambda t: re.sub(r'^(#{1,5})(?=\s)', r'#\1', t, flags=re.M)
    parts, last = [], 0
    for m in _fence.finditer(md):
        parts += [down(md[last:m.start()]), m.group(0)]; last = m.end()
    return ''.join(parts + [down(md[last:])])


def _has_h1(md:str) -> bool: return bool(re.search(r'^# ', _fence.sub('', md), re.M))


def to_myst(page:Page, link:Linker):
    "The notebook Quarto would render, as MyST-NB renders it: title cell first, options applied, `asis` output as markdown."
    nc = nbformat.v4
    title = page.title or page.rel.stem
    head = f'# {title}\n' + (f'\n{{.description}}\n{link(page.description, page)}\n' if page.description else '')
    cells = [nc.new_markdown_cell(head)]
    for c in page.nb.cells:
        if c.cell_type == 'markdown': cells.append(nc.new_markdown_cell(c.source))
        elif c.cell_type == 'code':
            opts, src = cell_options(c.source)
            if opts.get('include') == 'false': continue
            outs = c.get('outputs', [])
            if opts.get('output') == 'false': outs = []
            if opts.get('output') == 'asis':
                md = [o['data']['text/markdown'] for o in outs if 'text/markdown' in o.get('data', {})]
                outs = [o for o in outs if 'text/markdown' not in o.get('data', {})]
                # show_doc starts with a rule, which docutils refuses right after a heading: the same rule as HTML
                cells += [nc.new_markdown_cell(re.sub(r'\A\s*---\s*\n', '<hr>\n\n', m if isinstance(m, str) else ''.join(m)))
                          for m in md]
            hide_input = opts.get('echo') == 'false' or not src.strip()
            if hide_input and not outs: continue
            cell = nc.new_code_cell(src, outputs=outs, execution_count=None)
            if hide_input: cell.metadata['tags'] = ['remove-input']
            cells.append(cell)
        # raw cells are for other formats (Quarto passes them to the output it renders for that format)
    shift = any(_has_h1(c.source) for c in cells[1:] if c.cell_type == 'markdown')
    for c in cells[1:]:
        if c.cell_type == 'markdown': c.source = body_headings(quarto_attrs(link(c.source, page)), shift)
        else:
            for o in c.outputs:
                d = o.get('data', {})
                if 'text/markdown' in d:
                    m = d['text/markdown']
                    d['text/markdown'] = quarto_attrs(link(m if isinstance(m, str) else ''.join(m), page))
    nb = nc.new_notebook(cells=cells, metadata={k: v for k, v in page.nb.metadata.items() if k in ('kernelspec', 'language_info')})
    return nb


def _write(path:Path, text:str):
    "Write only what changed, so Sphinx rereads only changed pages."
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text() != text: path.write_text(text)


def write_source(pages:dict, entries:list, site:str, src:Path) -> dict:
    "The Sphinx source tree for every page (index.ipynb carrying the navigation); returns the manifest of the site."
    root = pages.get('index.ipynb') or next(iter(pages.values()))
    link, wanted = Linker(pages, site), set()
    in_nav = {id(p) for p in flatten(entries)}
    manifest = {'pages': {}, 'sidebar': [p.html for p in flatten(entries)]}
    for key, page in pages.items():
        nb = to_myst(page, link)
        if page is root:
            nb.cells.append(nbformat.v4.new_markdown_cell(toctrees(entries, root)))
        elif id(page) not in in_nav: nb.metadata['orphan'] = True
        name = page.doc + '.ipynb'
        _write(src/name, nbformat.writes(nb)); wanted.add(name)
        manifest['pages'][page.html] = {'source': key, 'title': page.title, 'in_sidebar': id(page) in in_nav or page is root}
    for f in src.rglob('*'):     # pages renamed or deleted since the last build
        rel = f.relative_to(src).as_posix()
        if f.is_file() and f.suffix == '.ipynb' and rel not in wanted: f.unlink()
    _write(src/'_static'/'preview.css', CSS)
    return manifest


# ----------------------------------------------------------------------------------------------- Sphinx extension

def pandoc_id(text:str) -> str:
    "The identifier pandoc (so Quarto) gives a heading: keep letters, digits, `_-.`; spaces to `-`; lower case; from the first letter."
    s = ''.join(c for c in text if c.isalnum() or c in '_-.' or c.isspace())
    s = re.sub(r'\s+', '-', s.strip()).lower()
    s = re.sub(r'^[^a-z]+', '', s) if re.search(r'[^\W\d_]', s) else ''
    return s or 'section'


def quarto_ids(app, doctree):
    "Every section gets pandoc's identifier first (unique in the page, repeats numbered as pandoc does): the TOC and ¶ use it."
    from docutils import nodes
    seen, taken = {}, {i for n in doctree.findall(nodes.Element) for i in n.get('ids', [])}
    for sec in doctree.findall(nodes.section):
        base = pandoc_id(sec[0].astext())
        n = seen.get(base, 0); seen[base] = n + 1
        hid = base if n == 0 else f'{base}-{n}'
        if hid in sec['ids']: sec['ids'].remove(hid)
        elif hid in taken: continue
        sec['ids'].insert(0, hid); doctree.ids[hid] = sec


def _page_ids(app) -> dict:
    "Each page's element ids, from the doctrees Sphinx read."
    from docutils import nodes
    if not hasattr(app, '_preview_ids'):
        app._preview_ids = {d: {i for n in app.env.get_doctree(d).findall(nodes.Element) for i in n.get('ids', [])}
                                for d in app.env.found_docs}
    return app._preview_ids


def local_links(app, doctree, docname):
    """Links into the published site point at the preview's pages; a link to an anchor no page has (nbdev links private
    helpers that have no `show_doc`) loses its link, its text stays."""
    from docutils import nodes
    site, ids = app.config.preview_site_url, _page_ids(app)
    for ref in list(doctree.findall(nodes.reference)):
        uri = ref.get('refuri', '')
        if not uri.startswith(site): continue
        path, _, frag = uri[len(site):].partition('#')
        doc = (path or 'index.html').removesuffix('.html')
        if doc not in ids: continue
        if frag and frag not in ids[doc]:
            ref.replace_self(ref.children)
            app._preview_unlinked = getattr(app, '_preview_unlinked', []) + [[f'{docname}.html', ref.astext(), uri]]
            continue
        rel = '' if doc == docname else app.builder.get_relative_uri(docname, doc)
        ref['refuri'] = rel + (f'#{frag}' if frag else '')
        ref['internal'] = True


def copy_mathjax(app, exc):
    "MathJax 3 (es5 build: the loader, every TeX package, the CHTML output and its TeX woff fonts) into `_static/mathjax`."
    if exc or not (MATHJAX_SRC/'tex-chtml-full.js').exists(): return
    dst = Path(app.outdir)/'_static'/'mathjax'
    if not (dst/'tex-chtml-full.js').exists():
        shutil.copytree(MATHJAX_SRC, dst, dirs_exist_ok=True, ignore=shutil.ignore_patterns('sre', '*-speech.js'))


def setup(app):
    "The preview's Sphinx extension: Quarto's heading ids, local links, MathJax on every page and copied locally."
    app.add_config_value('preview_site_url', '', 'env')
    app.connect('doctree-read', quarto_ids)
    app.connect('doctree-resolved', local_links)
    app.connect('build-finished', copy_mathjax)
    app.set_html_assets_policy('always')     # MathJax on every page: HTML outputs (tables) carry $...$ math too
    return {'parallel_read_safe': True, 'parallel_write_safe': True}


def sphinx_config(site:dict, url:str) -> dict:
    "Sphinx's configuration, from the Quarto project's settings."
    title = site.get('website', {}).get('title') or 'docs'
    return dict(
        project=title, html_title=title, preview_site_url=url or 'https://preview.invalid/',
        extensions=['myst_nb', 'docs_preview'], root_doc='index', exclude_patterns=['_static'],
        myst_enable_extensions=['dollarmath', 'amsmath', 'attrs_inline', 'attrs_block', 'colon_fence', 'deflist',
                                'html_image', 'strikethrough'],
        myst_dmath_double_inline=True, myst_update_mathjax=False,
        nb_execution_mode='off', nb_render_markdown_format='myst', nb_merge_streams=True,
        suppress_warnings=['myst.header', 'mystnb.unknown_mime_type'],
        html_theme='sphinx_book_theme', html_static_path=['_static'], html_css_files=['preview.css'],
        html_theme_options={'announcement': BANNER, 'home_page_in_toc': True, 'show_toc_level': 2,
                            'use_download_button': False, 'use_fullscreen_button': False,
                            'navigation_with_keys': False, 'footer_content_items': []},
        html_show_sourcelink=False, html_copy_source=False, html_last_updated_fmt=None,
        mathjax_path='mathjax/tex-chtml-full.js', mathjax3_config=MATHJAX_CONFIG,
    )


def mirror(src:Path, dst:Path):
    "Make `dst` a copy of `src`, copying only files that changed and removing those `src` no longer has."
    have = set()
    for f in src.rglob('*'):
        if not f.is_file(): continue
        rel = f.relative_to(src); have.add(rel); t = dst/rel
        st = f.stat()
        if not t.exists() or t.stat().st_size != st.st_size or t.stat().st_mtime != st.st_mtime:
            t.parent.mkdir(parents=True, exist_ok=True); shutil.copy2(f, t)
    for f in sorted(dst.rglob('*'), reverse=True):
        if f.is_file() and f.relative_to(dst) not in have: f.unlink()
        elif f.is_dir() and not any(f.iterdir()): f.rmdir()


def build_preview(proc:Path, out:Path, site:dict, work:Path=WORK, quiet=True) -> dict:
    """Write the Sphinx source from the processed notebooks, build the HTML preview and mirror it into `out`; returns the
    manifest. Sphinx builds in `_preview/html` (MyST-NB keeps its output files next to the build folder), then `out`."""
    from sphinx.application import Sphinx
    if str(Path(__file__).parent) not in sys.path: sys.path.insert(0, str(Path(__file__).parent))
    url, pages, problems = site_url(site), find_pages(proc), []
    entries = nav_entries(sidebar_contents(site), pages, problems)
    src = work/'src'
    manifest = write_source(pages, entries, url, src)
    for f in proc.rglob('*'):   # images the pages link to (nbs/images/...), next to the pages as in the Quarto site
        if f.is_file() and f.suffix.lower() in ('.svg', '.png', '.jpg', '.jpeg', '.gif') and '_' not in f.relative_to(proc).parts[0][:1]:
            t = src/f.relative_to(proc)
            if not t.exists() or t.read_bytes() != f.read_bytes(): t.parent.mkdir(parents=True, exist_ok=True); shutil.copy2(f, t)
    manifest['problems'] = problems
    for p in problems: print(f'  warning: {p}')
    html = work/'html'
    app = Sphinx(str(src), None, str(html), str(work/'doctrees'), 'html', confoverrides=sphinx_config(site, url),
                 status=None if quiet else sys.stdout, warning=sys.stderr, parallel=1)
    app.build()
    unlinked = getattr(app, '_preview_unlinked', [])
    manifest['unlinked'] = unlinked
    (html/MANIFEST).write_text(json.dumps(manifest, indent=1))
    mirror(html, out)
    if unlinked: print(f'  {len(unlinked)} links to anchors no page has were unlinked (their text stays):\n    '
                       + '\n    '.join(f'{p}: {t} -> {u}' for p, t, u in unlinked))
    if not (out/'_static'/'mathjax'/'tex-chtml-full.js').exists():
        print(f'  note: MathJax 3 is not in {MATHJAX_SRC.parent}, so math is not typeset (`make docs` installs it)')
    return manifest


# ------------------------------------------------------------------------------------------------------------ README

def frontmatter(nb):
    "Title and description from the raw frontmatter cell nbdev's processing puts first (removing it)."
    fm = split_front_matter(nb.cells)
    return fm.get('title', ''), fm.get('description', '')


_directive_line = re.compile(r'^\s*#\|.*\n?', re.M)
_quarto_attr = re.compile(r'(\]\([^)]*\))\{[^}]*\}')   # [source](url){target="_blank" ...} -> [source](url)

def quarto_to_plain(nb):
    "Do what Quarto does with nbdev's processed notebook: hide `echo: false` inputs, drop `#|` directives and link attributes."
    for c in nb.cells:
        c.metadata.pop('execution', None)   # execnb's timings; not nbformat-valid
        if c.cell_type != 'code': continue
        if re.search(r'^#\|\s*echo:\s*false', c.source, re.M): c.metadata.setdefault('tags', []).append('remove_input')
        c.source = _directive_line.sub('', c.source)
        for o in c.get('outputs', []):
            md = o.get('data', {}).get('text/markdown')
            if md: o['data']['text/markdown'] = _quarto_attr.sub(r'\1', md if isinstance(md, str) else ''.join(md))


def build_readme(cfg, proc: Path):
    "README.md from the processed index notebook (what `nbdev-readme` does with Quarto)."
    nb = nbformat.read(proc/cfg.readme_nb, as_version=4)
    quarto_to_plain(nb)
    title, desc = frontmatter(nb)
    exp = MarkdownExporter(exclude_input_prompt=True, exclude_output_prompt=True)
    exp.register_preprocessor(TagRemovePreprocessor(remove_input_tags={'remove_input'}), enabled=True)
    md, _ = exp.from_notebook_node(nb)
    md = re.sub(r'\n{3,}', '\n\n', md).strip()
    text = (f'# {title}\n\n' if title else '') + (f'> {desc}\n\n' if desc else '') + \
        md + '\n'
    (cfg.config_path/'README.md').write_text(text)
    print(f'  {cfg.config_path/"README.md"}')


def main(readme_only=False, readme=True):
    "Process the notebooks as nbdev does, write README.md (if `readme`) and (unless `readme_only`) build the preview in `_docs/`."
    cfg = get_config()
    refresh_quarto_yml()
    nbdev.doclinks._build_modidx()
    nbdev_sidebar.__wrapped__()
    t0 = time.time()
    proc = proc_nbs(n_workers=0)
    if readme or readme_only: build_readme(cfg, proc)
    if not readme_only:
        t1 = time.time()
        m = build_preview(proc, cfg.doc_path, site_settings(cfg.nbs_path))
        print(f'Preview of {len(m["pages"])} pages written to {cfg.doc_path}/ (open index.html): '
              f'nbdev processing {t1-t0:.0f} s, Sphinx {time.time()-t1:.0f} s')


if __name__ == '__main__': main('--readme-only' in sys.argv[1:])
