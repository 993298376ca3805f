"""Where documents come from besides files: followed feeds and uploads."""
