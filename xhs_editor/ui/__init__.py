"""The Qt user interface: a thin layer that shows the engine's findings."""
