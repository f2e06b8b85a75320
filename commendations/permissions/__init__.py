"""Who may see and do what with commendation rounds, criteria, nominations, decisions and awards.

A role on a unit covers the unit and everything below it (branches.permissions.kind_on).
- The unit's secretary (editor or manager covering it) nominates it, fills the scorecard and
  submits it.
- A branch's nomination is then endorsed or returned by a manager of its grassroots union (a role on
  the branch alone does not cover the union above it, so a branch secretary never can).
- District staff approve, reject or return it, keep the criteria and rounds, and issue decisions.

The predicates say who holds the right, never whether the record is in a state to use it now
(draft or submitted, round open or closed): the services check that, and the views combine both
for their buttons. The fetchers (`get_x_for`) answer 404 to a user who may not see the record.
"""
