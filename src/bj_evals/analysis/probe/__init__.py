"""The encoder probe: linear probes of a local model's image embeddings."""
