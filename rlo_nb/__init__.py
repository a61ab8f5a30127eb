__version__ = "0.0.1"

# Modules that moved, kept importable under their old names for one release (each use warns once).
_MOVED = {'rlo_nb.reproduce': 'rlo_nb.run.cli', 'rlo_nb.dryrun': 'rlo_nb.run.dryrun',
          **{f'rlo_nb.{m}': f'rlo_nb.experiments.{m}' for m in ('lm', 'synthetic', 'vision', 'pruning', 'qlora', 'gan', 'budget')}}

# Where else the public names of a moved module went (the experiment kept the rest): looked up in this order.
_ALSO = {'rlo_nb.lm': ('rlo_nb.experiments.lm_data', 'rlo_nb.losses', 'rlo_nb.hf'), 'rlo_nb.gan': ('rlo_nb.gan_tools', 'rlo_nb.losses'),
         'rlo_nb.vision': ('rlo_nb.experiments.image_data',)}

import importlib.abc as _abc, importlib.util as _util, sys as _sys

class _MovedFinder(_abc.MetaPathFinder, _abc.Loader):
    "Imports an old module name as the module it moved to (or, where its names went to several modules, a module that finds them there), with a `DeprecationWarning` naming the new one."
    def find_spec(self, name, path=None, target=None):
        return _util.spec_from_loader(name, self) if name in _MOVED else None
    def create_module(self, spec):
        import importlib, warnings
        warnings.warn(f"{spec.name} moved to {_MOVED[spec.name]}; the old name goes in the next release", DeprecationWarning, stacklevel=3)
        new = importlib.import_module(_MOVED[spec.name])
        if spec.name not in _ALSO: return new
        import types
        homes, mod = [new, *map(importlib.import_module, _ALSO[spec.name])], types.ModuleType(spec.name, new.__doc__)
        def __getattr__(attr):
            for h in homes:
                if hasattr(h, attr): return getattr(h, attr)
            raise AttributeError(f"module {spec.name!r} has no attribute {attr!r}")
        mod.__getattr__ = __getattr__
        return mod
    def exec_module(self, module): pass

if not any(isinstance(f, _MovedFinder) for f in _sys.meta_path): _sys.meta_path.append(_MovedFinder())

# The optional extras: which one installs a package the library or an experiment imports (see pyproject.toml).
EXTRA_OF = {'fastai': 'fastai', 'fastprogress': 'fastai', 'entmax': 'fastai', 'fasttransform': 'fastai', 'PIL': 'vision',
            'scipy': 'theory', 'sklearn': 'theory', 'pandas': 'theory', 'matplotlib': 'theory', 'tabulate': 'theory',
            'timm': 'vision', 'torchvision': 'vision', 'safetensors': 'vision',
            'transformers': 'lm', 'datasets': 'lm', 'tokenizers': 'lm', 'accelerate': 'lm', 'peft': 'lm', 'huggingface_hub': 'lm', 'pyarrow': 'lm',
            'hqq': 'quant', 'torchmetrics': 'gan', 'ray': 'cluster', 'torch_fidelity': 'paper'}

class _HintLoader(_abc.Loader):
    "A module's own loader; a package missing while the module runs is reported with the extra that installs it."
    def __init__(self, loader): self._loader = loader
    def create_module(self, spec): return self._loader.create_module(spec)
    def exec_module(self, module):
        try: self._loader.exec_module(module)
        except ModuleNotFoundError as e:
            top = (e.name or '').split('.')[0]
            if top not in EXTRA_OF: raise
            raise ModuleNotFoundError(f"{module.__name__} needs {top!r}, which is not installed: pip install 'rlo_nb[{EXTRA_OF[top]}]' "
                                      f"(or 'rlo_nb[all]' for every chapter)", name=e.name) from e
    def __getattr__(self, attr): return getattr(self._loader, attr)   # get_source, get_code, ... of the real loader

class _ExtrasFinder(_abc.MetaPathFinder):
    "Finds `rlo_nb` submodules as usual and gives them a `_HintLoader`."
    def find_spec(self, name, path=None, target=None):
        if not name.startswith('rlo_nb.') or name in _MOVED: return None
        from importlib.machinery import PathFinder
        spec = PathFinder.find_spec(name, path, target)
        if spec is not None and spec.loader is not None and not isinstance(spec.loader, _HintLoader): spec.loader = _HintLoader(spec.loader)
        return spec

if not any(isinstance(f, _ExtrasFinder) for f in _sys.meta_path): _sys.meta_path.insert(0, _ExtrasFinder())
