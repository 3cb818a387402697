"""What every feature stands on, and nothing feature-specific.

Features import from here and, downward, from the features they build on; nothing in the
core imports a feature.
"""
