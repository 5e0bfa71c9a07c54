"""Data in other layouts made canonical: spreadsheets, folders, the published hub snapshot."""
