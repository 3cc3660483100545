"""maskdma cocotb/pyuvm bench (placeholder until the bench lands)."""
