"""The Qt user interface: a thin layer that shows the engine's findings."""

from .qt_compat import pin_singletons

pin_singletons()
