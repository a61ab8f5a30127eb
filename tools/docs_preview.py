"""Build an offline HTML preview of the docs in `_docs/` without Quarto, and README.md from nbs/index.ipynb.

The notebooks go through nbdev's own processing (`nbdev.serve.proc_nbs`: directives, `show_doc`, hidden cells,
frontmatter) into `_proc/`, then nbconvert renders each to HTML with a local copy of MathJax, so formulas render with
no network. The published site is built by `nbdev-docs` with Quarto; this preview is labelled as such on every page.
Usage: python tools/docs_preview.py [--readme-only]
"""
import re, shutil, sys
from pathlib import Path

import yaml
from nbconvert import HTMLExporter, MarkdownExporter
from nbconvert.preprocessors import TagRemovePreprocessor
from nbformat import read
from nbdev.config import get_config, nbpath2html
from nbdev.quarto import refresh_quarto_yml, nbdev_sidebar
from nbdev.serve import proc_nbs
import nbdev.doclinks

BANNER = ('<div style="background:#fff3cd;border-bottom:1px solid #e0c36b;padding:6px 14px;font:14px sans-serif">'
          '<b>Preview</b> built without Quarto (<code>make docs</code> on a machine without <code>quarto</code>); '
          'the published site is rendered by <code>nbdev-docs</code>. {nav}</div>')
MATHJAX = 'mathjax/MathJax.js?config=TeX-AMS-MML_HTMLorMML-full,Safe'


def frontmatter(nb):
    "Title and description from the raw frontmatter cell nbdev's processing puts first (removing it)."
    if nb.cells and nb.cells[0].cell_type == 'raw' and nb.cells[0].source.startswith('---'):
        fm = yaml.safe_load(nb.cells.pop(0).source.strip('-\n')) or {}
        return fm.get('title', ''), fm.get('description', '')
    return '', ''


_directive = re.compile(r'^\s*#\|.*\n?', re.M)
_quarto_attr = re.compile(r'(\]\([^)]*\))\{[^}]*\}')   # [source](url){target="_blank" ...} -> [source](url)

_math = re.compile(r'\$\$.+?\$\$|\$[^$\n]+\$', re.S)

def _primes(md:str) -> str:
    "Write primes in math as ^{\\prime}: the MathJax 2 bundled for the offline preview fails on a bare `'`."
    return _math.sub(lambda m: re.sub(r"('+)", lambda q: '^{' + r'\prime'*len(q.group(1)) + '}', m.group(0)), md)

def quarto_to_plain(nb):
    "Do what Quarto does with nbdev's processed notebook: hide `echo: false` inputs, drop `#|` directives and link attributes."
    for c in nb.cells:
        c.metadata.pop('execution', None)   # execnb's timings; not nbformat-valid
        if c.cell_type == 'markdown': c.source = _primes(c.source)
        if c.cell_type != 'code': continue
        if re.search(r'^#\|\s*echo:\s*false', c.source, re.M): c.metadata.setdefault('tags', []).append('remove_input')
        c.source = _directive.sub('', c.source)
        for o in c.get('outputs', []):
            md = o.get('data', {}).get('text/markdown')
            if md: o['data']['text/markdown'] = _quarto_attr.sub(r'\1', md if isinstance(md, str) else ''.join(md))


def pages(proc: Path):
    "Processed notebooks in sidebar order (index first)."
    nbs = sorted(proc.glob('*.ipynb'), key=lambda p: (p.name != 'index.ipynb', p.name))
    return [(p, nbpath2html(p).name) for p in nbs]


def build_preview(cfg, proc: Path, out: Path):
    out.mkdir(exist_ok=True)
    mj = Path(__import__('jupyter_server_mathjax').__file__).parent/'static'
    if not (out/'mathjax').exists(): shutil.copytree(mj, out/'mathjax')
    exp = HTMLExporter(template_name='lab', mathjax_url=MATHJAX, exclude_input_prompt=True, exclude_output_prompt=True)
    exp.register_preprocessor(TagRemovePreprocessor(remove_input_tags={'remove_input'}), enabled=True)
    items = pages(proc)
    titles = {}
    for p, html in items:
        nb = read(p, as_version=4)
        titles[html] = frontmatter(nb)[0] or p.stem
    nav = ' &middot; '.join(f'<a href="{h}">{t}</a>' for h, t in titles.items())
    for p, html in items:
        nb = read(p, as_version=4)
        quarto_to_plain(nb)
        title, desc = frontmatter(nb)
        body, _ = exp.from_notebook_node(nb, resources={'metadata': {'name': title or p.stem}})
        head = f'<h1 style="margin-top:1em">{title}</h1>' + (f'<p style="font-size:1.15em;color:#555">{desc}</p>' if desc else '')
        body = re.sub(r'(<main[^>]*>)', lambda m: m.group(1) + f'<div class="jp-Cell" style="padding:0 12px">{head}</div>', body, count=1)
        body = re.sub(r'(<body[^>]*>)', lambda m: m.group(1) + BANNER.format(nav=nav), body, count=1)
        (out/html).write_text(body)
        print(f'  {out/html}')


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
