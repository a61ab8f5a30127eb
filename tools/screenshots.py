"""Screenshots of every page of the offline docs preview, as a reader's browser shows them (headless Chromium).

Build the preview first (`make docs`). Chromium comes from Debian's packages (`apt-get install chromium`); it runs with
no network (the preview needs none) and a fresh profile. Each page is shot at the given window size from its top;
a taller window shows more of a long page.

Usage: python tools/screenshots.py [--out DIR] [--width 1400] [--height 2400] [PAGE.html ...]
"""
import argparse, json, shutil, subprocess, sys, tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--hide-scrollbars',
         '--disable-background-networking', '--disable-component-update', '--disable-sync', '--virtual-time-budget=4000']


def browser() -> str:
    "The Chromium executable, or exit saying how to get it."
    for name in ('chromium', 'chromium-browser', 'google-chrome'):
        if p := shutil.which(name): return p
    sys.exit('no Chromium found: apt-get install chromium (Debian), then run this again')


def shoot(page:Path, png:Path, width:int, height:int, exe:str):
    "One screenshot of `page` into `png` (a fresh profile each time, so pages do not share state)."
    with tempfile.TemporaryDirectory() as prof:
        r = subprocess.run([exe, *FLAGS, f'--user-data-dir={prof}', f'--window-size={width},{height}', f'--screenshot={png}',
                            page.resolve().as_uri()], capture_output=True, text=True, timeout=120)
    if not png.exists(): raise RuntimeError(f'{page.name}: no screenshot (chromium said: {r.stderr.strip()[-300:]})')


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('pages', nargs='*', help="pages of the preview (default: every page of its manifest)")
    ap.add_argument('--docs', type=Path, default=ROOT/'_docs', help="the preview's folder")
    ap.add_argument('--out', type=Path, default=ROOT/'_screenshots', help='where the PNGs go (one per page)')
    ap.add_argument('--width', type=int, default=1400)
    ap.add_argument('--height', type=int, default=2400)
    a = ap.parse_args()
    mf = a.docs/'_preview.json'
    if not mf.exists(): sys.exit(f'{mf} is missing: build the preview first (make docs)')
    pages = a.pages or list(json.loads(mf.read_text())['pages'])
    exe, n = browser(), 0
    a.out.mkdir(parents=True, exist_ok=True)
    for p in pages:
        png = a.out/(Path(p).stem + '.png')
        png.unlink(missing_ok=True)
        shoot(a.docs/p, png, a.width, a.height, exe); n += 1
        print(f'  {png.relative_to(ROOT) if png.is_relative_to(ROOT) else png}')
    print(f'{n} screenshots in {a.out}')


if __name__ == '__main__': main()
