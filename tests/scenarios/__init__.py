"""Stories across modules: what a person sees the hub do, end to end, through Home Assistant."""
