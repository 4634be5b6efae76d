"""The client: core, endpoint descriptor, endpoint mixins."""
