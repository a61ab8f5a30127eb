"""Build an offline HTML preview of the docs in `_docs/` without Quarto, and README.md from nbs/index.ipynb.

The notebooks go through nbdev's own processing (`nbdev.serve.proc_nbs`: directives, `show_doc`, hidden cells,
frontmatter) into `_proc/`, then nbconvert renders each to HTML. Math is typeset by MathJax 3 with its TeX fonts (what
Quarto uses), from the npm package `mathjax` that `make docs` installs once into `.mathjax/`, so pages need no network.
Headings get Quarto's (pandoc's) identifiers, so in-page links such as `#the-verdict-table` work, and links into the
published site are pointed at the preview's own pages. The published site is built by `nbdev-docs` with Quarto; this
preview is labelled as such on every page.
Usage: python tools/docs_preview.py [--readme-only]
"""
import html, re, shutil, sys
from pathlib import Path

import yaml
from nbconvert import HTMLExporter, MarkdownExporter
from nbconvert.filters import markdown2html
from nbconvert.preprocessors import TagRemovePreprocessor
from nbformat import read
from nbdev.config import get_config, nbpath2html
from nbdev.quarto import refresh_quarto_yml, nbdev_sidebar
from nbdev.serve import proc_nbs
import nbdev.doclinks

ROOT = Path(__file__).resolve().parent.parent
MATHJAX_SRC = ROOT/'.mathjax'/'node_modules'/'mathjax'/'es5'
BANNER = ('<div style="background:#fff3cd;border-bottom:1px solid #e0c36b;padding:6px 14px;font:14px sans-serif">'
          '<b>Preview</b> built without Quarto (<code>make docs</code> on a machine without <code>quarto</code>); '
          'the published site is rendered by <code>nbdev-docs</code>. {nav}</div>')
# MathJax 3 as Quarto configures it: $...$ and $$...$$, AMS environments (aligned, pmatrix, ...), all TeX packages.
MATHJAX = """<script>
window.MathJax = {
  tex: {inlineMath: [['$', '$'], ['\\\\(', '\\\\)']], displayMath: [['$$', '$$'], ['\\\\[', '\\\\]']],
        processEscapes: true, processEnvironments: true, tags: 'ams'},
  options: {skipHtmlTags: ['script', 'noscript', 'style', 'textarea', 'pre', 'code']}
};
</script>
<script id="MathJax-script" async src="mathjax/tex-chtml-full.js"></script>
"""
FIG_CSS = '<style>.jp-RenderedImage img { max-width: 100%; height: auto; }</style>\n'


def site_url():
    "The published site's address, from nbs/nbdev.yml (`website.site-url`), with a trailing slash."
    cfg = get_config()
    y = yaml.safe_load((cfg.nbs_path/'nbdev.yml').read_text()) or {}
    return (y.get('website', {}).get('site-url') or '').rstrip('/') + '/'


def frontmatter(nb):
    "Title and description from the raw frontmatter cell nbdev's processing puts first (removing it)."
    if nb.cells and nb.cells[0].cell_type == 'raw' and nb.cells[0].source.startswith('---'):
        fm = yaml.safe_load(nb.cells.pop(0).source.strip('-\n')) or {}
        return fm.get('title', ''), fm.get('description', '')
    return '', ''


def inline_md(s:str) -> str:
    "One line of markdown (a title or a description) as inline HTML: `code`, *emphasis*, links; math is left to MathJax."
    return re.sub(r'^<p>|</p>\s*$', '', markdown2html(s).strip())


_directive = re.compile(r'^\s*#\|.*\n?', re.M)
_quarto_attr = re.compile(r'(\]\([^)]*\))\{[^}]*\}')   # [source](url){target="_blank" ...} -> [source](url)

def quarto_to_plain(nb):
    "Do what Quarto does with nbdev's processed notebook: hide `echo: false` inputs, drop `#|` directives and link attributes."
    for c in nb.cells:
        c.metadata.pop('execution', None)   # execnb's timings; not nbformat-valid
        if c.cell_type != 'code': continue
        if re.search(r'^#\|\s*echo:\s*false', c.source, re.M): c.metadata.setdefault('tags', []).append('remove_input')
        c.source = _directive.sub('', c.source)
        for o in c.get('outputs', []):
            md = o.get('data', {}).get('text/markdown')
            if md: o['data']['text/markdown'] = _quarto_attr.sub(r'\1', md if isinstance(md, str) else ''.join(md))


def pandoc_id(text:str) -> str:
    "The identifier pandoc (so Quarto) gives a heading: keep letters, digits, `_-.`; spaces to `-`; lower case; from the first letter."
    s = ''.join(c for c in text if c.isalnum() or c in '_-.' or c.isspace())
    s = re.sub(r'\s+', '-', s.strip()).lower()
    s = re.sub(r'^[^a-z]+', '', s) if re.search(r'[^\W\d_]', s) else ''
    return s or 'section'

_heading = re.compile(r'<h([1-6])([^>]*)>(.*?)</h\1>', re.S)
_anchor = re.compile(r'<a class="anchor-link"[^>]*>.*?</a>', re.S)

