"""One module per API area; each builds generated requests and hands them to a runner."""
