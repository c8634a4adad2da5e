"""双公示 (administrative licensing and penalty) review and publication.

Batches of 行政许可/行政处罚 records go through the privacy check (`redaction`), two officers' review
(four eyes), publication to the public listing and a signed export, and leave the listing when their
display period ends, after credit repair, or on an upheld objection. See `states` for the lifecycle.
"""
