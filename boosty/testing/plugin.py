"""pytest plugin (entry point ``pytest11``): fixtures ``fake_boosty``, ``boosty_client``, ``async_boosty_client``."""
