"""The engine: the only package that imports onnxruntime.

- ``manifest``: model files, their sha256 and metadata, and verification
- ``providers``: execution-provider detection and choice (``--device``)
- ``session``: one thin seam around ``onnxruntime.InferenceSession``
- ``registry``: model modules register themselves here by name
"""
