"""The domain core: pure functions over a loaded review. Imports only the standard library and itself."""
