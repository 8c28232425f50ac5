"""The values each chapter quotes, computed by name: one module per chapter."""
