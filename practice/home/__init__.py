"""The landing page after sign-in, one per role."""
