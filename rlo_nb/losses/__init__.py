"""The rooted logistic objectives (RLO) as PyTorch functions and modules, importing torch, NumPy and fastcore only.

- classifiers: `rooted_loss`, `rooted_binary_loss`, `RootedLoss`, `RootedBinaryLoss` (and the square-loss baseline),
  in `rlo_nb.losses.classification`;
- causal language models: `rooted_causal_lm_loss`, `RootedLMLoss`, `chunked_rooted_lm_loss`, in `rlo_nb.losses.lm`;
- GANs: `rooted_gan_loss`, `gan_d_loss`, `gan_g_loss`, in `rlo_nb.losses.gan`.

Docs: https://rlo-nb.github.io/rlo_nb/losses.html, lm_losses.html, gan_losses.html."""
# Written by hand (nbdev exports the three modules): this package only gathers their public names.
from .classification import *
from .lm import *
from .gan import *
from . import classification as _c, lm as _lm, gan as _g

__all__ = [*_c.__all__, *_lm.__all__, *_g.__all__]
