"""Runner: execute templates per municipality with papermill, export self-contained HTML,
write an index page and a manifest. See docs/ARCHITECTURE.md."""
