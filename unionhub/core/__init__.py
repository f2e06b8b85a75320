"""The ground floor: helpers every app uses. It imports no app."""
