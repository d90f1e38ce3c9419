"""Minyi (民意看板): petition, complaint and satisfaction analytics for county governments."""
