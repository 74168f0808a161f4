"""Typed documents built from storage, one per output, for the renderers to show."""
