"""wagtail-social: participation (comments, reactions, polls, contributions) for Wagtail intranets."""
