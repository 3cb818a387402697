"""Browser journeys, accessibility audits and screenshots (Playwright driving Chromium)."""
