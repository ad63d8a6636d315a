"""Tests for the Voice Privacy integration."""
