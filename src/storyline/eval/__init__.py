"""Quality measured on public benchmark data (../shared/eval)."""
