"""The branches pages, split by noun: units, accounts, members, positions, logs and reports."""
