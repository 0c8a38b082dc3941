"""Mail to people: a transactional outbox filled in the same transaction as the change, drained by a worker."""
