"""The contamination section: the probes on published data read against a control."""
