"""The pure heart of factcheck-gui: text, sentences, the article model, anchoring.

Nothing in this package imports Qt, requests, or touches files or the network.
"""
