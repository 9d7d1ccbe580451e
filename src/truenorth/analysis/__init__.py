"""Analysis: pure functions over the model and its support graph."""
