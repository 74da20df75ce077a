"""mestring: the national platform for learning and mastery services in health."""
