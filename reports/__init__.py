"""Renderers of one audit result (the JSON contract object) into JSON, text, JUnit, GitHub and Excel."""
