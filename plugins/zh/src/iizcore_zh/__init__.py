"""iizcore plugin for the canton of Zürich (ZH)."""
