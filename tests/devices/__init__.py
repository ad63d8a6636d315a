"""Voice Privacy next to the real core integrations that people's assistants come through."""
