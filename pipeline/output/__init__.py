"""Arrow schemas (one place, versioned), the Parquet dataset writer and the run manifest."""
