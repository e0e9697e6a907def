"""iizcore plugin for the canton of Basel-Landschaft (BL)."""
