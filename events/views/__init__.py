"""Event pages, split by noun: events, invitations and check-in, surveys, questions, responses,
opinions, themes."""
