"""Shared pieces two or more apps need: page shell, audit helpers, access helpers."""
