"""Matching keeps no tables of its own: enterprises live in `fudao.enterprises`."""
