"""The library folder: article files, snapshots, settings. Imports core only."""
