"""The issuance register: every served staff document recorded as it is printed, without a name."""
