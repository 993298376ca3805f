"""Questions kept to watch for changed answers: the store, the re-check, the Assistant methods."""
