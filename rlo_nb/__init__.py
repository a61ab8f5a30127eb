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
