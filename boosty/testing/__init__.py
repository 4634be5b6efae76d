"""The fake Boosty server and pytest fixtures (``pip install boosty[testing]``)."""
