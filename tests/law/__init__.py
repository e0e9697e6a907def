"""Tests of the federal rule modules (iizcore.law)."""
