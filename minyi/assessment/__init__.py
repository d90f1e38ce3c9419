"""考核: townships, departments and work teams scored from the data by a published rule file.

rules (the TOML rule file, checked before anything is scored), points (how a rate or a vote
becomes points), rates (the rates an item may name, per unit kind) and scoring (items, totals,
等次 and the caps between a team and its 派出单位).
"""
