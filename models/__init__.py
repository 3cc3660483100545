"""maskdma kernel-side models (placeholder until the models land)."""
