"""Intake (一站式受理): every contact registered once and routed to the office that handles it."""
