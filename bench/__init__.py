"""Performance checks kept out of the test run (``make bench``)."""