def quarto_heading_ids(body:str) -> str:
    "Give every heading pandoc's identifier (unique in the page, as pandoc numbers repeats), and its `¶` link the same."
    seen = {}
    def fix(m):
        level, attrs, inner = m.groups()
        base = pandoc_id(html.unescape(re.sub(r'<[^>]+>', '', _anchor.sub('', inner))))
        n = seen.get(base, 0); seen[base] = n + 1
        hid = base if n == 0 else f'{base}-{n}'
        attrs = re.sub(r'\s*id="[^"]*"', '', attrs) + f' id="{hid}"'
        inner = _anchor.sub(f'<a class="anchor-link" href="#{hid}">&#182;</a>', inner)
        return f'<h{level}{attrs}>{inner}</h{level}>'
    return _heading.sub(fix, body)


def local_links(body:str, site:str, pages:set) -> str:
    "Links into the published site (nbdev's symbol links, the README's absolute links) point at the preview's own pages."
    def fix(m):
        page, frag = m.group(2) or 'index.html', m.group(3) or ''
        return f'{m.group(1)}{page}{frag}"' if page in pages else m.group(0)
    return re.sub(r'(href=")' + re.escape(site) + r'([\w.-]+\.html)?(#[^"]*)?"', fix, body)


def drop_dead_links(bodies:dict) -> dict:
    "Unlink links to an anchor no page has (nbdev links private helpers that have no `show_doc`); the text stays."
    ids = {name: set(re.findall(r'\sid="([^"]+)"', b)) for name, b in bodies.items()}
    def fix(m, name):
        page, frag = m.group(2) or name, m.group(3)
        return m.group(4) if page in ids and frag not in ids[page] else m.group(0)
    return {name: re.sub(r'<a href="(([\w.-]+\.html)?#([^"]+))"[^>]*>(.*?)</a>', lambda m: fix(m, name), b, flags=re.S)
            for name, b in bodies.items()}


def pages(proc: Path):
    "Processed notebooks in sidebar order (index first)."
    nbs = sorted(proc.glob('*.ipynb'), key=lambda p: (p.name != 'index.ipynb', p.name))
    return [(p, nbpath2html(p).name) for p in nbs]


def copy_mathjax(out: Path):
    "MathJax 3 (es5 build: the loader, every TeX package, the CHTML output and its TeX woff fonts) into `out/mathjax`."
    if not (MATHJAX_SRC/'tex-chtml-full.js').exists():
        sys.exit(f'MathJax 3 is not in {MATHJAX_SRC.parent}: run `make docs` (it installs the npm package `mathjax` '
                 'once into .mathjax/), or `npm install --prefix .mathjax --no-save mathjax@3.2.2`')
    dst = out/'mathjax'
    if dst.exists() and not (dst/'tex-chtml-full.js').exists(): shutil.rmtree(dst)   # an older MathJax 2 copy
    shutil.copytree(MATHJAX_SRC, dst, dirs_exist_ok=True, ignore=shutil.ignore_patterns('sre', '*-speech.js'))


def build_preview(cfg, proc: Path, out: Path):
    out.mkdir(exist_ok=True)
    copy_mathjax(out)
    exp = HTMLExporter(template_name='lab', exclude_input_prompt=True, exclude_output_prompt=True)
    exp.register_preprocessor(TagRemovePreprocessor(remove_input_tags={'remove_input'}), enabled=True)
    items = pages(proc)
    site, names = site_url(), {h for _, h in items}
    titles = {}
    for p, html_name in items:
        nb = read(p, as_version=4)
        titles[html_name] = frontmatter(nb)[0] or p.stem
    bodies = {}
    nav = ' &middot; '.join(f'<a href="{h}">{inline_md(t)}</a>' for h, t in titles.items())
    for p, html_name in items:
        nb = read(p, as_version=4)
        quarto_to_plain(nb)
        title, desc = frontmatter(nb)
        body, _ = exp.from_notebook_node(nb, resources={'metadata': {'name': title or p.stem}})
        body = re.sub(r'\s*<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->', '', body, count=1, flags=re.S)
        body = re.sub(r'<script src="https?://[^"]*require[^"]*"></script>', '', body)   # for widgets, which no page has; offline
        body = body.replace('</head>', MATHJAX + FIG_CSS + '</head>', 1)
        body = quarto_heading_ids(body)
        head = (f'<h1 style="margin-top:1em">{inline_md(title)}</h1>' +
                (f'<p style="font-size:1.15em;color:#555">{inline_md(desc)}</p>' if desc else ''))
        body = re.sub(r'(<main[^>]*>)', lambda m: m.group(1) + f'<div class="jp-Cell" style="padding:0 12px">{head}</div>', body, count=1)
        body = re.sub(r'(<body[^>]*>)', lambda m: m.group(1) + BANNER.format(nav=nav), body, count=1)
        bodies[html_name] = local_links(body, site, names)
    for html_name, body in drop_dead_links(bodies).items():
        (out/html_name).write_text(body)
        print(f'  {out/html_name}')


def build_readme(cfg, proc: Path):
    "README.md from the processed index notebook (what `nbdev-readme` does with Quarto)."
    nb = read(proc/cfg.readme_nb, as_version=4)
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


def main(readme_only=False):
    cfg = get_config()
    refresh_quarto_yml()
    nbdev.doclinks._build_modidx()
    nbdev_sidebar.__wrapped__()
    proc = proc_nbs(n_workers=0)
    build_readme(cfg, proc)
    if not readme_only:
        build_preview(cfg, proc, cfg.doc_path)
        print(f'Preview written to {cfg.doc_path}/ (open index.html)')


if __name__ == '__main__': main('--readme-only' in sys.argv[1:])
