"""Federal law: legal references, dated parameters and the rules of each act."""
