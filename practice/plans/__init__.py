"""Session plans: practice-wide and personal plan templates, and each client's plans."""
